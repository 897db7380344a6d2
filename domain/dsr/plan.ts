// The rules of a data-subject request's plan: which actions staff may plan for a
// manifest item, what a proposed change must satisfy, and the plan's identity
// (its hash), which the second person approves. Pure: the registry's erasure
// rule per table and the digest (db/sha256.ts's sha256Hex) are passed in.
import type { PlanAction } from './request.ts';
import { rectificationOutcome } from './rectification.ts';

export interface PlanItem { id: string; sourceTable: string; rowKey: string; held: boolean; action: PlanAction | null }
export interface PlanCorrection { itemId: string; column: string; value: string; provenance: string }
/** What erasure does to a table's rows by the personal-data registry; null: the table is not in it. */
export type ErasureKind = 'delete' | 'anonymise' | 'retain' | null;
export interface FieldProblem { path: string; message: string }

/** What staff may plan for an item: retained entries and held rows can never be erased. */
export function allowedActions(item: Pick<PlanItem, 'held'>, erasure: ErasureKind): PlanAction[] {
  const always: PlanAction[] = ['export', 'retain', 'restrict'];
  if (!erasure || item.held || erasure === 'retain') return always;
  return [...always, erasure === 'delete' ? 'erase' : 'anonymise', 'rectify'];
}

/**
 * What is wrong with a proposed change to the plan: first the actions (an item of
 * another request, an action not allowed for it); when those are in order, the
 * corrections (an item of another request, one not planned rectify, a column that
 * cannot be rectified). Empty: the change may be written.
 */
export function planChangeProblems(
  manifest: readonly PlanItem[],
  change: { items?: readonly { itemId: string; action: PlanAction }[] | undefined; corrections?: readonly PlanCorrection[] | undefined },
  erasureOf: (table: string) => ErasureKind,
): FieldProblem[] {
  const byId = new Map(manifest.map((i) => [i.id, i]));
  const problems: FieldProblem[] = [];
  (change.items ?? []).forEach((c, index) => {
    const item = byId.get(c.itemId);
    if (!item) problems.push({ path: `items.${index}.itemId`, message: 'not an item of this request' });
    else if (!allowedActions(item, erasureOf(item.sourceTable)).includes(c.action)) problems.push({ path: `items.${index}.action`, message: `${c.action} is not allowed for ${item.sourceTable}` });
  });
  if (problems.length) return problems;
  (change.corrections ?? []).forEach((c, index) => {
    const item = byId.get(c.itemId);
    if (!item) problems.push({ path: `corrections.${index}.itemId`, message: 'not an item of this request' });
    else if (plannedAction(manifest, change, c.itemId) !== 'rectify') problems.push({ path: `corrections.${index}.itemId`, message: 'a correction needs the item planned as rectify' });
    else if (!rectificationOutcome(item.sourceTable, c.column)) problems.push({ path: `corrections.${index}.column`, message: `${c.column} of ${item.sourceTable} cannot be rectified here` });
  });
  return problems;
}

/** The action an item will have once the change is written: the change's, else what was planned before. */
export function plannedAction(manifest: readonly PlanItem[], change: { items?: readonly { itemId: string; action: PlanAction }[] | undefined }, itemId: string): PlanAction | null {
  return change.items?.find((c) => c.itemId === itemId)?.action ?? manifest.find((i) => i.id === itemId)?.action ?? null;
}

/** The first item planned rectify without a corrected value, if any (checked before anything is written). */
export function uncorrectedItem(
  manifest: readonly PlanItem[], change: { items?: readonly { itemId: string; action: PlanAction }[] | undefined }, corrections: readonly { itemId: string }[],
): PlanItem | undefined {
  return manifest.find((i) => plannedAction(manifest, change, i.id) === 'rectify' && !corrections.some((c) => c.itemId === i.id));
}

/** The plan's identity: every item with its action, in a fixed order, and each correction (its value by hash). Approval names exactly this. */
export function planHashOf(items: readonly PlanItem[], corrections: readonly PlanCorrection[], sha256Hex: (text: string) => string): string {
  const lines = [...items].sort((a, b) => a.id.localeCompare(b.id)).map((i) => `${i.id}\t${i.sourceTable}\t${i.rowKey}\t${i.action ?? ''}`);
  const fixes = [...corrections].map((c) => `fix\t${c.itemId}\t${c.column}\t${sha256Hex(c.value)}\t${c.provenance}`).sort();
  return sha256Hex([...lines, ...fixes].join('\n'));
}
