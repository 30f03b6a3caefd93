import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128000100Foundation } from './Migration20261128000100Foundation';
import { Migration20261128000200Ledger } from './Migration20261128000200Ledger';
import { Migration20261128000300Audit } from './Migration20261128000300Audit';
import { Migration20261128000400Programs } from './Migration20261128000400Programs';
import { Migration20261128000500RuleActivations } from './Migration20261128000500RuleActivations';
import { Migration20261128000600AppRole } from './Migration20261128000600AppRole';
import { Migration20261202000100BankGateway } from './Migration20261202000100BankGateway';
import { Migration20261202000200Consumption } from './Migration20261202000200Consumption';
import { Migration20261202001400KeysAndSecrets } from './Migration20261202001400KeysAndSecrets';
import { Migration20261202002000SafeRollout } from './Migration20261202002000SafeRollout';

/**
 * Every committed migration, in order. Listed (not globbed) so that the same list works from the
 * TypeScript sources under jest and from the compiled `dist/`. The schema is never synced at run
 * time: a change to it is a new migration here.
 */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128000100Foundation', class: Migration20261128000100Foundation },
  { name: 'Migration20261128000200Ledger', class: Migration20261128000200Ledger },
  { name: 'Migration20261128000300Audit', class: Migration20261128000300Audit },
  { name: 'Migration20261128000400Programs', class: Migration20261128000400Programs },
  { name: 'Migration20261128000500RuleActivations', class: Migration20261128000500RuleActivations },
  { name: 'Migration20261128000600AppRole', class: Migration20261128000600AppRole },
  { name: 'Migration20261202000100BankGateway', class: Migration20261202000100BankGateway },
  { name: 'Migration20261202000200Consumption', class: Migration20261202000200Consumption },
  { name: 'Migration20261202001400KeysAndSecrets', class: Migration20261202001400KeysAndSecrets },
  { name: 'Migration20261202002000SafeRollout', class: Migration20261202002000SafeRollout },
];
