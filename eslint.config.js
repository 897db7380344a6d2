// ESLint (flat config). Two rules from the Temporal samples matter most:
// no Node built-ins in workflow files, and no floating promises anywhere.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

// knex maps identifiers to snake_case, but pluck reads the camelCased row by the name it was given:
// pluck('scopeKey') yields undefined for every row (a legal hold on a case was missed that way).
const pluckCamelCase = {
  selector: "CallExpression[callee.property.name='pluck'] > Literal[value=/[A-Z]/]",
  message: "pluck takes the column's snake_case name (pluck('scope_key')); a camelCase name yields undefined.",
};

// Queries are built in db/ (repositories) and the screening list store only. Routes and
// activities call repository methods that say what they read or write; they may open a
// transaction (knex.transaction) and hand it to repositories, but never build a query.
const QUERY_HOME = 'Queries live in db/repositories: call (or add) a repository method whose name says what it reads or writes, taking the orgId for tenant-owned tables.';
const noQueriesHere = [
  { selector: "CallExpression[callee.type='Identifier'][callee.name=/^(knex|trx|tx)$/]", message: QUERY_HOME },
  { selector: "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(knex|trx)$/]", message: QUERY_HOME },
  { selector: "MemberExpression[object.type='Identifier'][object.name=/^(knex|trx|tx)$/][property.name!='transaction']", message: QUERY_HOME },
  { selector: "MemberExpression[object.type='MemberExpression'][object.property.name=/^(knex|trx)$/][property.name!='transaction']", message: QUERY_HOME },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '.data/', '.tools/', '.scratch/', 'web/', 'test/fixtures/', '**/*.js', '!eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      // List parsers strip control characters on purpose; the regexes say so.
      'no-control-regex': 'off',
      'no-restricted-syntax': ['error', pluckCamelCase],
    },
  },
  {
    files: ['api/**/*.ts', 'activities/**/*.ts', 'reports/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', pluckCamelCase, ...noQueriesHere],
      'no-restricted-imports': ['error', {
        paths: ['knex', 'pg'].map((name) => ({ name, message: `${QUERY_HOME} (Types: import type { Knex } from db/knex.ts.)` })),
      }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: builtinModules.flatMap((m) => [m, `node:${m}`]).map((name) => ({ name, message: 'Workflow code must be deterministic: no Node built-ins. Do I/O in an activity.' })),
        patterns: [{ group: ['**/db/**', '**/providers/**', '**/screening/**', '**/api/**', 'knex', 'pg'], message: 'Workflows never do I/O: call an activity.' }],
      }],
    },
  },
);
