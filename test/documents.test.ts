// Case documents end to end over real HTTP, with the real database, the real
// Temporal server and worker, the real file storage and the API's development
// mail sink: upload, list, download, decisions; and each hostile input — an
// .exe renamed to .pdf, a 2 GB upload (claimed, and streamed without a length),
// a path-traversal file name, another organisation's case and document, a store
// that fails and a row that fails — plus the client's document request as a
// durable workflow with seconds-scale reminders and expiry, the link read from
// the real mail, used once, reused and expired.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DEMO_ORGS } from '../db/seeds/demo.ts';
import { dataConverter } from '../temporal/data-converter.ts';
import { documentRequestWorkflowId } from '../domain/documents/document-request.ts';
import { createApp } from '../api/app.ts';
import { createAuditRecorder } from '../api/audit-recorder.ts';
import { createHttpServer, listen } from '../api/server.ts';
import { loggedPath } from '../api/request-context.ts';
import { createLogger } from '../config/logger.ts';
import { createFileStorage } from '../providers/storage/file.ts';
import type { DocumentStorage } from '../providers/storage/storage.ts';
import { login, request, resetDatabase, startApi, startWorker, testConfig, type ApiClient, type RunningApi, type RunningWorker } from './harness/platform.ts';
import { decodeHistoryPayloads } from './harness/workflow-history.ts';
import { eventually } from './harness/timeout.ts';
import { DOCX, EXE, PDF, PNG, docxParts, session, upload, zipOf, zipWith, type Session } from './harness/documents.ts';

const t = suite('documents');
const [DEMO] = DEMO_ORGS;
const config = testConfig();
const storageDir = config.documentStorage.slice('file:'.length);
let server: RunningApi;
let worker: RunningWorker;
let handler: ApiClient;
let handlerSession: Session;
let nordisk: ApiClient;
let nordiskSession: Session;
let caseId: string;

t.before(async () => {
  await resetDatabase();
  server = await startApi();
  worker = await startWorker({ mailSink: server.mailSink });
  handler = await login(server.baseUrl, 'handler@demo.test');
  handlerSession = await session(server.baseUrl, 'handler@demo.test');
  nordisk = await login(server.baseUrl, 'handler@nordisk.test');
  nordiskSession = await session(server.baseUrl, 'handler@nordisk.test');
  const created = await handler.request('POST', '/api/v1/cases', { type: 'onboarding', cvr: '38411063' });
  assert.is(created.status, 201);
  caseId = created.body.id;
});
t.after(async () => {
  await worker?.close();
  await server?.close();
});

const rows = async () => Number((await server.knex('case_documents').count<{ n: string }[]>({ n: '*' }))[0]!.n);
async function files(): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    let entries;
    try { entries = await readdir(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      if (e.isDirectory()) await walk(join(dir, e.name));
      else found.push(join(dir, e.name));
    }
  };
  await walk(storageDir);
  return found.sort();
}
const docsPath = (id = caseId) => `/api/v1/cases/${id}/documents`;

