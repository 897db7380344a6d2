// Where to send the browser back to after a form (language switch, login): only a
// path on this site, so a crafted link can never bounce the user to another origin.

export function safeRedirectTarget(value: unknown, fallback = '/'): string {
	const target = typeof value === 'string' ? value : '';
	// "/x" but never "//host" or "/\host", which browsers treat as another origin.
	return /^\/(?![/\\])/.test(target) && !/[\r\n]/.test(target) ? target : fallback;
}
