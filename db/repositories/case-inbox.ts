// The case inbox's saved views (per user, within the user's organisation), bulk
// assignment, and internal notes on a case. Every method takes the orgId: a case,
// view or user of another organisation is simply not found.
import type { Knex } from 'knex';

export interface SavedViewFilters { assignee?: string; status?: string; riskLevel?: string; overdue?: 'true' | 'false' }
export interface SavedView { id: string; name: string; filters: SavedViewFilters; createdAt: string }
export interface CaseNote { id: string; authorId: string | null; authorName: string | null; text: string; createdAt: string; /** A handler lets AI drafting use it as evidence. */ usableForDrafting: boolean }

export const MAX_SAVED_VIEWS = 50;

export interface ReviewQueueItem {
  id: string; client: { name: string | null; cvr: string | null }; riskLevel: string | null; dueAt: string | null; submittedAt: string | null;
  /** The latest return, when the case was sent back before: what it asked for and what changed since. */
  lastReturn: { at: string; returnTo: string | null; comment: string | null; changedSections: string[]; riskOverridden: boolean } | null;
  /** True when the reviewer asking prepared or edited the case (four-eyes: they cannot decide it). */
  preparedByMe: boolean;
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

export function createCaseInboxRepository(knex: Knex) {
  return {
    async views(orgId: string, userId: string): Promise<SavedView[]> {
      const rows = await knex('case_saved_views').where({ orgId, userId }).orderByRaw('lower(name)').select('id', 'name', 'filters', 'createdAt');
      return rows.map((r) => ({ id: r.id, name: r.name, filters: r.filters ?? {}, createdAt: iso(r.createdAt) }));
    },

    /** 'duplicate' when the user already has a view of that name (case-insensitive); 'too_many' past MAX_SAVED_VIEWS. */
    async saveView(orgId: string, userId: string, name: string, filters: SavedViewFilters): Promise<SavedView | 'duplicate' | 'too_many'> {
      return knex.transaction(async (trx) => {
        const [counted] = await trx('case_saved_views').where({ orgId, userId }).count<{ n: string }[]>({ n: '*' });
        if (Number(counted?.n ?? 0) >= MAX_SAVED_VIEWS) return 'too_many' as const;
        const inserted = await trx('case_saved_views').insert({ orgId, userId, name, filters: JSON.stringify(filters) })
          .onConflict(knex.raw('(user_id, lower(name))')).ignore().returning(['id', 'name', 'filters', 'createdAt']);
        const row = inserted[0];
        if (!row) return 'duplicate' as const;
        return { id: row.id, name: row.name, filters: row.filters ?? {}, createdAt: iso(row.createdAt) };
      });
    },

    async deleteView(orgId: string, userId: string, id: string): Promise<boolean> {
      return (await knex('case_saved_views').where({ orgId, userId, id }).delete()) > 0;
    },

    /** An active user of the organisation who handles cases, or null (the address, to check a restriction). */
    async assignableUser(orgId: string, userId: string): Promise<{ id: string; email: string } | null> {
      const row = await knex('users').join('userRoles', 'userRoles.userId', 'users.id')
        .where({ 'users.orgId': orgId, 'users.id': userId, 'users.active': true, 'userRoles.role': 'handler' }).first('users.id', 'users.email');
      return row ? { id: row.id, email: row.email } : null;
    },

    /** The organisation's active handlers (for the assign menu; the address, to leave restricted ones out). */
    async handlers(orgId: string): Promise<{ id: string; name: string; email: string }[]> {
      return knex('users').join('userRoles', 'userRoles.userId', 'users.id')
        .where({ 'users.orgId': orgId, 'users.active': true, 'userRoles.role': 'handler' }).orderBy('users.name').select('users.id', 'users.name', 'users.email');
    },

    /**
     * Assign every case to the user in one transaction: all of them, or none when any id is
     * not a case of this organisation. Returns the ids whose assignee changed, or 'not_found'.
     */
    async assign(orgId: string, caseIds: readonly string[], assigneeId: string): Promise<string[] | 'not_found'> {
      return knex.transaction(async (trx) => {
        const rows = await trx('cases').where({ orgId }).whereIn('id', caseIds).forUpdate().select('id', 'assigneeId');
        if (rows.length !== new Set(caseIds).size) return 'not_found' as const;
        const changed = rows.filter((r) => r.assigneeId !== assigneeId).map((r) => r.id as string);
        if (changed.length) await trx('cases').where({ orgId }).whereIn('id', changed).update({ assigneeId, updatedAt: new Date() });
        return changed;
      });
    },

    /** Cases waiting in review, oldest submission first, each with what changed since it was last returned. */
    async reviewQueue(orgId: string, reviewerId: string): Promise<ReviewQueueItem[]> {
      const rows = await knex('cases').where({ orgId, status: 'in_review' }).orderBy('updatedAt', 'asc').limit(200)
        .select('id', 'clientName', 'clientCvr', 'riskLevel', 'dueAt', 'updatedAt', 'riskOverride');
      if (!rows.length) return [];
      const ids = rows.map((r) => r.id as string);
      const [returns, sections, submitted] = await Promise.all([
        knex('case_approvals').where({ orgId, decision: 'return' }).whereIn('caseId', ids).orderBy('createdAt', 'desc').select('caseId', 'createdAt', 'returnTo', 'comment'),
        knex('case_sections').where({ orgId }).whereIn('caseId', ids).select('caseId', 'key', 'updatedAt', 'updatedBy'),
        knex('case_events').where({ orgId, kind: 'submitted' }).whereIn('caseId', ids).groupBy('caseId').select('caseId', knex.raw('max(created_at) as at')),
      ]);
      return rows.map((r) => {
        const last = returns.find((x) => x.caseId === r.id);
        const own = sections.filter((s) => s.caseId === r.id);
        const override = r.riskOverride as { at?: string } | null;
        return {
          id: r.id, client: { name: r.clientName, cvr: r.clientCvr }, riskLevel: r.riskLevel ?? null, dueAt: r.dueAt ? iso(r.dueAt) : null,
          submittedAt: (() => { const s = submitted.find((x) => x.caseId === r.id); return s?.at ? iso(s.at) : null; })(),
          lastReturn: last ? {
            at: iso(last.createdAt), returnTo: last.returnTo ?? null, comment: last.comment ?? null,
            changedSections: own.filter((s) => new Date(s.updatedAt) > new Date(last.createdAt)).map((s) => s.key as string).sort(),
            riskOverridden: !!override?.at && new Date(override.at) > new Date(last.createdAt),
          } : null,
          preparedByMe: own.some((s) => s.updatedBy === reviewerId),
        };
      });
    },

    async notes(orgId: string, caseId: string): Promise<CaseNote[]> {
      const rows = await knex('case_notes').leftJoin('users', 'users.id', 'case_notes.author_id')
        .where({ 'case_notes.orgId': orgId, 'case_notes.caseId': caseId })
        .orderBy([{ column: 'case_notes.created_at', order: 'asc' }, { column: 'case_notes.id', order: 'asc' }])
        .select('case_notes.id', 'case_notes.author_id', 'users.name as author_name', 'case_notes.body', 'case_notes.created_at', 'case_notes.usable_for_drafting');
      return rows.map((r) => ({ id: r.id, authorId: r.authorId ?? null, authorName: r.authorName ?? null, text: r.body, createdAt: iso(r.createdAt), usableForDrafting: !!r.usableForDrafting }));
    },

    async addNote(orgId: string, caseId: string, authorId: string, text: string, usableForDrafting = false): Promise<CaseNote> {
      const [row] = await knex('case_notes').insert({ orgId, caseId, authorId, body: text, usableForDrafting }).returning(['id', 'createdAt']);
      return { id: row.id, authorId, authorName: null, text, createdAt: iso(row.createdAt), usableForDrafting };
    },

    /** Whether a handler lets AI drafting use the note as evidence. */
    async markNoteForDrafting(orgId: string, caseId: string, noteId: string, usable: boolean): Promise<boolean> {
      return (await knex('case_notes').where({ orgId, caseId, id: noteId }).update({ usableForDrafting: usable })) > 0;
    },

    /** The notes a handler marked as usable for drafting, oldest first. */
    async notesForDrafting(orgId: string, caseId: string): Promise<string[]> {
      return (await knex('case_notes').where({ orgId, caseId, usableForDrafting: true }).orderBy('createdAt').pluck('body')) as string[];
    },
  };
}

export type CaseInboxRepository = ReturnType<typeof createCaseInboxRepository>;
