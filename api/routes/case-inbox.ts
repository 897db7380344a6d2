// The case inbox beyond the list itself: saved views (a user's named filter
// sets, private to the user), the organisation's handlers to assign to, single
// and bulk assignment (all or nothing, within the organisation, one audit event
// per case that changed hands), and internal notes on a case (free text in
// Postgres only; the audit event names the note by id, never its text). A handler
// whose processing is restricted (GDPR Art. 18, a data-subject request) is no
// candidate and cannot be assigned (db/repositories/processing-restrictions.ts).
import { z } from 'zod';
import { defineRoute } from './define.ts';
import { ApiError, notFound } from '../errors.ts';
import type { ApiDeps } from '../deps.ts';
import { createCaseRepository } from '../../db/repositories/cases.ts';
import { createCaseInboxRepository, MAX_SAVED_VIEWS } from '../../db/repositories/case-inbox.ts';
import { createProcessingRestrictions } from '../../db/repositories/processing-restrictions.ts';
import { caseStatusSchema } from '../../domain/kyc/case.ts';
import { riskLevelSchema } from '../../domain/kyc/risk.ts';

export const NOTE_MAX_CHARS = 10_000;
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const savedViewFiltersSchema = z.object({
  assignee: z.union([z.literal('me'), z.uuid()]).optional(),
  status: caseStatusSchema.optional(),
  riskLevel: riskLevelSchema.optional(),
  overdue: z.enum(['true', 'false']).optional(),
}).strict();
const viewSchema = z.object({ id: z.uuid(), name: z.string(), filters: savedViewFiltersSchema, createdAt: z.string() });
const noteSchema = z.object({
  id: z.uuid(), authorId: z.uuid().nullable(), authorName: z.string().nullable(), text: z.string(), createdAt: z.string(),
  usableForDrafting: z.boolean().describe('a handler lets AI drafting use the note as evidence'),
});

