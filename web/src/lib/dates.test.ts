// Dates in the UI: 24.11.2026, Copenhagen time, whatever the server's time zone.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDate, formatDateTime, isPast } from './dates.ts';

test('a date is day.month.year with leading zeros', () => {
	assert.is(formatDate('2026-11-24T10:00:00Z'), '24.11.2026');
	assert.is(formatDate('2026-03-05T10:00:00Z'), '05.03.2026');
});

test('the day is the day in Copenhagen, not in UTC', () => {
	// 23:30 UTC on 24 November is 00:30 on 25 November in Copenhagen (CET, UTC+1).
	assert.is(formatDate('2026-11-24T23:30:00Z'), '25.11.2026');
	// Summer time (CEST, UTC+2).
	assert.is(formatDateTime('2026-06-30T22:15:00Z'), '01.07.2026 00:15');
});

test('a time is 24-hour Copenhagen time', () => {
	assert.is(formatDateTime('2026-11-24T13:05:00Z'), '24.11.2026 14:05');
});

test('missing or broken dates give an empty string', () => {
	assert.is(formatDate(null), '');
	assert.is(formatDate(undefined), '');
	assert.is(formatDate('not a date'), '');
	assert.is(formatDateTime(''), '');
});

test('isPast compares with now', () => {
	const now = new Date('2026-11-24T12:00:00Z');
	assert.ok(isPast('2026-11-24T11:59:59Z', now));
	assert.not.ok(isPast('2026-11-24T12:00:01Z', now));
	assert.not.ok(isPast(null, now));
});

test.run();