t('a handler uploads a PDF: stored encrypted, listed, on the case, downloaded as the original bytes', async () => {
  const res = await upload(server.baseUrl, docsPath(), { bytes: PDF, name: 'Pas Henrik.pdf', type: 'application/pdf' }, { session: handlerSession });
  assert.is(res.status, 201, JSON.stringify(res.body));
  assert.equal([res.body.name, res.body.type, res.body.mediaType, res.body.sizeBytes, res.body.decision], ['Pas Henrik.pdf', 'pdf', 'application/pdf', PDF.length, 'open']);
  assert.is(res.body.uploadedBy, handlerSession.userId);
  const row = await server.knex('case_documents').where({ id: res.body.id }).first();
  assert.is(row.storageKey, `${DEMO.id}/${res.body.id}`, 'the storage key is the organisation and a random id');
  assert.match(row.keyId, /^s1-[0-9a-f]{12}$/);
  const onDisk = await readFile(join(storageDir, DEMO.id, res.body.id));
  assert.ok(!onDisk.equals(PDF) && !onDisk.includes(Buffer.from('%PDF')) && !onDisk.includes(Buffer.from('Catalog')), 'ciphertext on disk, not the plaintext');
  assert.is(((await stat(join(storageDir, DEMO.id, res.body.id))).mode & 0o777), 0o600);

  const list = await handler.request('GET', docsPath());
  assert.is(list.status, 200);
  assert.equal(list.body.items.map((d: any) => d.id), [res.body.id]);
  const detail = await handler.request('GET', `/api/v1/cases/${caseId}`);
  assert.equal(detail.body.documents.map((d: any) => [d.id, d.name]), [[res.body.id, 'Pas Henrik.pdf']]);

  const download = await fetch(`${server.baseUrl}${docsPath()}/${res.body.id}/content`, { headers: { cookie: handlerSession.cookie } });
  assert.is(download.status, 200);
  assert.ok(Buffer.from(await download.arrayBuffer()).equals(PDF), 'the original bytes');
  assert.is(download.headers.get('content-type'), 'application/pdf');
  assert.is(download.headers.get('content-disposition'), `attachment; filename="Pas Henrik.pdf"; filename*=UTF-8''Pas%20Henrik.pdf`);
  assert.is(download.headers.get('x-content-type-options'), 'nosniff');
  assert.match(download.headers.get('cache-control') ?? '', /no-store/);

  // A reviewer may read; a reviewer may not upload.
  const reviewer = await session(server.baseUrl, 'reviewer@demo.test');
  assert.is((await fetch(`${server.baseUrl}${docsPath()}/${res.body.id}/content`, { headers: { cookie: reviewer.cookie } })).status, 200);
  assert.is((await upload(server.baseUrl, docsPath(), { bytes: PDF, name: 'a.pdf' }, { session: reviewer })).status, 403);

  // PNG and DOCX are accepted by their content, whatever the browser says.
  const png = await upload(server.baseUrl, docsPath(), { bytes: PNG, name: 'scan', type: 'text/plain' }, { session: handlerSession });
  assert.equal([png.status, png.body.type, png.body.name], [201, 'png', 'scan.png']);
  const docx = await upload(server.baseUrl, docsPath(), { bytes: DOCX, name: 'Årsrapport.docx' }, { session: handlerSession });
  assert.equal([docx.status, docx.body.type, docx.body.name], [201, 'docx', 'Årsrapport.docx']);
  const audit = await server.knex('audit_events').where({ action: 'document.uploaded' });
  assert.is(audit.length, 3);
  for (const e of audit) assert.not.match(JSON.stringify(e.details), /Pas|Henrik|Årsrapport|scan/, 'audit details carry no names');
});

t('an .exe renamed to .pdf (and other impostors) is refused by its content; nothing is stored', async () => {
  const [beforeRows, beforeFiles] = [await rows(), await files()];
  for (const [bytes, name] of [[EXE, 'invoice.pdf'], [zipOf(['payload.exe']), 'report.docx'], [Buffer.from('<html><script>alert(1)</script>'), 'x.png'], [Buffer.from(' %PDF-1.4'), 'y.pdf']] as const) {
    const res = await upload(server.baseUrl, docsPath(), { bytes, name, type: 'application/pdf' }, { session: handlerSession });
    assert.is(res.status, 415, name);
    assert.is(res.body.error.code, 'unsupported_media_type');
    assert.match(res.body.error.message, /PDF, PNG, JPEG and DOCX/);
  }
  const empty = await upload(server.baseUrl, docsPath(), { bytes: new Uint8Array(), name: 'empty.pdf' }, { session: handlerSession });
  assert.is(empty.status, 400);
  const json = await handler.request('POST', docsPath(), { file: 'not multipart' });
  assert.is(json.status, 415);
  assert.is(await rows(), beforeRows);
  assert.equal(await files(), beforeFiles);
});

