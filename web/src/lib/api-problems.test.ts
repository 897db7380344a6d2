// The API's refusals become problem keys the catalogues translate: every error code the
// API can send, and every refusal text of the case workflow, is known here, so no page
// falls back to the API's English. Run: node_modules/.bin/node --import tsx web/src/lib/api-problems.test.ts
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { API_ERROR_CODES, BLOCKING_CODES, classifyApiError } from './api-problems.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (path: string) => readFileSync(join(repo, path), 'utf8');

test('the web knows every error code of api/errors.ts', () => {
	const union = /export type ErrorCode =([^;]+);/.exec(read('api/errors.ts'))?.[1] ?? '';
	const codes = [...union.matchAll(/'([a-z_]+)'/g)].map((x) => x[1]!);
	assert.ok(codes.length > 5, 'ErrorCode not found in api/errors.ts');
	assert.equal([...API_ERROR_CODES].sort(), codes.sort());
});

test('every refusal text of the case workflow is recognised (none would show as a bare code)', () => {
	const sources = [read('domain/kyc/case.ts'), read('temporal/client/kyc-case.ts'), read('api/routes/case-inbox.ts'), read('workflows/kyc-case.ts'), read('api/routes/case-file.ts'), read('api/routes/cases.ts')];
	const texts: string[] = [];
	for (const source of sources) {
		for (const x of source.matchAll(/(?:new (?:CaseTransitionError|ApiError\(409, 'conflict',)|const CLOSED =)\s*\(?\s*(?:[^'`(]*\?\s*)?(['`])((?:\\.|(?!\1).)*)\1(?:\s*:\s*(['`])((?:\\.|(?!\3).)*)\3)?/g)) {
			for (const t of [x[2], x[4]]) if (t) texts.push(t.replace(/\$\{[^}]*\}/g, '2').replace(/\\(.)/g, '$1'));
		}
	}
	assert.ok(texts.some((t) => /case file is incomplete/.test(t)) && texts.some((t) => /confirmed sanctions match/.test(t)), 'the case file gate refusals were not found');
	assert.ok(texts.length >= 18, `found only ${texts.length} refusal texts`);
	// Conflicts of other parts of the API (saved views, users) are not the case workflow's: they use the code's message.
	const unrelated = /view|saved views/;
	// The case file's gate refusals arrive with codes of their own (`incomplete`, `sanctions_match`), not as conflicts.
	const coded = /case file is incomplete|confirmed sanctions match/;
	const unknown = texts.filter((t) => !unrelated.test(t) && !coded.test(t)).filter((t) => classifyApiError(409, { code: 'conflict', message: t }).problem?.kind !== 'refusal');
	assert.equal(unknown, []);
	assert.equal(classifyApiError(409, { code: 'incomplete', message: texts.find((t) => /incomplete/.test(t)) ?? 'the case file is incomplete' }).problem, { kind: 'code', code: 'incomplete' });
	assert.equal(classifyApiError(409, { code: 'sanctions_match', message: texts.find((t) => /sanctions match/.test(t)) ?? 'sanctions' }).problem, { kind: 'code', code: 'sanctions_match' });
});

test('a refusal with a count or a step keeps it as a parameter', () => {
	assert.equal(classifyApiError(409, { code: 'conflict', message: '2 screening hit(s) are still unresolved' }).problem, { kind: 'refusal', refusal: 'hits_open', count: '2' });
	assert.equal(classifyApiError(409, { code: 'conflict', message: 'the case is not at step risk' }).problem, { kind: 'refusal', refusal: 'wrong_step', step: 'risk' });
	assert.equal(classifyApiError(409, { code: 'conflict', message: 'the measures continue at least 12 months after leaving office: not before 2027-03-01' }).problem, { kind: 'refusal', refusal: 'pep_too_early', date: '2027-03-01' });
	assert.equal(classifyApiError(409, { code: 'stale_version', message: 'the report has changed since you opened it; reload' }).problem, { kind: 'refusal', refusal: 'report_changed' });
});

test('field errors go next to the fields the form shows; others make a form message', () => {
	const dismissal = classifyApiError(400, { code: 'validation_failed', message: 'The request is not valid', fields: [{ path: 'reason', message: 'A dismissal needs a reason' }] }, ['reason', 'decision']);
	assert.equal(dismissal, { problem: null, fields: { reason: 'reason' } });
	const person = classifyApiError(400, { code: 'validation_failed', message: 'x', fields: [
		{ path: 'client.birthDate', message: 'Invalid ISO date' }, { path: 'client.country', message: 'an ISO 3166 two-letter country code' }, { path: 'client.name', message: 'Too small: expected string to have >=1 characters' }
	] }, ['name', 'birthDate', 'country']);
	assert.equal(person.fields, { birthDate: 'date', country: 'country', name: 'required' });
	assert.is(person.problem, null);
	const elsewhere = classifyApiError(400, { code: 'validation_failed', message: 'x', fields: [{ path: 'reportVersion', message: 'bad' }] }, ['comment']);
	assert.equal(elsewhere, { problem: { kind: 'code', code: 'validation_failed' }, fields: {} });
	assert.equal(classifyApiError(400, { code: 'validation_failed', message: 'x', fields: [{ path: 'comment', message: 'Too big: expected string to have <=4000 characters' }] }, ['comment']).fields, { comment: 'too_long' });
});

