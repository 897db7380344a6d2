// The risk panel's reasons and the report drafts' provenance, in both languages.
// Run: node_modules/.bin/node --import tsx web/src/lib/kyc-case.test.ts (after the Paraglide compile of `npm run check -w web`).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { overwriteGetLocale } from './paraglide/runtime.js';
import { draftFallbackText, pepClearableFrom, riskReasonText } from './kyc-case.ts';

let locale: 'da' | 'en' = 'da';
overwriteGetLocale(() => locale);
const reason = (factor: string, detail: string, score = 0) => riskReasonText({ factor, detail, score });

test('adverse media not performed says so, never "no adverse media"', () => {
	locale = 'da';
	const da = reason('adverse_media', 'adverse media not performed');
	assert.match(da, /ikke udført/i);
	assert.not.match(da, /Ingen negativ omtale/);
	assert.is(reason('adverse_media', 'no adverse media'), 'Ingen negativ omtale');
	assert.is(reason('adverse_media', 'confirmed adverse media', 1), 'Bekræftet negativ omtale');
	locale = 'en';
	assert.match(reason('adverse_media', 'adverse media not performed'), /not performed/i);
	assert.is(reason('adverse_media', 'no adverse media'), 'No adverse media');
});

test('an unanswered product or delivery channel says "not answered", not "standard" or "in person"', () => {
	locale = 'da';
	assert.match(reason('product', 'product not answered'), /ikke besvaret/i);
	assert.match(reason('delivery_channel', 'delivery channel not answered'), /ikke besvaret/i);
	assert.is(reason('product', 'standard product'), 'Standardprodukt');
	assert.is(reason('product', 'high-risk product', 1), 'Højrisikoprodukt');
	assert.is(reason('delivery_channel', 'in person'), 'Kunden er mødt personligt');
	assert.is(reason('delivery_channel', 'remote onboarding', 1), 'Kunden er etableret på afstand');
	locale = 'en';
	assert.match(reason('product', 'product not answered'), /not answered/i);
	assert.match(reason('delivery_channel', 'delivery channel not answered'), /not answered/i);
});

test('every fallback code of an AI draft has its own sentence in both languages', () => {
	const codes = ['uncited_sentence', 'unknown_evidence', 'not_json', 'no_sentences', 'AiMisconfigured', 'Ai_rate_limited', 'Ai_server_error', 'Ai_timeout', 'Ai_bad_response', 'Ai_unreachable', 'timeout', 'failed'];
	for (const l of ['da', 'en'] as const) {
		locale = l;
		const other = draftFallbackText('something_new');
		for (const code of codes) {
			const text = draftFallbackText(code);
			assert.is.not(text, other, `${l}: ${code} falls back to the generic sentence`);
			assert.not.match(text, new RegExp(code), `${l}: ${code} shows the code`);
		}
	}
	locale = 'da';
	assert.match(draftFallbackText('uncited_sentence'), /^AI-udkastet blev ikke brugt: /);
});

test('a former PEP can be cleared 12 months after leaving office', () => {
	assert.equal([pepClearableFrom('2025-06-30'), pepClearableFrom('2024-02-29'), pepClearableFrom('2025-12-31')], ['2026-06-30', '2025-03-01', '2026-12-31']);
});

test.run();
