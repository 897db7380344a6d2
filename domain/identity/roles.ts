// Roles and what each may do. The permission matrix is data: one middleware in
// api/ enforces it, and the web app reads the same names to hide what a role cannot do.
import { z } from 'zod';

export const ORG_ROLES = ['org_admin', 'handler', 'reviewer', 'compliance_officer'] as const;
export const STAFF_ROLES = ['platform_admin', 'privacy_officer'] as const;
export const ROLES = [...ORG_ROLES, ...STAFF_ROLES] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const PERMISSIONS = {
  'cases.read': ['handler', 'reviewer', 'compliance_officer', 'org_admin'],
  'cases.create': ['handler', 'org_admin'],
  'cases.work': ['handler'],
  'cases.decide': ['reviewer', 'compliance_officer'],
  'cases.assign': ['handler', 'org_admin'],
  'cases.note': ['handler', 'reviewer', 'compliance_officer'],
  /** Raise a suspicion (§ 25); who then reads it is narrower: compliance officers and the raiser. */
  'cases.investigate': ['handler', 'reviewer', 'compliance_officer'],
  'organisation.settings': ['org_admin'],
  'temporal.codec': ['platform_admin'],
  'dsr.manage': ['privacy_officer', 'platform_admin'],
  'dsr.forwarded': ['org_admin'],
  'holds.manage': ['compliance_officer', 'privacy_officer'],
  'users.manage': ['org_admin'],
  'tokens.manage': ['org_admin'],
  'audit.read': ['org_admin', 'compliance_officer'],
  'dev.outbox': ['platform_admin'],
  /** The workflow console: org admins their organisation's workflows, platform admins all. */
  'workflows.read': ['org_admin', 'platform_admin'],
  /** Cancel, terminate, reset, resend a signal, and Schedules: Clientnote's platform staff only. */
  'workflows.operate': ['platform_admin'],
  /** Retention classes and upcoming purges: org admins and compliance officers their organisation's, platform admins the platform's. */
  'retention.read': ['org_admin', 'compliance_officer', 'platform_admin'],
  /** Set retention periods within their bounds. */
  'retention.manage': ['org_admin', 'platform_admin'],
  /** Approve the purge of a case whose retention has ended. */
  'retention.approve': ['org_admin'],
  /** Start the retention sweep (or a dry run) and read its certificates. */
  'retention.sweep': ['platform_admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}
