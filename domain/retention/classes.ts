// Retention classes as data: for each class, what starts its clock, how long the
// data is kept by default, the bounds an organisation may set (or none: the law
// fixes the period), what happens at the end (delete or anonymise) and who
// approves. Pure: the repository (db/repositories/retention.ts) stores the
// organisations' and the platform's choices; the sweep (db/retention/sweepers.ts)
// and the case workflow read the effective period from here.

export const PERIOD_UNITS = ['days', 'months', 'years'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];
export interface Period { value: number; unit: PeriodUnit }

export const SETTABLE_RETENTION_CLASSES = [
  'case_data', 'user_account', 'session', 'mail_log', 'audit_trail', 'dsr_record', 'dsr_export', 'consent_records', 'support_tickets', 'invoices',
] as const;
export type SettableRetentionClass = (typeof SETTABLE_RETENTION_CLASSES)[number];

export type RetentionTrigger =
  | 'relationship_ended' | 'account_closed' | 'session_expired' | 'mail_sent' | 'event_recorded'
  | 'request_closed' | 'export_served' | 'consent_superseded' | 'ticket_closed' | 'financial_year_ended';

export interface RetentionClassRule {
  class: SettableRetentionClass;
  trigger: RetentionTrigger;
  defaultPeriod: Period;
  /** The range an organisation (or the platform) may choose; null when the period is fixed. */
  bounds: { min: Period; max: Period } | null;
  action: 'delete' | 'anonymise';
  /** Who must approve before the data goes; null: the sweep removes it when due. */
  approval: 'org_admin' | null;
  /** The law that fixes or frames the period, when one does. */
  law: string | null;
}

const p = (value: number, unit: PeriodUnit): Period => ({ value, unit });

export const RETENTION_CLASS_RULES: Readonly<Record<SettableRetentionClass, RetentionClassRule>> = {
  case_data: {
    class: 'case_data', trigger: 'relationship_ended', defaultPeriod: p(5, 'years'), bounds: null, action: 'delete', approval: 'org_admin',
    law: 'hvidvaskloven § 30, stk. 1–2: kept five years after the relationship ended, then deleted; longer only under a legal hold',
  },
  user_account: { class: 'user_account', trigger: 'account_closed', defaultPeriod: p(12, 'months'), bounds: { min: p(1, 'months'), max: p(36, 'months') }, action: 'anonymise', approval: null, law: null },
  session: { class: 'session', trigger: 'session_expired', defaultPeriod: p(30, 'days'), bounds: { min: p(7, 'days'), max: p(90, 'days') }, action: 'delete', approval: null, law: null },
  mail_log: { class: 'mail_log', trigger: 'mail_sent', defaultPeriod: p(12, 'months'), bounds: { min: p(1, 'months'), max: p(24, 'months') }, action: 'delete', approval: null, law: null },
  audit_trail: { class: 'audit_trail', trigger: 'event_recorded', defaultPeriod: p(5, 'years'), bounds: { min: p(3, 'years'), max: p(10, 'years') }, action: 'delete', approval: null, law: null },
  dsr_record: { class: 'dsr_record', trigger: 'request_closed', defaultPeriod: p(3, 'years'), bounds: { min: p(1, 'years'), max: p(5, 'years') }, action: 'delete', approval: null, law: null },
  dsr_export: { class: 'dsr_export', trigger: 'export_served', defaultPeriod: p(7, 'days'), bounds: null, action: 'delete', approval: null, law: null },
  consent_records: { class: 'consent_records', trigger: 'consent_superseded', defaultPeriod: p(5, 'years'), bounds: { min: p(1, 'years'), max: p(5, 'years') }, action: 'delete', approval: null, law: null },
  support_tickets: { class: 'support_tickets', trigger: 'ticket_closed', defaultPeriod: p(24, 'months'), bounds: { min: p(6, 'months'), max: p(36, 'months') }, action: 'delete', approval: null, law: null },
  invoices: {
    class: 'invoices', trigger: 'financial_year_ended', defaultPeriod: p(5, 'years'), bounds: null, action: 'delete', approval: null,
    law: 'bogføringsloven § 10: kept five years from the end of the financial year',
  },
};

export const isSettableRetentionClass = (value: string): value is SettableRetentionClass =>
  (SETTABLE_RETENTION_CLASSES as readonly string[]).includes(value);

/** A period's length in days, months counted as 30.44 days: only for comparing periods of different units. */
function approximateDays(period: Period): number {
  return period.unit === 'days' ? period.value : period.unit === 'months' ? period.value * 30.436875 : period.value * 365.2425;
}

/** A Postgres interval literal for the period (`12 months`). */
export const periodInterval = (period: Period): string => `${period.value} ${period.unit}`;

/** The instant a period after `from` ends, calendar-exact for months and years (UTC). */
export function addPeriod(from: Date, period: Period): Date {
  const d = new Date(from.getTime());
  if (period.unit === 'days') d.setUTCDate(d.getUTCDate() + period.value);
  else d.setUTCMonth(d.getUTCMonth() + (period.unit === 'months' ? period.value : period.value * 12));
  return d;
}

/** The instant a period before `to` began: rows whose clock started before it are due. */
export function subtractPeriod(to: Date, period: Period): Date {
  return addPeriod(to, { value: -period.value, unit: period.unit });
}

export type PeriodRefusal =
  | { code: 'fixed_period'; message: string }
  | { code: 'out_of_bounds'; message: string; bounds: { min: Period; max: Period } }
  | { code: 'invalid_period'; message: string };

const describe = (period: Period) => `${period.value} ${period.unit}`;

/** Whether the period may be chosen for the class; the refusal says why. */
export function checkPeriod(cls: SettableRetentionClass, period: Period): PeriodRefusal | null {
  const rule = RETENTION_CLASS_RULES[cls];
  if (!Number.isInteger(period.value) || period.value <= 0 || !(PERIOD_UNITS as readonly string[]).includes(period.unit)) {
    return { code: 'invalid_period', message: 'a period is a whole number of days, months or years, above zero' };
  }
  if (!rule.bounds) {
    return { code: 'fixed_period', message: `the ${cls} period is fixed at ${describe(rule.defaultPeriod)}${rule.law ? ` (${rule.law})` : ''}` };
  }
  const days = approximateDays(period);
  if (days < approximateDays(rule.bounds.min) - 1e-9 || days > approximateDays(rule.bounds.max) + 1e-9) {
    return {
      code: 'out_of_bounds', bounds: rule.bounds,
      message: `the ${cls} period must lie between ${describe(rule.bounds.min)} and ${describe(rule.bounds.max)}`,
    };
  }
  return null;
}
