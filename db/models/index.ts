// One class per table the repositories read through objection.
import { BaseModel } from './base.ts';

export class Organisation extends BaseModel {
  static override tableName = 'organisations';
  id!: string;
  name!: string;
  cvr!: string | null;
  locale!: string;
  createdAt!: Date;
}

export class User extends BaseModel {
  static override tableName = 'users';
  id!: string;
  orgId!: string | null;
  email!: string;
  name!: string;
  passwordHash!: string | null;
  locale!: string;
  active!: boolean;
  createdAt!: Date;
}

export class Session extends BaseModel {
  static override tableName = 'sessions';
  id!: string;
  userId!: string;
  tokenHash!: Buffer;
  csrfToken!: string;
  createdAt!: Date;
  lastSeenAt!: Date;
  expiresAt!: Date;
}

export class CaseEvent extends BaseModel {
  static override tableName = 'case_events';
  id!: string;
  orgId!: string;
  caseId!: string;
  kind!: string;
  idempotencyKey!: string;
  createdAt!: Date;
}

export class KycCase extends BaseModel {
  static override tableName = 'cases';
  id!: string;
  orgId!: string;
  type!: string;
  status!: string;
  step!: string | null;
  clientKind!: string;
  clientName!: string | null;
  clientCvr!: string | null;
  assigneeId!: string | null;
  createdBy!: string | null;
  dueAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
}
