import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { allowedActions, planChangeProblems, planHashOf, uncorrectedItem, type PlanItem } from './plan.ts';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
const item = (id: string, sourceTable: string, action: PlanItem['action'] = null, held = false): PlanItem => ({ id, sourceTable, rowKey: `${id}-row`, held, action });

test('retained entries, held rows and tables outside the registry can never be erased', () => {
  assert.equal(allowedActions({ held: false }, 'delete'), ['export', 'retain', 'restrict', 'erase', 'rectify']);
  assert.equal(allowedActions({ held: false }, 'anonymise'), ['export', 'retain', 'restrict', 'anonymise', 'rectify']);
  assert.equal(allowedActions({ held: true }, 'delete'), ['export', 'retain', 'restrict']);
  assert.equal(allowedActions({ held: false }, 'retain'), ['export', 'retain', 'restrict']);
  assert.equal(allowedActions({ held: false }, null), ['export', 'retain', 'restrict']);
});

test('a change is checked action by action first, then correction by correction', () => {
  const manifest = [item('a', 'sessions'), item('b', 'users', 'rectify')];
  const erasureOf = (table: string) => (table === 'sessions' ? 'delete' as const : 'anonymise' as const);
  assert.equal(planChangeProblems(manifest, { items: [{ itemId: 'x', action: 'erase' }, { itemId: 'a', action: 'anonymise' }], corrections: [{ itemId: 'x', column: 'name', value: 'v', provenance: 'p' }] }, erasureOf), [
    { path: 'items.0.itemId', message: 'not an item of this request' },
    { path: 'items.1.action', message: 'anonymise is not allowed for sessions' },
  ]);
  assert.equal(planChangeProblems(manifest, { items: [{ itemId: 'a', action: 'erase' }], corrections: [{ itemId: 'a', column: 'name', value: 'v', provenance: 'p' }] }, erasureOf), [
    { path: 'corrections.0.itemId', message: 'a correction needs the item planned as rectify' },
  ]);
  assert.equal(planChangeProblems(manifest, {}, erasureOf), []);
  assert.is(uncorrectedItem(manifest, {}, [])?.id, 'b');
  assert.is(uncorrectedItem(manifest, {}, [{ itemId: 'b' }]), undefined);
  assert.is(uncorrectedItem(manifest, { items: [{ itemId: 'b', action: 'export' }] }, []), undefined);
});

test('the plan hash names the items in id order with their actions, and each correction by its value\'s hash', () => {
  const items = [item('b', 'users', 'rectify'), item('a', 'sessions', 'erase')];
  const corrections = [{ itemId: 'b', column: 'name', value: 'Ny', provenance: 'requester_statement' }];
  const expected = sha256Hex(['a\tsessions\ta-row\terase', 'b\tusers\tb-row\trectify', `fix\tb\tname\t${sha256Hex('Ny')}\trequester_statement`].join('\n'));
  assert.is(planHashOf(items, corrections, sha256Hex), expected);
  assert.is.not(planHashOf(items, [], sha256Hex), expected);
});

test.run();
