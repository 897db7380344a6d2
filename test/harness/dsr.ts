// Data-subject request helpers for integration tests: seed a platform user, submit
// a request through the public API and verify it with the mailed code, and take a
// request through triage and the four-eyes plan to its close.
import { randomBytes, randomUUID } from 'node:crypto';
import * as assert from 'uvu/assert';
import { request, type ApiClient, type RunningApi } from './platform.ts';
import { eventually } from './timeout.ts';

export const DEMO_ORG_ID = '9ee11d25-87bf-42e2-9b62-ad22291c6292';

export function dsrHelpers(server: () => RunningApi) {
  const post = (path: string, body?: unknown) => request(server().baseUrl, 'POST', path, body);
  const statusOf = async (id: string) => server().knex('dsr_requests').where({ id }).first('status', 'outcome');

  return {
    post,
    statusOf,
    waitForStatus: (id: string, status: string, ms = 20_000) =>
      eventually(async () => ((await statusOf(id))?.status === status ? true : undefined), ms, `request ${id} reaches ${status}`),

    /** The newest 6-digit code mailed to `email`, once more than `after` such mails arrived (the sink lists newest first). */
    codeFor: (email: string, after = 0) => eventually(async () => {
      const mails = server().mailSink.messages().filter((m) => m.to.includes(email) && /\b\d{6}\b/.test(m.text));
      return mails.length > after ? mails[0]!.text.match(/\b(\d{6})\b/)?.[1] : undefined;
    }, 10_000, `code for ${email}`),

    /** A platform user with a role and a session: data to find. */
    async seedPlatformUser(email: string, name: string, orgId = DEMO_ORG_ID): Promise<string> {
      const id = randomUUID();
      await server().knex('users').insert({ id, orgId, email, name, passwordHash: 'x', locale: 'en' });
      await server().knex('user_roles').insert({ userId: id, role: 'handler' });
      await server().knex('sessions').insert({ userId: id, tokenHash: randomBytes(32), csrfToken: 'c', expiresAt: new Date(Date.now() + 3_600_000) });
      return id;
    },

    async submitAndVerify(email: string, rights: string[], options: { name?: string; relationship?: string; description?: string; locale?: string } = {}) {
      const before = server().mailSink.messages().filter((m) => m.to.includes(email) && /\b\d{6}\b/.test(m.text)).length;
      const res = await post('/api/v1/privacy/requests', {
        rights, name: options.name ?? 'Erik Eraseme', email, relationship: options.relationship ?? 'platform_user',
        description: options.description ?? 'all of it', locale: options.locale ?? 'en',
      });
      assert.is(res.status, 202, JSON.stringify(res.body));
      const { requestId, statusToken } = res.body as { requestId: string; statusToken: string };
      const code = await this.codeFor(email, before);
      const verified = await post(`/api/v1/privacy/requests/${requestId}/verify`, { statusToken, code });
      assert.is(verified.status, 200, JSON.stringify(verified.body));
      // Triage, or closed at once (a withdrawal of consent needs no plan).
      await eventually(async () => ['triage', 'closed'].includes((await statusOf(requestId))?.status) || undefined, 20_000, `request ${requestId} verified`);
      return { requestId, statusToken };
    },

    /** Triage (proceed), the suggested plan by `proposer`, approval by `approver`, and the close. */
    async runToClose(requestId: string, proposer: ApiClient, approver: ApiClient, options: { items?: { itemId: string; action: string }[]; beforeApproval?: () => Promise<void> } = {}) {
      const triaged = await proposer.request('POST', `/api/v1/dsr/${requestId}/triage`, { decision: 'proceed' });
      assert.is(triaged.status, 200, JSON.stringify(triaged.body));
      await this.waitForStatus(requestId, 'plan_review');
      const proposed = await proposer.request('POST', `/api/v1/dsr/${requestId}/plan`, options.items ? { items: options.items } : {});
      assert.is(proposed.status, 200, JSON.stringify(proposed.body));
      await options.beforeApproval?.();
      const approved = await approver.request('POST', `/api/v1/dsr/${requestId}/plan/approve`, { planHash: proposed.body.planHash });
      assert.is(approved.status, 200, JSON.stringify(approved.body));
      await this.waitForStatus(requestId, 'closed');
    },
  };
}