export function caseInboxRoutes(deps: ApiDeps) {
  const inbox = createCaseInboxRepository(deps.knex);
  const cases = createCaseRepository(deps.knex);
  const restrictions = createProcessingRestrictions(deps.knex, deps.config.secret);

  /** The one check both assignments make, before anything is written: an active handler of the organisation, not restricted. */
  async function assignee(orgId: string, userId: string): Promise<void> {
    const user = await inbox.assignableUser(orgId, userId);
    if (!user) {
      throw new ApiError(400, 'validation_failed', 'Cases can only be assigned to an active handler of your organisation', [{ path: 'assigneeId', message: 'not an active handler of your organisation' }]);
    }
    if (await restrictions.isRestricted(user.email)) {
      throw new ApiError(409, 'conflict', 'This handler\'s personal data is restricted at their request (GDPR Art. 18), so no case can be assigned to them until the restriction is lifted. Choose another handler; nothing was changed.');
    }
  }

  return [
    defineRoute({
      method: 'get', path: '/case-views', summary: 'My saved views of the case inbox', tag: 'cases', access: { permission: 'cases.read' }, tenant: { organisation: 'The case' },
      responses: { 200: { description: 'My saved views, by name', schema: z.object({ items: z.array(viewSchema) }) } },
      handler: async (ctx, { auth, orgId }) => {
        ctx.body = { items: await inbox.views(orgId, auth.user.id) };
      },
    }),
    defineRoute({
      method: 'post', path: '/case-views', summary: 'Save the current inbox filters under a name', tag: 'cases', access: { permission: 'cases.read' }, tenant: { organisation: 'The case' },
      body: z.object({
        name: z.string().trim().min(1, 'Give the view a name').max(80, 'A name is at most 80 characters').refine((s) => !controlCharacters.test(s), 'control characters are not allowed'),
        filters: savedViewFiltersSchema,
      }),
      responses: { 201: { description: 'The saved view', schema: viewSchema }, 409: { description: 'A view of that name exists, or the limit is reached' } },
      handler: async (ctx, { body, auth, orgId }) => {
        const saved = await inbox.saveView(orgId, auth.user.id, body.name, body.filters);
        if (saved === 'duplicate') throw new ApiError(409, 'conflict', 'You already have a view with this name');
        if (saved === 'too_many') throw new ApiError(409, 'conflict', `You can keep at most ${MAX_SAVED_VIEWS} saved views; delete one first`);
        ctx.status = 201;
        ctx.body = saved;
      },
    }),
    defineRoute({
      method: 'delete', path: '/case-views/:id', summary: 'Delete one of my saved views', tag: 'cases', access: { permission: 'cases.read' }, tenant: { organisation: 'The case' },
      params: z.object({ id: z.uuid('not a valid view id') }),
      responses: { 204: { description: 'Deleted' }, 404: { description: 'No such view of yours' } },
      handler: async (ctx, { params, auth, orgId }) => {
        if (!(await inbox.deleteView(orgId, auth.user.id, params.id))) throw notFound('The view');
        ctx.status = 204;
      },
    }),
    defineRoute({
      method: 'get', path: '/case-handlers', token: 'cases:read', summary: 'The active case handlers of my organisation (to assign cases to)', tag: 'cases', access: { permission: 'cases.read' }, tenant: { organisation: 'The case' },
      responses: { 200: { description: 'Handlers by name', schema: z.object({ items: z.array(z.object({ id: z.uuid(), name: z.string() })) }) } },
      handler: async (ctx, { orgId }) => {
        const handlers = await inbox.handlers(orgId);
        const restricted = await restrictions.restrictedUserIds(handlers);
        ctx.body = { items: handlers.filter((h) => !restricted.has(h.id)).map((h) => ({ id: h.id, name: h.name })) };
      },
    }),
    defineRoute({
      method: 'post', path: '/cases/bulk-assign', token: 'cases:write', summary: 'Assign cases of my organisation to one of its handlers (all or nothing)', tag: 'cases', access: { permission: 'cases.assign' }, tenant: { organisation: 'The case' },
      body: z.object({
        caseIds: z.array(z.uuid('not a valid case id')).min(1, 'Select at least one case').max(200, 'At most 200 cases at a time'),
        assigneeId: z.uuid('not a valid user id'),
      }),
      responses: {
        200: { description: 'Which cases changed hands', schema: z.object({ assigned: z.array(z.uuid()), unchanged: z.array(z.uuid()) }) },
        400: { description: 'Not a handler of your organisation' },
        404: { description: 'A case is not one of your organisation; nothing was changed' },
        409: { description: 'The handler\'s processing is restricted (GDPR Art. 18); nothing was changed' },
      },
      handler: async (ctx, { body, orgId }) => {
        await assignee(orgId, body.assigneeId);
        const ids = [...new Set(body.caseIds)];
        const changed = await inbox.assign(orgId, ids, body.assigneeId);
        if (changed === 'not_found') throw notFound('A selected case');
        for (const id of changed) {
          await deps.audit.record(ctx, { action: 'case.assigned', targetType: 'case', targetId: id, details: { assigneeId: body.assigneeId, bulk: true } });
        }
        ctx.body = { assigned: changed, unchanged: ids.filter((id) => !changed.includes(id)) };
      },
    }),
    defineRoute({
      method: 'post', path: '/cases/:id/assign', token: 'cases:write', summary: 'Assign one case of my organisation to one of its handlers', tag: 'cases', access: { permission: 'cases.assign' }, tenant: { organisation: 'The case' },
      params: z.object({ id: z.uuid('not a valid case id') }),
      body: z.object({ assigneeId: z.uuid('not a valid user id') }).strict(),
      responses: {
        200: { description: 'The assignee, and whether the case changed hands', schema: z.object({ id: z.uuid(), assigneeId: z.uuid(), changed: z.boolean() }) },
        400: { description: 'Not a handler of your organisation' },
        404: { description: 'No such case in your organisation' },
        409: { description: 'The handler\'s processing is restricted (GDPR Art. 18); nothing was changed' },
      },
      handler: async (ctx, { params, body, orgId }) => {
        await assignee(orgId, body.assigneeId);
        const changed = await inbox.assign(orgId, [params.id], body.assigneeId);
        if (changed === 'not_found') throw notFound('The case');
        if (changed.length) await deps.audit.record(ctx, { action: 'case.assigned', targetType: 'case', targetId: params.id, details: { assigneeId: body.assigneeId, bulk: false } });
        ctx.body = { id: params.id, assigneeId: body.assigneeId, changed: changed.length > 0 };
      },
    }),
    defineRoute({
      method: 'get', path: '/review-queue', summary: 'Cases waiting in review, with what changed since each was last returned', tag: 'cases', access: { permission: 'cases.decide' }, tenant: { organisation: 'The case' },
      responses: { 200: { description: 'The reviewer queue, oldest first', schema: z.object({ items: z.array(z.object({
        id: z.uuid(), client: z.object({ name: z.string().nullable(), cvr: z.string().nullable() }), riskLevel: z.string().nullable(), dueAt: z.string().nullable(), submittedAt: z.string().nullable(),
        lastReturn: z.object({ at: z.string(), returnTo: z.string().nullable(), comment: z.string().nullable(), changedSections: z.array(z.string()), riskOverridden: z.boolean() }).nullable(),
        preparedByMe: z.boolean(),
      })) }) } },
      handler: async (ctx, { auth, orgId }) => {
        ctx.body = { items: await inbox.reviewQueue(orgId, auth.user.id) };
      },
    }),
    defineRoute({
      method: 'get', path: '/cases/:id/notes', token: 'cases:read', summary: 'Internal notes on a case, oldest first', tag: 'cases', access: { permission: 'cases.read' }, tenant: { organisation: 'The case' },
      params: z.object({ id: z.uuid('not a valid case id') }),
      responses: { 200: { description: 'The notes', schema: z.object({ items: z.array(noteSchema) }) }, 404: { description: 'No such case in your organisation' } },
      handler: async (ctx, { params, orgId }) => {
        if (!(await cases.get(orgId, params.id))) throw notFound('The case');
        ctx.body = { items: await inbox.notes(orgId, params.id) };
      },
    }),
    defineRoute({
      method: 'post', path: '/cases/:id/notes', token: 'cases:write', summary: 'Add an internal note to a case (handlers and reviewers)', tag: 'cases', access: { permission: 'cases.note' }, tenant: { organisation: 'The case' },
      params: z.object({ id: z.uuid('not a valid case id') }),
      body: z.object({
        text: z.string()
          .max(NOTE_MAX_CHARS, `A note is at most ${NOTE_MAX_CHARS.toLocaleString('en')} characters`)
          .refine((s) => s.trim().length > 0, 'A note cannot be empty')
          .refine((s) => !controlCharacters.test(s), 'control characters are not allowed'),
        usableForDrafting: z.boolean().optional(),
      }),
      responses: { 201: { description: 'The note', schema: noteSchema }, 400: { description: 'Empty, too long, or control characters' }, 404: { description: 'No such case in your organisation' } },
      handler: async (ctx, { params, body, auth, orgId }) => {
        if (!(await cases.get(orgId, params.id))) throw notFound('The case');
        const note = await inbox.addNote(orgId, params.id, auth.user.id, body.text.trim(), body.usableForDrafting ?? false);
        await deps.audit.record(ctx, { action: 'case.note_added', targetType: 'case', targetId: params.id, details: { noteId: note.id } });
        ctx.status = 201;
        ctx.body = { ...note, authorName: auth.user.name };
      },
    }),
    defineRoute({
      method: 'patch', path: '/cases/:id/notes/:noteId', token: 'cases:write', summary: 'Let AI drafting use a note as evidence, or not', tag: 'cases', access: { permission: 'cases.work' }, tenant: { organisation: 'The case' },
      params: z.object({ id: z.uuid('not a valid case id'), noteId: z.uuid('not a valid note id') }),
      body: z.object({ usableForDrafting: z.boolean() }).strict(),
      responses: { 200: { description: 'Changed', schema: z.object({ id: z.uuid(), usableForDrafting: z.boolean() }) }, 404: { description: 'No such case or note in your organisation' } },
      handler: async (ctx, { params, body, orgId }) => {
        if (!(await cases.get(orgId, params.id))) throw notFound('The case');
        if (!(await inbox.markNoteForDrafting(orgId, params.id, params.noteId, body.usableForDrafting))) throw notFound('The note');
        await deps.audit.record(ctx, { action: 'case.note_drafting_use', targetType: 'case', targetId: params.id, details: { noteId: params.noteId, usable: body.usableForDrafting } });
        ctx.body = { id: params.noteId, usableForDrafting: body.usableForDrafting };
      },
    }),
  ];
}
