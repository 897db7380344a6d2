// The Danish and English catalogues must match: every key in both languages, no
// empty message, the same {placeholders}, and every m.key used in the code defined.
// Run: node_modules/.bin/node --import tsx web/src/lib/i18n.test.ts (from the repository root).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LOCALES = ['da', 'en'] as const;

type Catalogue = Record<string, unknown>;

function loadCatalogue(locale: string): Catalogue {
	return JSON.parse(readFileSync(join(webDir, 'messages', `${locale}.json`), 'utf8')) as Catalogue;
}

function messageKeys(catalogue: Catalogue): string[] {
	return Object.keys(catalogue).filter((key) => key !== '$schema');
}

/** Problems between two catalogues, one readable line each (empty when they agree). */
function catalogueProblems(catalogues: Record<string, Catalogue>): string[] {
	const problems: string[] = [];
	const locales = Object.keys(catalogues);
	const allKeys = new Set(locales.flatMap((locale) => messageKeys(catalogues[locale]!)));
	for (const key of [...allKeys].sort()) {
		const placeholders = new Map<string, string>();
		for (const locale of locales) {
			const value = catalogues[locale]![key];
			if (!(key in catalogues[locale]!)) {
				problems.push(`${key}: missing in ${locale}`);
				continue;
			}
			const texts = typeof value === 'string' ? [value] : Array.isArray(value) ? value.map((v) => JSON.stringify(v)) : [];
			if (texts.length === 0 || texts.some((text) => text.trim() === '')) {
				problems.push(`${key}: empty in ${locale}`);
				continue;
			}
			placeholders.set(locale, [...new Set(texts.join(' ').match(/\{[A-Za-z0-9_]+\}/g) ?? [])].sort().join(','));
		}
		if (new Set(placeholders.values()).size > 1) {
			problems.push(`${key}: placeholders differ (${[...placeholders].map(([l, p]) => `${l}: ${p || 'none'}`).join('; ')})`);
		}
	}
	return problems;
}

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return name === 'paraglide' ? [] : sourceFiles(path);
		return /\.(svelte|ts)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
	});
}

test('the checker catches a missing key, an empty message and a changed placeholder', () => {
	const problems = catalogueProblems({
		da: { only_da: 'Hej', empty: ' ', greeting: 'Hej {name}' },
		en: { empty: 'Empty', greeting: 'Hello {user}' }
	});
	assert.equal(problems, [
		'empty: empty in da',
		'greeting: placeholders differ (da: {name}; en: {user})',
		'only_da: missing in en'
	]);
});

test('Danish and English have the same keys, no empty message and the same placeholders', () => {
	const catalogues = Object.fromEntries(LOCALES.map((locale) => [locale, loadCatalogue(locale)]));
	assert.ok(messageKeys(catalogues.da!).length > 0, 'no messages at all');
	assert.equal(catalogueProblems(catalogues), []);
});

test('every message the code uses or names exists (calls and references such as label tables)', () => {
	const keys = new Set(messageKeys(loadCatalogue('da')));
	const missing: string[] = [];
	for (const file of sourceFiles(join(webDir, 'src'))) {
		for (const match of readFileSync(file, 'utf8').matchAll(/(?<![\w.$])m\.([A-Za-z0-9_]+)\b/g)) {
			if (!keys.has(match[1]!)) missing.push(`${relative(webDir, file)}: m.${match[1]}`);
		}
	}
	assert.equal(missing, []);
});

test('the inlang project is offline: the message-format plugin is a local file', () => {
	const projectDir = join(webDir, 'project.inlang');
	const settings = JSON.parse(readFileSync(join(projectDir, 'settings.json'), 'utf8')) as {
		baseLocale: string;
		locales: string[];
		modules: string[];
	};
	assert.is(settings.baseLocale, 'da');
	assert.equal([...settings.locales].sort(), [...LOCALES].sort());
	for (const module of settings.modules) {
		assert.not.ok(/^https?:/.test(module), `${module} would be fetched from the internet`);
		// Relative module paths resolve from the folder that holds project.inlang.
		assert.ok(existsSync(resolve(dirname(projectDir), module)), `${module} does not exist (npm ci not run?)`);
	}
});

test.run();
