import { Entity, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

export const ROLES = ['admin', 'service', 'auditor', 'partner'] as const;
export type Role = (typeof ROLES)[number];

@Entity({ tableName: 'api_keys' })
export class ApiKey {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text', unique: true, hidden: true })
  keyHash: string;

  @Property({ type: 'text' })
  role: Role;

  @Property({ type: 'uuid', nullable: true })
  partnerId?: string;

  @Property({ type: 'text', nullable: true })
  label?: string;

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date;

  @Property({ type: 'timestamptz', nullable: true })
  expiresAt?: Date;

  constructor(keyHash: string, role: Role, partnerId?: string) {
    this.keyHash = keyHash;
    this.role = role;
    this.partnerId = partnerId;
  }
}
