import { Migration } from '@mikro-orm/migrations';

/**
 * Consumption reports (issue 17): an order may name the customer's sub-user account (子用户) that
 * placed it, and a partner's detail records are read by keyset on (partner at purchase, time, id).
 */
export class Migration20261202000200Consumption extends Migration {
  override up(): void {
    this.addSql(`
      alter table orders add column sub_user text null check (char_length(sub_user) between 1 and 64);
      create index orders_partner_created on orders (partner_id, created_at, id) where partner_id is not null;
    `);
  }

  override down(): void {
    this.addSql(`drop index if exists orders_partner_created; alter table orders drop column if exists sub_user;`);
  }
}