test('an unknown code falls back by status, never to the English message', () => {
	assert.equal(classifyApiError(502, { code: 'teapot', message: 'I am a teapot' }).problem, { kind: 'code', code: 'internal' });
	assert.equal(classifyApiError(418, { code: 'teapot', message: 'I am a teapot' }).problem, { kind: 'code', code: 'error' });
	assert.equal(classifyApiError(403, { code: 'forbidden', message: 'Your role does not allow this' }).problem, { kind: 'code', code: 'forbidden' });
});

test('the case file: every blocking reason code of the contract has a sentence, and its refusals have their messages', () => {
	// docs/case-file.md lists the codes of `blockingReasons` in the API contract.
	const contract = read('docs/case-file.md');
	const list = /`blockingReasons`:[\s\S]*?Codes:([\s\S]*?)\n- `authorityReports`/.exec(contract)?.[1] ?? '';
	const codes = [...new Set([...list.matchAll(/`([a-z_]+)`/g)].map((x) => x[1]!))];
	assert.ok(codes.length >= 10, `found only ${codes.length} blocking reason codes in docs/case-file.md`);
	assert.equal(codes.filter((c) => !(BLOCKING_CODES as readonly string[]).includes(c)), []);
	// …and so does every code the rules can give (domain/kyc/case-file.ts), the contract's and any added since.
	const rules = /export const BLOCKING_CODES = \[([^\]]+)\]/.exec(read('domain/kyc/case-file.ts'))?.[1] ?? '';
	const ruleCodes = [...rules.matchAll(/'([a-z_]+)'/g)].map((x) => x[1]!);
	assert.ok(ruleCodes.length >= 10, 'BLOCKING_CODES not found in domain/kyc/case-file.ts');
	assert.equal([...BLOCKING_CODES].sort(), ruleCodes.sort());
	// The workflow's refusals: a blocking reason stands, or a confirmed sanctions hit.
	for (const code of ['incomplete', 'sanctions_match']) {
		assert.ok((API_ERROR_CODES as readonly string[]).includes(code), code);
		assert.equal(classifyApiError(409, { code, message: 'the case file is incomplete' }).problem, { kind: 'code', code });
	}
});

test("the case file's forms: a placeholder, a CPR number and a choice are told apart by field", () => {
	const section = classifyApiError(400, { code: 'validation_failed', message: 'x', fields: [{ path: 'text', message: 'the text still contains a placeholder: [accept / not accept]' }] }, ['text']);
	assert.equal(section, { problem: null, fields: { text: 'placeholder' } });
	const party = classifyApiError(400, { code: 'validation_failed', message: 'x', fields: [
		{ path: 'cpr', message: 'not a valid CPR number' }, { path: 'nationality', message: 'an ISO 3166 two-letter country code' }, { path: 'roles', message: 'Too small: expected array to have >=1 items' }
	] }, ['cpr', 'nationality', 'roles']);
	assert.equal(party.fields, { cpr: 'cpr', nationality: 'country', roles: 'choose' });
	assert.equal(classifyApiError(400, { code: 'validation_failed', message: 'x', fields: [{ path: 'cpr', message: 'your organisation does not record CPR numbers' }] }, ['cpr']).fields, { cpr: 'not_allowed' });
	assert.equal(classifyApiError(400, { code: 'validation_failed', message: 'x', fields: [{ path: 'cpr', message: "the CPR number's date part does not match the birth date" }] }, ['cpr']).fields, { cpr: 'cpr_birth_date' });
	assert.equal(classifyApiError(400, { code: 'validation_failed', message: 'x', fields: [{ path: 'note', message: 'write what raised the suspicion' }] }, ['note']).fields, { note: 'describe' });
	assert.equal(classifyApiError(400, { code: 'validation_failed', message: 'x', fields: [{ path: 'description', message: 'describe the reliable, independent source' }] }, ['description']).fields, { description: 'describe' });
	assert.equal(classifyApiError(400, { code: 'validation_failed', message: 'x', fields: [{ path: 'reason', message: 'write the reason for declining' }] }, ['reason']).fields, { reason: 'reason' });
	const identity = classifyApiError(400, { code: 'validation_failed', message: 'x', fields: [{ path: 'documentId', message: 'not a document of this case' }, { path: 'description', message: 'Too small: expected string to have >=1 characters' }] }, ['method', 'documentId', 'description']);
	assert.equal(identity.fields, { documentId: 'choose', description: 'required' });
	assert.equal(classifyApiError(400, { code: 'validation_failed', message: 'x', fields: [{ path: 'reportedAt', message: 'Invalid ISO date' }] }, ['reportedAt']).fields, { reportedAt: 'date' });
});

test.run();
