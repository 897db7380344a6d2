// Mail from the dataSubjectRequest workflow on the real worker, read from the API's
// development sink: the acknowledgement (identical whatever is found), the response
// (what was done, what was kept and why, Datatilsynet, a receipt hash that matches
// the request's timeline, nothing about holds), the answer to a refusal, and the
// deadline reminder and overdue mails to the privacy officers.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomUUID } from 'node:crypto';
import { login, resetDatabase, startApi, startWorker, type ApiClient, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { dsrHelpers } from './harness/dsr.ts';
import { eventually } from './harness/timeout.ts';
import { createDsrRepository } from '../db/repositories/dsr.ts';
import { tokenHash } from '../db/sha256.ts';
import { copenhagenDate, formatLocalDate } from '../domain/dsr/deadline.ts';

const mails = suite('data-subject request mail');
let server: RunningApi;
let worker: RunningWorker;
let pia: ApiClient;
let dennis: ApiClient;
const h = dsrHelpers(() => server);

mails.before(async () => {
  await resetDatabase();
  server = await startApi();
  worker = await startWorker({ mailSink: server.mailSink });
  pia = await login(server.baseUrl, 'privacy@clientnote.test');
  dennis = await login(server.baseUrl, 'dpo@clientnote.test');
});
mails.after(async () => {
  await worker?.close();
  await server?.close();
});

const template = (m: { headers: Record<string, string> }) => m.headers['x-clientnote-template'];
const mailTo = (email: string, name: string) => eventually(async () => server.mailSink.messages().find((m) => m.to.includes(email) && template(m) === name), 20_000, `${name} to ${email}`);

mails('the acknowledgement is the same for a person with data and for nobody; the response says what was done and kept, with a receipt', async () => {
  await h.seedPlatformUser('karen.known@example.test', 'Karen Known');
  const known = await h.submitAndVerify('karen.known@example.test', ['erasure'], { name: 'Karen Known' });
  const nobody = await h.submitAndVerify('nils.nobody@example.test', ['erasure'], { name: 'Nils Nobody' });
  const ackKnown = await mailTo('karen.known@example.test', 'dsr_acknowledgement.v1');
  const ackNobody = await mailTo('nils.nobody@example.test', 'dsr_acknowledgement.v1');
  assert.is(ackKnown.subject, ackNobody.subject);
  assert.is(ackKnown.text, ackNobody.text, 'byte-identical acknowledgements');
  assert.is(ackKnown.html, ackNobody.html);
  assert.match(ackKnown.text, /pass your request on to those customers/);
  assert.not.match(ackKnown.text, /Demo Revision|Nordisk/, 'no organisation is named');

  await h.runToClose(known.requestId, pia, dennis);
  const response = await mailTo('karen.known@example.test', 'dsr_response.v1');
  assert.match(response.text, /What we did: we have erased or anonymised \d+ records/);
  assert.match(response.text, /What we kept, and why: the record of your request and our answer/);
  assert.match(response.text, /Datatilsynet/);
  const receipt = response.text.match(/Receipt \(SHA-256 of the manifest and the actions\): ([0-9a-f]{64})/)?.[1];
  assert.ok(receipt, response.text);
  const timeline = (await pia.request('GET', `/api/v1/dsr/${known.requestId}`)).body.events.map((e: { kind: string }) => e.kind);
  assert.ok(timeline.includes('acknowledgement_sent') && timeline.includes('response_sent'), timeline.join());
  const sent = await server.knex('dsr_events').where({ requestId: known.requestId, kind: 'response_sent' }).first('details');
  assert.is(sent.details.receiptHash, receipt, 'the receipt in the mail is the one on the timeline');
  assert.is(server.mailSink.messages().filter((m) => m.to.includes('karen.known@example.test') && template(m) === 'dsr_response.v1').length, 1, 'one response');

  await h.runToClose(nobody.requestId, pia, dennis);
  const none = await mailTo('nils.nobody@example.test', 'dsr_response.v1');
  assert.match(none.text, /Apart from your request, we found no data about you that we can hand over or erase/);
});

mails('a refusal is answered in Danish with the reason and how to complain; a held person is never told about the hold', async () => {
  const refused = await h.submitAndVerify('rasmus.refused@example.test', ['access'], { name: 'Rasmus Refused', locale: 'da' });
  assert.is((await pia.request('POST', `/api/v1/dsr/${refused.requestId}/triage`, { decision: 'refuse', reason: 'excessive' })).status, 200);
  const answer = await mailTo('rasmus.refused@example.test', 'dsr_response.v1');
  assert.match(answer.text, /Vi har afvist anmodningen, fordi anmodningen er urimelig/);
  assert.match(answer.text, /klage til Datatilsynet/);

  await h.seedPlatformUser('henning.held@example.test', 'Henning Held');
  const hold = await pia.request('POST', '/api/v1/holds', { scope: { kind: 'email', email: 'henning.held@example.test' }, basis: 'investigation', reviewOn: '2030-01-01', note: 'case 17' });
  assert.is(hold.status, 201, JSON.stringify(hold.body));
  const held = await h.submitAndVerify('henning.held@example.test', ['erasure'], { name: 'Henning Held' });
  await h.runToClose(held.requestId, pia, dennis);
  const response = await mailTo('henning.held@example.test', 'dsr_response.v1');
  assert.not.match(response.text, /hold|investigat|suspici|money laundering|case 17/i, 'nothing that reveals a hold or an investigation');
  assert.match(response.text, /Apart from your request, we found no data about you that we can hand over or erase/, 'held data is not counted as erased or kept');
});

mails('deadline reminder and overdue mails go to every active privacy officer, once each', async () => {
  const id = randomUUID();
  const dueAt = new Date(Date.now() + 3500);
  await createDsrRepository(server.knex).create({
    id, rights: ['access'], relationship: 'other', locale: 'da', name: 'Tina Timer', email: `${id}@example.test`, emailKey: id,
    description: '', receivedAt: new Date(), dueAt, statusTokenHash: tokenHash(randomUUID()),
  });
  await server.workflows.dsr.start({ requestId: id, receivedAt: new Date().toISOString(), dueAt: dueAt.toISOString(), timing: { verificationWindowMs: 60_000, reminderLeadsMs: [2500] } });
  for (const officer of ['privacy@clientnote.test', 'dpo@clientnote.test']) {
    const reminder = await mailTo(officer, 'dsr_deadline_reminder.v1');
    assert.ok(reminder.text.includes(id), 'names the request by id');
    assert.ok(reminder.text.includes(`/requests/${id}`));
    const overdue = await mailTo(officer, 'dsr_deadline_overdue.v1');
    assert.ok(overdue.text.includes(id));
    assert.not.match(overdue.text + reminder.text, /Tina|Timer/, 'no requester name in staff alarms');
  }
  const toHandler = server.mailSink.messages().filter((m) => m.to.includes('handler@demo.test') && template(m)?.startsWith('dsr_deadline'));
  assert.is(toHandler.length, 0, 'only privacy officers');
  await new Promise((r) => setTimeout(r, 500));
  assert.is(server.mailSink.messages().filter((m) => m.to.includes('dpo@clientnote.test') && template(m) === 'dsr_deadline_overdue.v1').length, 1, 'once');
});

mails('an extension is told to the requester with its reason and the new deadline, once, in their language; the Update does not wait for the mail', async () => {
  const { requestId } = await h.submitAndVerify('ester.extended@example.test', ['access'], { name: 'Ester Extended', locale: 'da' });
  const extended = await pia.request('POST', `/api/v1/dsr/${requestId}/extend`, { reason: 'number_of_requests' });
  assert.is(extended.status, 200, JSON.stringify(extended.body));
  const notice = await mailTo('ester.extended@example.test', 'dsr_extension.v1');
  assert.is(notice.subject, 'Vi har brug for mere tid til din anmodning');
  assert.match(notice.text, /fordi vi har modtaget mange anmodninger på samme tid/);
  assert.match(notice.text, /artikel 12, stk\. 3/);
  const dueDate = formatLocalDate(copenhagenDate(new Date(extended.body.dueAt)));
  assert.ok(notice.text.includes(`senest ${dueDate}`), `${dueDate} in: ${notice.text}`);
  assert.match(notice.text, /Datatilsynet/);
  await eventually(async () => (await server.knex('dsr_events').where({ requestId, kind: 'extension_notice_sent' }).first()) ?? undefined, 10_000, 'on the timeline');
  assert.is((await pia.request('POST', `/api/v1/dsr/${requestId}/extend`, { reason: 'complexity' })).status, 409);
  assert.is(server.mailSink.messages().filter((m) => m.to.includes('ester.extended@example.test') && template(m) === 'dsr_extension.v1').length, 1, 'one notice');
});

mails.run();
