// Dates and times as Danish users read them: 24.11.2026 and 24.11.2026 14:05,
// always in Europe/Copenhagen, in both UI languages.
const TIME_ZONE = 'Europe/Copenhagen';

const dateParts = new Intl.DateTimeFormat('da-DK', {
	timeZone: TIME_ZONE,
	day: '2-digit',
	month: '2-digit',
	year: 'numeric'
});
const timeParts = new Intl.DateTimeFormat('da-DK', {
	timeZone: TIME_ZONE,
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23'
});

function toDate(value: string | Date | null | undefined): Date | null {
	if (value === null || value === undefined || value === '') return null;
	const date = value instanceof Date ? value : new Date(value);
	return Number.isNaN(date.getTime()) ? null : date;
}

function part(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string {
	return parts.find((p) => p.type === type)?.value ?? '';
}

/** `24.11.2026`, or '' when there is no (valid) date. */
export function formatDate(value: string | Date | null | undefined): string {
	const date = toDate(value);
	if (!date) return '';
	const parts = dateParts.formatToParts(date);
	return `${part(parts, 'day')}.${part(parts, 'month')}.${part(parts, 'year')}`;
}

/** `24.11.2026 14:05` (Copenhagen time). */
export function formatDateTime(value: string | Date | null | undefined): string {
	const date = toDate(value);
	if (!date) return '';
	const parts = timeParts.formatToParts(date);
	return `${formatDate(date)} ${part(parts, 'hour')}:${part(parts, 'minute')}`;
}

/** The machine-readable value for a <time datetime> attribute. */
export function isoDateTime(value: string | Date | null | undefined): string {
	return toDate(value)?.toISOString() ?? '';
}

/** True when the due date has passed (a case past its deadline). */
export function isPast(value: string | null | undefined, now: Date = new Date()): boolean {
	const date = toDate(value);
	return date !== null && date.getTime() < now.getTime();
}
