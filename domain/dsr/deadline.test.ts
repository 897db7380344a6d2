import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  addCalendarMonths, copenhagenDate, daysLeft, deadlineAlarms, extend, extendedDeadline, ExtensionRefusedError,
  responseDeadline, startOfCopenhagenDay,
} from './deadline.ts';

const at = (iso: string) => new Date(iso);

test('one calendar month: same date next month, ending at Copenhagen midnight', () => {
  const d = responseDeadline(at('2027-03-10T09:00:00Z'));
  assert.is(d.dueDate, '2027-04-10');
  // 10 April is summer time (UTC+2): the day ends at 21:59:59.999 UTC.
  assert.is(d.dueAt.toISOString(), '2027-04-10T21:59:59.999Z');
  const winter = responseDeadline(at('2027-11-05T12:00:00Z'));
  assert.is(winter.dueDate, '2027-12-05');
  assert.is(winter.dueAt.toISOString(), '2027-12-05T22:59:59.999Z');
});

test('month ends: 31 January gives the end of February, 31 March gives 30 April', () => {
  assert.is(responseDeadline(at('2027-01-31T10:00:00Z')).dueDate, '2027-02-28');
  assert.is(responseDeadline(at('2027-03-31T10:00:00Z')).dueDate, '2027-04-30');
  assert.is(responseDeadline(at('2027-08-31T10:00:00Z')).dueDate, '2027-09-30');
  assert.is(responseDeadline(at('2027-12-31T10:00:00Z')).dueDate, '2028-01-31', 'across the year end');
  assert.is(responseDeadline(at('2027-01-30T10:00:00Z')).dueDate, '2027-02-28');
  assert.is(responseDeadline(at('2027-02-28T10:00:00Z')).dueDate, '2027-03-28', 'a short month does not shorten the next');
});

test('leap years: 29 February exists in 2028, not in 2100; 29 February + 1 month is 29 March', () => {
  assert.is(responseDeadline(at('2028-01-31T10:00:00Z')).dueDate, '2028-02-29');
  assert.is(responseDeadline(at('2028-01-29T10:00:00Z')).dueDate, '2028-02-29');
  assert.is(responseDeadline(at('2100-01-31T10:00:00Z')).dueDate, '2100-02-28');
  assert.is(responseDeadline(at('2000-01-31T10:00:00Z')).dueDate, '2000-02-29');
  assert.is(responseDeadline(at('2028-02-29T10:00:00Z')).dueDate, '2028-03-29');
  assert.is(extendedDeadline(at('2027-11-30T10:00:00Z')).dueDate, '2028-02-29', 'the extension clamps too');
});

test('receipt just before and after midnight counts by the Copenhagen date, not the UTC date', () => {
  // 31 January 23:59:30 in Copenhagen (UTC+1) is still 31 January: due end of February.
  assert.is(responseDeadline(at('2027-01-31T22:59:30Z')).dueDate, '2027-02-28');
  // 30 minutes later it is 1 February in Copenhagen while UTC still says 31 January.
  assert.is(responseDeadline(at('2027-01-31T23:30:00Z')).dueDate, '2027-03-01');
  // Summer time (UTC+2): 22:30 UTC on 31 March is already 1 April in Copenhagen.
  assert.is(responseDeadline(at('2027-03-31T22:30:00Z')).dueDate, '2027-05-01');
  assert.is(responseDeadline(at('2027-03-31T21:59:59Z')).dueDate, '2027-04-30');
  assert.equal(copenhagenDate(at('2027-06-30T22:00:00Z')), { year: 2027, month: 7, day: 1 });
});

test('DST changes: the due day ends at the right UTC instant on both sides of the change', () => {
  // Received in winter time, due in summer time (DST starts 28 March 2027).
  const spring = responseDeadline(at('2027-02-28T12:00:00Z'));
  assert.is(spring.dueDate, '2027-03-28');
  assert.is(spring.dueAt.toISOString(), '2027-03-28T21:59:59.999Z', '28 March ends in summer time');
  // The day before the change still ends in winter time.
  assert.is(responseDeadline(at('2027-02-27T12:00:00Z')).dueAt.toISOString(), '2027-03-27T22:59:59.999Z');
  // Received in summer time, due on the day DST ends (31 October 2027): that day has 25 hours.
  const autumn = responseDeadline(at('2027-09-30T12:00:00Z'));
  assert.is(autumn.dueDate, '2027-10-30');
  assert.is(autumn.dueAt.toISOString(), '2027-10-30T21:59:59.999Z');
  assert.is(extendedDeadline(at('2027-07-31T10:00:00Z')).dueAt.toISOString(), '2027-10-31T22:59:59.999Z', '31 October, the 25-hour day, ends in winter time');
  assert.is(responseDeadline(at('2027-09-30T22:30:00Z')).dueDate, '2027-11-01', 'received 1 Oct 00:30 local');
  // Received on the night of the change itself.
  assert.is(responseDeadline(at('2027-03-28T01:30:00Z')).dueDate, '2027-04-28');
  assert.is(startOfCopenhagenDay({ year: 2027, month: 3, day: 28 }).toISOString(), '2027-03-27T23:00:00.000Z');
  assert.is(startOfCopenhagenDay({ year: 2027, month: 10, day: 31 }).toISOString(), '2027-10-30T22:00:00.000Z');
});

test('extension: once, by two further months, only before the first month ends', () => {
  const received = at('2027-01-31T10:00:00Z');
  const first = responseDeadline(received);
  const extended = extend(received, false, at('2027-02-20T10:00:00Z'));
  assert.is(extended.dueDate, '2027-04-30');
  assert.ok(extend(received, false, first.dueAt), 'the last instant of the first month still counts');
  assert.throws(() => extend(received, true, at('2027-02-01T10:00:00Z')), (e: unknown) => e instanceof ExtensionRefusedError && /already/.test(e.message));
  assert.throws(() => extend(received, false, new Date(first.dueAt.getTime() + 1)), (e: unknown) => e instanceof ExtensionRefusedError && /first month/.test(e.message));
});

test('alarms: reminders before the deadline, latest last, overdue just after it', () => {
  const dueAt = at('2027-04-10T21:59:59.999Z');
  const alarms = deadlineAlarms(dueAt, [86_400_000, 7 * 86_400_000, 86_400_000, 0, -5]);
  assert.equal(alarms.reminders.map((d) => d.toISOString()), ['2027-04-03T21:59:59.999Z', '2027-04-09T21:59:59.999Z']);
  assert.is(alarms.overdueAt.toISOString(), '2027-04-10T22:00:00.000Z');
  assert.is(daysLeft(dueAt, at('2027-04-01T21:59:59.999Z')), 9);
  assert.is(daysLeft(dueAt, at('2027-04-10T23:00:00Z')), -1);
});

test('calendar month arithmetic and invalid input', () => {
  assert.equal(addCalendarMonths({ year: 2027, month: 11, day: 30 }, 3), { year: 2028, month: 2, day: 29 });
  assert.equal(addCalendarMonths({ year: 2027, month: 12, day: 15 }, 1), { year: 2028, month: 1, day: 15 });
  assert.throws(() => responseDeadline(new Date('not a date')), RangeError);
});

test.run();