t('DOCX zip bombs, programs inside, damaged parts and PDF/HTML polyglots are refused (415, what was wrong); nothing is stored', async () => {
  const [beforeRows, beforeFiles] = [await rows(), await files()];
  const zeros = Buffer.alloc(30 * 1024 * 1024);
  const refused: [string, Buffer, string, RegExp][] = [
    // 30 MiB of zeros in a few KB: the declared sizes give it away.
    ['honest bomb', zipWith([...docxParts(), { name: 'word/media/filler.xml', content: zeros }]), 'zip_bomb', /zip bomb/],
    // The same, claiming 1 KB: found by unpacking, which stops one byte past the claim.
    ['lying bomb', zipWith([...docxParts(), { name: 'word/media/filler.xml', content: zeros, declaredSize: 1024 }]), 'zip_bomb', /more than it declares/],
    ['program by name', zipWith([...docxParts(), { name: 'word/embeddings/setup.exe', content: EXE }]), 'executable', /setup\.exe/],
    ['macros', zipWith([...docxParts(), { name: 'word/vbaProject.bin', content: Buffer.from('macro') }]), 'executable', /vbaProject\.bin/],
    ['program by content', zipWith([...docxParts(), { name: 'word/media/image1.png', content: EXE }]), 'executable', /image1\.png/],
    ['path traversal', zipWith([...docxParts(), { name: '../../etc/cron.d/evil', content: Buffer.from('x') }]), 'malformed', /unsafe path/],
    ['damaged part', Buffer.from(zipWith(docxParts().map((p) => ({ ...p, method: 0 as const }))).toString('latin1').replace('rsrapport', 'xsrapport'), 'latin1'), 'malformed', /damaged/],
    ['PDF with HTML', Buffer.from('%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n'), 'polyglot', /HTML/],
    ['PDF with a zip appended', Buffer.concat([PDF, zipWith(docxParts())]), 'polyglot', /zip archive appended/],
  ];
  for (const [what, bytes, problem, message] of refused) {
    const res = await upload(server.baseUrl, docsPath(), { bytes, name: 'report.docx' }, { session: handlerSession });
    assert.is(res.status, 415, `${what}: ${JSON.stringify(res.body)}`);
    assert.equal([res.body.error.code, res.body.error.fields[0].message], ['unsupported_media_type', problem], what);
    assert.match(res.body.error.message, message, what);
  }
  assert.is(await rows(), beforeRows);
  assert.equal(await files(), beforeFiles);
  // A real DOCX (deflated parts, honest sizes, an image) is still welcome.
  const real = zipWith([...docxParts(), { name: 'word/media/image1.png', content: PNG, method: 0 }]);
  const ok = await upload(server.baseUrl, docsPath(), { bytes: real, name: 'Årsrapport.docx' }, { session: handlerSession });
  assert.equal([ok.status, ok.body.type], [201, 'docx'], JSON.stringify(ok.body));
});

