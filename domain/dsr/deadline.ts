// Deadlines of a data-subject request (GDPR Art. 12(3)): one calendar month from
// receipt, counted in Europe/Copenhagen, extendable once by two further months.
// Periods follow Regulation 1182/71 Art. 3: the period ends with the last hour of
// the day in the last month with the same date as the day of receipt, or of that
// month's last day when it has no such date (31 January → 28/29 February).
// Pure: the clock and the receipt instant are passed in. Uses Intl only.
// Not modelled (yet): Art. 3(4)'s move of a deadline that falls on a Saturday,
// Sunday or public holiday to the next working day; the earlier date is the safe side.
import { DomainRefusal } from '../refusal.ts';

export const DSR_TIME_ZONE = 'Europe/Copenhagen';
export const FIRST_PERIOD_MONTHS = 1;
export const EXTENSION_MONTHS = 2;

export interface LocalDate { year: number; month: number; day: number }

const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: DSR_TIME_ZONE,
  year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

function localParts(instant: Date): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** The calendar date in Copenhagen at an instant. */
export function copenhagenDate(instant: Date): LocalDate {
  const { year, month, day } = localParts(instant);
  return { year, month, day };
}

/** Offset of Copenhagen from UTC (ms) at an instant: +1 h in winter, +2 h in summer. */
function offsetAt(instant: Date): number {
  const p = localParts(instant);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant local midnight starts a Copenhagen date (DST changes happen at 02:00/03:00, never at midnight). */
export function startOfCopenhagenDay(date: LocalDate): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day);
  let guess = wall - offsetAt(new Date(wall));
  guess = wall - offsetAt(new Date(guess));
  return new Date(guess);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The same date `months` later, or the last day of that month when it has no such date. */
export function addCalendarMonths(date: LocalDate, months: number): LocalDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

function nextDay(date: LocalDate): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export const formatLocalDate = (d: LocalDate): string =>
  `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

export interface Deadline {
  /** The last day (Copenhagen) on which the answer is in time, YYYY-MM-DD. */
  dueDate: string;
  /** The last instant of that day: the answer must be sent at or before it. */
  dueAt: Date;
}

function deadlineAfter(receivedAt: Date, months: number): Deadline {
  if (Number.isNaN(receivedAt.getTime())) throw new RangeError('receivedAt is not a valid instant');
  const due = addCalendarMonths(copenhagenDate(receivedAt), months);
  return { dueDate: formatLocalDate(due), dueAt: new Date(startOfCopenhagenDay(nextDay(due)).getTime() - 1) };
}

/** One calendar month from receipt. */
export function responseDeadline(receivedAt: Date): Deadline {
  return deadlineAfter(receivedAt, FIRST_PERIOD_MONTHS);
}

/** The deadline after the one extension: two further months, counted from receipt. */
export function extendedDeadline(receivedAt: Date): Deadline {
  return deadlineAfter(receivedAt, FIRST_PERIOD_MONTHS + EXTENSION_MONTHS);
}

export class ExtensionRefusedError extends DomainRefusal {
  override name = 'ExtensionRefusedError';
}

/**
 * The deadline once extended. Refused when already extended, or when the first
 * month has ended: the reasons must reach the requester within the first month.
 */
export function extend(receivedAt: Date, alreadyExtended: boolean, now: Date): Deadline {
  if (alreadyExtended) throw new ExtensionRefusedError('the request has already been extended once');
  if (now.getTime() > responseDeadline(receivedAt).dueAt.getTime()) {
    throw new ExtensionRefusedError('the first month has ended; an extension can no longer be given');
  }
  return extendedDeadline(receivedAt);
}

/** When to remind staff and when the request is overdue, for a due instant and reminder leads (ms before it). */
export interface DeadlineAlarms { reminders: Date[]; overdueAt: Date }

export function deadlineAlarms(dueAt: Date, reminderLeadsMs: readonly number[]): DeadlineAlarms {
  const reminders = [...new Set(reminderLeadsMs.filter((lead) => lead > 0))]
    .sort((a, b) => b - a)
    .map((lead) => new Date(dueAt.getTime() - lead));
  return { reminders, overdueAt: new Date(dueAt.getTime() + 1) };
}

/** Whole days left until a deadline (negative once overdue), for countdowns. */
export function daysLeft(dueAt: Date, now: Date): number {
  const ms = dueAt.getTime() - now.getTime();
  return ms >= 0 ? Math.floor(ms / 86_400_000) : -Math.ceil(-ms / 86_400_000);
}