/** Send up to `total` bytes of a multipart body over a raw socket; stop when the answer arrives. */
function hugeUpload(path: string, total: number, declareLength: boolean): Promise<{ status: number; body: any; sent: number }> {
  return new Promise((resolve, reject) => {
    const url = new URL(server.baseUrl + path);
    const boundary = 'cn-boundary-2gb';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`);
    const chunk = Buffer.alloc(1024 * 1024, 0x41);
    let sent = 0;
    let answered = false;
    const req = httpRequest({
      host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
      headers: {
        cookie: handlerSession.cookie, 'x-csrf-token': handlerSession.csrfToken, 'content-type': `multipart/form-data; boundary=${boundary}`,
        ...(declareLength ? { 'content-length': String(total) } : { 'transfer-encoding': 'chunked' }),
      },
    }, (res) => {
      answered = true;
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text), sent }));
      res.on('error', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null, sent }));
    });
    req.on('error', (error) => { if (!answered) reject(new Error(`no answer after ${sent} bytes: ${error.message}`)); });
    const pump = () => {
      while (!answered && sent < total) {
        const piece = sent === 0 ? head : chunk;
        sent += piece.length;
        if (!req.write(piece)) { req.once('drain', pump); return; }
      }
      if (!answered) req.end();
    };
    pump();
  });
}

t('a 2 GB upload is cut off early with 413 and never written, whether it declares its length or streams it', async () => {
  const [beforeRows, beforeFiles] = [await rows(), await files()];
  const TWO_GB = 2 * 1024 ** 3;
  const claimed = await hugeUpload(docsPath(), TWO_GB, true);
  assert.is(claimed.status, 413);
  assert.is(claimed.body.error.code, 'payload_too_large');
  assert.ok(claimed.sent < 64 * 1024 ** 2, `refused on its declared length, after ${claimed.sent} bytes`);
  const streamed = await hugeUpload(docsPath(), TWO_GB, false);
  assert.is(streamed.status, 413);
  assert.is(streamed.body.error.code, 'payload_too_large');
  assert.ok(streamed.sent < config.documents.maxBytes + 64 * 1024 ** 2, `cut off near the limit, after ${streamed.sent} bytes`);
  assert.is(await rows(), beforeRows);
  assert.equal(await files(), beforeFiles);
  // The server is fine afterwards.
  assert.is((await handler.request('GET', docsPath())).status, 200);
});

t('a path-traversal file name is stored sanitised; the storage key never comes from it', async () => {
  const before = await files();
  const res = await upload(server.baseUrl, docsPath(), { bytes: PDF, name: '../../etc/passwd.pdf' }, { session: handlerSession });
  assert.is(res.status, 201);
  assert.is(res.body.name, 'passwd.pdf');
  const row = await server.knex('case_documents').where({ id: res.body.id }).first();
  assert.is(row.storageKey, `${DEMO.id}/${res.body.id}`);
  const added = (await files()).filter((f) => !before.includes(f));
  assert.equal(added, [join(storageDir, DEMO.id, res.body.id)], 'the one new file is under the storage directory, named by id');
  const tricky = await upload(server.baseUrl, docsPath(), { bytes: PDF, name: '..\\..\\Windows\\evil\u202Efdp.exe.pdf' }, { session: handlerSession });
  assert.is(tricky.body.name, 'evilfdp.exe.pdf');
  const download = await fetch(`${server.baseUrl}${docsPath()}/${tricky.body.id}/content`, { headers: { cookie: handlerSession.cookie } });
  assert.match(download.headers.get('content-disposition')!, /^attachment; filename="evilfdp\.exe\.pdf"/);
});

t('decisions: accept, or reject with a reason; audited with ids and the decision only', async () => {
  const doc = (await handler.request('GET', docsPath())).body.items[0];
  const noReason = await handler.request('POST', `${docsPath()}/${doc.id}/decision`, { decision: 'rejected' });
  assert.is(noReason.status, 400);
  assert.is(noReason.body.error.fields[0].path, 'reason');
  assert.is((await handler.request('POST', `${docsPath()}/${doc.id}/decision`, { decision: 'rejected', reason: '   ' })).status, 400);
  assert.is((await handler.request('POST', `${docsPath()}/${doc.id}/decision`, { decision: 'maybe' })).status, 400);
  const rejected = await handler.request('POST', `${docsPath()}/${doc.id}/decision`, { decision: 'rejected', reason: 'The passport has expired' });
  assert.equal([rejected.status, rejected.body.decision, rejected.body.decisionReason, rejected.body.decidedBy], [200, 'rejected', 'The passport has expired', handlerSession.userId]);
  const accepted = await handler.request('POST', `${docsPath()}/${doc.id}/decision`, { decision: 'accepted' });
  assert.equal([accepted.body.decision, accepted.body.decisionReason], ['accepted', null]);
  const events = await server.knex('audit_events').where({ action: 'document.decided', targetId: doc.id }).orderBy('createdAt');
  assert.equal(events.map((e: any) => e.details), [{ caseId, decision: 'rejected' }, { caseId, decision: 'accepted' }]);
  assert.is((await handler.request('POST', `${docsPath()}/00000000-0000-4000-8000-000000000000/decision`, { decision: 'accepted' })).status, 404);
});

t('another organisation\'s case and document are 404, and nothing changes', async () => {
  const doc = (await handler.request('GET', docsPath())).body.items[0];
  const [beforeRows, beforeFiles] = [await rows(), await files()];
  assert.is((await nordisk.request('GET', docsPath())).status, 404);
  assert.is((await fetch(`${server.baseUrl}${docsPath()}/${doc.id}/content`, { headers: { cookie: nordiskSession.cookie } })).status, 404);
  assert.is((await nordisk.request('POST', `${docsPath()}/${doc.id}/decision`, { decision: 'rejected', reason: 'Overwritten by another firm' })).status, 404);
  assert.is((await upload(server.baseUrl, docsPath(), { bytes: PDF, name: 'x.pdf' }, { session: nordiskSession })).status, 404);
  assert.is((await nordisk.request('POST', `/api/v1/cases/${caseId}/document-requests`, { email: 'c@example.test', description: 'Passport' })).status, 404);
  // Their own case does not open ours either.
  const theirs = await nordisk.request('POST', '/api/v1/cases', { type: 'onboarding', cvr: '41271000' });
  assert.is((await fetch(`${server.baseUrl}${docsPath(theirs.body.id)}/${doc.id}/content`, { headers: { cookie: nordiskSession.cookie } })).status, 404);
  assert.is(await rows(), beforeRows);
  assert.equal(await files(), beforeFiles);
  assert.is((await server.knex('case_documents').where({ id: doc.id }).first()).decision, 'accepted');
});

async function appWith(storage: DocumentStorage) {
  const { app } = createApp({
    config, knex: server.knex, logger: createLogger(config, 'test-documents'), workflows: server.workflows,
    audit: createAuditRecorder(server.knex, { secret: config.secret }), mailer: { send: async () => 'sent', close: () => {} }, documentStorage: storage,
  });
  const http = createHttpServer(app, null);
  await listen(http, 0, '127.0.0.1');
  return { baseUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, close: async () => { http.closeAllConnections(); await new Promise<void>((r) => http.close(() => r())); } };
}

t('no row when the file fails; no file when the row fails', async () => {
  const real = createFileStorage(storageDir);
  const broken = await appWith({ describe: 'broken', put: async () => { throw new Error('disk full'); }, get: real.get, delete: real.delete });
  const victim = (await handler.request('POST', '/api/v1/cases', { type: 'onboarding', cvr: '38411063' })).body.id as string;
  const deleted: string[] = [];
  // The case disappears while its file is being written: the row cannot be inserted.
  const racing = await appWith({
    describe: 'racing', get: real.get,
    put: async (key, data) => { await real.put(key, data); await server.knex('cases').where({ id: victim }).update({ status: 'deleted' }); await server.knex.raw('delete from case_events where case_id = ?', [victim]); await server.knex.raw('delete from cases where id = ?', [victim]).catch(() => {}); },
    delete: async (key) => { deleted.push(key); await real.delete(key); },
  });
  try {
    const [beforeRows, beforeFiles] = [await rows(), await files()];
    const s1 = await session(broken.baseUrl, 'handler@demo.test');
    const failed = await upload(broken.baseUrl, docsPath(), { bytes: PDF, name: 'a.pdf' }, { session: s1 });
    assert.is(failed.status, 503);
    assert.is(failed.body.error.code, 'unavailable');
    assert.is(await rows(), beforeRows);
    const s2 = await session(racing.baseUrl, 'handler@demo.test');
    const raced = await upload(racing.baseUrl, docsPath(victim), { bytes: PDF, name: 'b.pdf' }, { session: s2 });
    assert.ok(raced.status === 404, `a clear 404, not a 500: ${raced.status} ${JSON.stringify(raced.body)}`);
    assert.is(deleted.length, 1, 'the written file was removed again');
    assert.is(await rows(), beforeRows);
    assert.equal(await files(), beforeFiles);
  } finally {
    await broken.close();
    await racing.close();
  }
});

/** The workflow's result and every payload of its history decoded with the codec. */
async function workflowOutcome(requestId: string): Promise<{ result: unknown; decoded: string }> {
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverter(config.codecKeys) });
    const handle = client.workflow.getHandle(documentRequestWorkflowId(requestId));
    const result = await handle.result();
    const history = await handle.fetchHistory();
    return { result, decoded: await decodeHistoryPayloads(history, config.codecKeys) };
  } finally {
    await connection.close();
  }
}

const linkIn = (text: string) => /\/upload\/([A-Za-z0-9_-]{20,})/.exec(text)?.[1];
const mailsTo = (address: string) => server.mailSink.messages().filter((m) => m.to.includes(address));

t('a document request: the workflow mails a link, the client uploads once without logging in, a reuse is refused, the reminders stop', async () => {
  await server.knex('org_case_settings').insert({ orgId: DEMO.id, documentReminderFirstSeconds: 3, documentReminderSecondSeconds: 6, documentRequestExpirySeconds: 9 }).onConflict('org_id').merge();
  const bad = await handler.request('POST', `/api/v1/cases/${caseId}/document-requests`, { email: 'not an address', description: '' });
  assert.is(bad.status, 400);
  const created = await handler.request('POST', `/api/v1/cases/${caseId}/document-requests`, { email: 'Klient@Example.test', description: 'Kopi af pas og kørekort', locale: 'da' });
  assert.is(created.status, 201, JSON.stringify(created.body));
  assert.equal([created.body.status, created.body.recipientEmail], ['pending', 'klient@example.test']);
  const requestId = created.body.id as string;
  const stored = await server.knex('document_requests').where({ id: requestId }).first();
  const mail = await eventually(async () => mailsTo('klient@example.test')[0], 20_000, 'the request mail');
  assert.is(mail.subject, 'Vi beder om dokumentation');
  assert.match(mail.text, /Kopi af pas og kørekort/);
  const token = linkIn(mail.text)!;
  assert.ok(token, 'the mail carries the upload link');
  assert.match(mail.text, new RegExp(`${config.publicUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/upload/${token}`));
  assert.is.not(stored.tokenHash, token);
  assert.not.ok(JSON.stringify(stored).includes(token), 'the database holds only a hash of the token');
  assert.is(loggedPath(`/api/v1/uploads/${token}`), '/api/v1/uploads/[token]', 'the access log never holds the token');

  const page = await request(server.baseUrl, 'GET', `/api/v1/uploads/${token}`);
  assert.is(page.status, 200);
  assert.equal([page.body.organisation, page.body.description, page.body.locale], ['Demo Revision ApS', 'Kopi af pas og kørekort', 'da']);
  assert.is((await request(server.baseUrl, 'GET', `/api/v1/uploads/${'x'.repeat(43)}`)).status, 404);
  const exe = await upload(server.baseUrl, `/api/v1/uploads/${token}`, { bytes: EXE, name: 'pas.pdf' });
  assert.is(exe.status, 415, 'a refused file does not use the link up');
  const sent = await upload(server.baseUrl, `/api/v1/uploads/${token}`, { bytes: PNG, name: '../pas.png' });
  assert.equal([sent.status, sent.body.name], [201, 'pas.png'], JSON.stringify(sent.body));
  const doc = await server.knex('case_documents').where({ requestId }).first();
  assert.equal([doc.uploadedBy, doc.caseId, doc.type], [null, caseId, 'png']);
  const again = await upload(server.baseUrl, `/api/v1/uploads/${token}`, { bytes: PNG, name: 'again.png' });
  assert.is(again.status, 410);
  assert.is(again.body.error.code, 'gone');
  assert.match(again.body.error.message, /already been used/);
  assert.is((await request(server.baseUrl, 'GET', `/api/v1/uploads/${token}`)).status, 410);
  assert.is(await server.knex('case_documents').where({ requestId }).count({ n: '*' }).then((r) => Number(r[0]!.n)), 1);
  const list = await handler.request('GET', docsPath());
  assert.equal(list.body.requests.find((r: any) => r.id === requestId).status, 'fulfilled');
  // The workflow ends on the upload: no reminder follows.
  const outcome = await workflowOutcome(requestId);
  assert.equal(outcome.result, { status: 'fulfilled' });
  assert.match(outcome.decoded, new RegExp(requestId));
  assert.not.match(outcome.decoded, /klient@example|Kopi af pas/i, 'no address or request text in the history');
  assert.not.ok(outcome.decoded.includes(token), 'no token in the history');
  await new Promise((r) => setTimeout(r, 4_000));
  assert.is(mailsTo('klient@example.test').length, 1, 'no reminder after the upload');
  const audited = await server.knex('audit_events').where({ action: 'document.uploaded_by_client', targetId: doc.id });
  assert.equal([audited.length, audited[0].actorUserId, audited[0].orgId], [1, null, DEMO.id]);
});

t('an unanswered request: reminders after the first and second durations, then the link expires (durable timers)', async () => {
  const started = Date.now();
  const created = await handler.request('POST', `/api/v1/cases/${caseId}/document-requests`, { email: 'slow@example.test', description: 'Proof of address', locale: 'en' });
  assert.is(created.status, 201);
  const requestId = created.body.id as string;
  const subjects = await eventually(async () => {
    const m = mailsTo('slow@example.test');
    return m.length >= 3 ? m.map((x) => x.subject).reverse() : undefined;
  }, 30_000, 'the request mail and two reminders');
  assert.equal(subjects, ['We ask you for documentation', 'Reminder: we are still waiting for your documentation', 'Reminder: we are still waiting for your documentation']);
  const expired = await eventually(async () => {
    const r = await server.knex('document_requests').where({ id: requestId }).first();
    return r.status === 'expired' ? r : undefined;
  }, 30_000, 'expiry');
  assert.ok(Date.now() - started >= 9_000, 'not before the expiry duration');
  assert.is(expired.remindersSent, 2);
  const token = linkIn(mailsTo('slow@example.test')[0]!.text)!;
  const page = await request(server.baseUrl, 'GET', `/api/v1/uploads/${token}`);
  assert.is(page.status, 410);
  assert.match(page.body.error.message, /expired/);
  const late = await upload(server.baseUrl, `/api/v1/uploads/${token}`, { bytes: PDF, name: 'late.pdf' });
  assert.is(late.status, 410);
  assert.is(await server.knex('case_documents').where({ requestId }).count({ n: '*' }).then((r) => Number(r[0]!.n)), 0);
  // The workflow's history holds ids only: no address, no request text.
  const outcome = await workflowOutcome(requestId);
  assert.equal(outcome.result, { status: 'expired' });
  assert.not.match(outcome.decoded, /slow@example|Proof of address/);
  // The expiry is on the audit trail, by nobody (the workflow's timer), with ids only.
  const audited = await server.knex('audit_events').where({ action: 'document_request.expired', targetId: requestId });
  assert.equal([audited.length, audited[0]?.actorUserId, audited[0]?.details.caseId], [1, null, caseId]);
});

t('withdrawing a request: the link stops working at once, the workflow ends without reminders; a second withdrawal and foreign or bad ids are refused', async () => {
  await server.knex('org_case_settings').insert({ orgId: DEMO.id, documentReminderFirstSeconds: 2, documentReminderSecondSeconds: 4, documentRequestExpirySeconds: 60 }).onConflict('org_id').merge();
  const created = await handler.request('POST', `/api/v1/cases/${caseId}/document-requests`, { email: 'wrong.address@example.test', description: 'Passport', locale: 'en' });
  assert.is(created.status, 201, JSON.stringify(created.body));
  const requestId = created.body.id as string;
  const token = linkIn((await eventually(async () => mailsTo('wrong.address@example.test')[0], 20_000, 'the request mail')).text)!;
  const cancel = (client: typeof handler, id = requestId, onCase = caseId) => client.request('POST', `/api/v1/cases/${onCase}/document-requests/${id}/cancel`);
  assert.is((await cancel(nordisk)).status, 404, 'another organisation');
  assert.is((await cancel(handler, 'not-a-uuid')).status, 400);
  assert.is((await cancel(handler, randomUUID())).status, 404);
  const withdrawn = await cancel(handler);
  assert.is(withdrawn.status, 200, JSON.stringify(withdrawn.body));
  assert.is(withdrawn.body.status, 'cancelled');
  const refused = await upload(server.baseUrl, `/api/v1/uploads/${token}`, { bytes: PNG, name: 'pas.png' });
  assert.is(refused.status, 410);
  assert.match(refused.body.error.message, /withdrawn/);
  assert.is((await cancel(handler)).status, 409, 'once');
  assert.equal((await workflowOutcome(requestId)).result, { status: 'cancelled' });
  await new Promise((r) => setTimeout(r, 3_000));
  assert.is(mailsTo('wrong.address@example.test').length, 1, 'no reminder after the withdrawal');
  const audited = await server.knex('audit_events').where({ action: 'document_request.cancelled', targetId: requestId });
  assert.is(audited.length, 1);
});

t('a link past its expiry time is refused even before the workflow marks it', async () => {
  const created = await handler.request('POST', `/api/v1/cases/${caseId}/document-requests`, { email: 'past@example.test', description: 'Passport' });
  const mail = await eventually(async () => mailsTo('past@example.test')[0], 20_000, 'the request mail');
  await server.knex('document_requests').where({ id: created.body.id }).update({ expiresAt: new Date(Date.now() - 1000) });
  const res = await upload(server.baseUrl, `/api/v1/uploads/${linkIn(mail.text)}`, { bytes: PDF, name: 'p.pdf' });
  assert.is(res.status, 410);
  assert.match(res.body.error.message, /expired/);
});

t.run();
