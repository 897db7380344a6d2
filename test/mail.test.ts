// Transactional mail against a real SMTP server (smtp-server), parsed with
// mailparser: templates in both languages with HTML and text in one layout,
// the mail log (no body, no address), idempotency on the business key, header
// injection through names, and the development sink's 24-hour outbox.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { createMailer } from '../providers/mail/mailer.ts';
import { renderMail, TEMPLATES } from '../providers/mail/templates.ts';
import { safeAddress, safeDisplayName, UnsafeAddressError } from '../providers/mail/headers.ts';
import { startDevMailSink, SINK_RETENTION_MS } from '../providers/mail/dev-sink.ts';
import { createMailLogRepository } from '../db/repositories/mail-log.ts';
import { createKnex, type Knex } from '../db/knex.ts';
import { resetDatabase, testConfig } from './harness/platform.ts';
import { erasedAddresses } from '../db/repositories/erasure-ledger.ts';
import { dsrEmailKey } from '../db/dsr-email-key.ts';
import { eventually } from './harness/timeout.ts';

interface Received { envelopeTo: string[]; raw: string; mail: ParsedMail }

const t = suite('mail');
let smtp: SMTPServer;
let smtpUrl: string;
let received: Received[] = [];
let knex: Knex;

t.before(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then((mail) => {
          received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, mail });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}?ignoreTLS=true`;
  knex = createKnex(testConfig().database.appUrl, { poolMax: 2 });
});
t.before.each(async () => {
  received = [];
  await resetDatabase();
});
t.after(async () => {
  await knex?.destroy();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const mailer = () => createMailer({ smtpUrl, from: 'Clientnote <no-reply@clientnote.test>', log: createMailLogRepository(knex) });

const DSR_SAMPLES = {
  dsr_acknowledgement: { rights: ['access', 'erasure'], receivedOn: '1. december 2026', dueDate: '1. januar 2027', url: 'https://x.test/privacy' },
  dsr_response: {
    outcome: 'completed', rights: ['erasure'], receivedOn: '1. december 2026', done: { exported: 0, erased: 4, restricted: 0, rectified: 0, recorded: 0 },
    keptClasses: ['dsr_record'], refusalReason: null, exportUntil: null, receiptHash: 'a'.repeat(64), url: 'https://x.test/privacy',
  },
  dsr_deadline_reminder: { requestId: '00000000-0000-4000-8000-000000000000', dueDate: '1. januar 2027', url: 'https://x.test/requests/1' },
  dsr_deadline_overdue: { requestId: '00000000-0000-4000-8000-000000000000', dueDate: '1. januar 2027', url: 'https://x.test/requests/1' },
  dsr_forwarded: { url: 'https://x.test/requests/forwarded/1' },
  dsr_extension: { rights: ['access'], receivedOn: '31. januar 2027', dueDate: '30. april 2027', reason: 'complexity', url: 'https://x.test/privacy' },
} as const;

t('every template renders in Danish and English, HTML and text, in the shared layout', () => {
  const data = { invitation: { orgName: 'Demo <b>ApS</b>', url: 'https://x.test/a?token=1&b=2' }, password_reset: { url: 'https://x.test/r' }, password_changed: {}, dsr_verification_code: { code: '123456', minutes: 10, url: 'https://x.test/s' }, document_request: { orgName: 'Demo ApS', description: 'Pas <og> kørekort', url: 'https://x.test/upload/t', expiresOn: '15. december 2026' }, document_request_reminder: { orgName: 'Demo ApS', description: 'Pas', url: 'https://x.test/upload/t', expiresOn: '15. december 2026' }, case_sla_reminder: { client: 'Nørrebro <Bageri> ApS', dueAt: '24. november 2026 12.00', url: 'https://x.test/cases/1' }, case_sla_overdue: { client: 'Nørrebro Bageri ApS', dueAt: '24. november 2026 12.00', url: 'https://x.test/cases/1', handler: 'Henrik Handler' }, case_purge_notice: { client: 'Nørrebro <Bageri> ApS', purgeOn: '5. januar 2032', url: 'https://x.test/retention' }, case_purge_escalation: { client: 'Nørrebro Bageri ApS', dueSince: '5. januar 2032', url: 'https://x.test/retention' }, ...DSR_SAMPLES } as const;
  for (const name of Object.keys(TEMPLATES) as (keyof typeof TEMPLATES)[]) {
    for (const locale of ['da', 'en'] as const) {
      const mail = renderMail(name, locale, data[name] as never);
      assert.ok(mail.subject && mail.text && mail.html, `${name}.${locale}`);
      assert.match(mail.html, /^<!doctype html><html lang="(da|en)">/);
      assert.match(mail.text, locale === 'da' ? /sendt automatisk af Clientnote/ : /sent automatically by Clientnote/);
      assert.is(mail.version, TEMPLATES[name].version);
    }
  }
  const invitation = renderMail('invitation', 'en', data.invitation);
  assert.not.match(invitation.html, /<b>ApS/, 'values are escaped in HTML');
  assert.match(invitation.html, /Demo &lt;b&gt;ApS/);
  assert.match(invitation.html, /token=1&amp;b=2/);
});

t('a mail arrives over SMTP, parses, and the log keeps no body or address', async () => {
  const outcome = await mailer().send({ template: 'password_reset', locale: 'da', orgId: null, to: { email: 'anne@demo.test', name: 'Anne Admin', userId: null }, businessKey: 'test:1', data: { url: 'https://clientnote.test/reset-password?token=abc' } });
  assert.is(outcome, 'sent');
  assert.is(received.length, 1);
  const [mail] = received;
  assert.equal(mail!.envelopeTo, ['anne@demo.test']);
  assert.is(mail!.mail.subject, 'Nulstil din adgangskode til Clientnote');
  assert.match(mail!.mail.text ?? '', /reset-password\?token=abc/);
  assert.match(String(mail!.mail.html), /Vælg en ny adgangskode/);
  assert.is(mail!.mail.headers.get('x-clientnote-template'), 'password_reset.v1');
  const [log] = await knex('mail_log').select('*');
  assert.is(log.status, 'sent');
  assert.is(log.template, 'password_reset');
  assert.is(log.businessKey, 'test:1');
  assert.ok(log.sentAt);
  assert.not.match(JSON.stringify(log), /anne|token=abc|adgangskode/i, 'no address or body in the log');
});

t('sending twice with one business key mails once (a retried activity)', async () => {
  const m = mailer();
  const request = { template: 'password_changed' as const, locale: 'en' as const, orgId: null, to: { email: 'x@demo.test' }, businessKey: 'retry:1', data: {} };
  const outcomes = await Promise.all([m.send(request), m.send(request), m.send(request)]);
  assert.equal(outcomes.filter((o) => o === 'sent').length, 1);
  assert.is(received.length, 1);
  assert.is(await m.send(request), 'duplicate');
  assert.is(received.length, 1);
});

t('header injection through a display name or address is impossible', async () => {
  const evilName = 'Eve\r\nBcc: victim@evil.test\r\nSubject: pwned';
  await mailer().send({ template: 'password_changed', locale: 'en', orgId: null, to: { email: 'eve@demo.test', name: evilName }, businessKey: 'inject:1', data: {} });
  assert.is(received.length, 1);
  const [mail] = received;
  assert.equal(mail!.envelopeTo, ['eve@demo.test'], 'no extra recipient');
  assert.is(mail!.mail.bcc, undefined);
  assert.is(mail!.mail.subject, 'Your password was changed');
  assert.not.match(mail!.raw, /^Bcc:/im);
  assert.not.match(mail!.raw, /^Subject: pwned/im);
  assert.is(safeDisplayName(evilName), 'Eve Bcc: victim@evil.test Subject: pwned');
  for (const address of ['a@b.test\r\nBcc: c@d.test', 'a@b.test, c@d.test', '<a@b.test>', '\u0430@b.test', 'a@b', '']) {
    assert.throws(() => safeAddress(address), (e: unknown) => e instanceof UnsafeAddressError, JSON.stringify(address));
  }
  assert.throws(() => safeAddress('x'.repeat(300) + '@b.test'), (e: unknown) => e instanceof UnsafeAddressError);
});

t('a failed delivery is logged as failed and may be retried', async () => {
  const broken = createMailer({ smtpUrl: 'smtp://127.0.0.1:1?ignoreTLS=true&connectionTimeout=2000', from: 'a@b.test', log: createMailLogRepository(knex) });
  assert.is(await broken.send({ template: 'password_changed', locale: 'en', orgId: null, to: { email: 'x@demo.test' }, businessKey: 'fail:1', data: {} }), 'failed');
  assert.is((await knex('mail_log').where({ businessKey: 'fail:1' }).first()).status, 'failed');
  assert.is(await mailer().send({ template: 'password_changed', locale: 'en', orgId: null, to: { email: 'x@demo.test' }, businessKey: 'fail:1', data: {} }), 'sent');
  assert.is(received.length, 1);
});

t('the development sink is a real SMTP server keeping messages 24 hours, newest first', async () => {
  let clock = new Date('2026-11-24T08:00:00Z');
  const sink = await startDevMailSink({ now: () => clock });
  try {
    const m = createMailer({ smtpUrl: sink.smtpUrl, from: 'a@b.test', log: createMailLogRepository(knex) });
    await m.send({ template: 'password_changed', locale: 'en', orgId: null, to: { email: 'one@demo.test' }, businessKey: 'sink:1', data: {} });
    clock = new Date(clock.getTime() + 60_000);
    await m.send({ template: 'password_changed', locale: 'da', orgId: null, to: { email: 'two@demo.test' }, businessKey: 'sink:2', data: {} });
    m.close();
    assert.equal(sink.messages().map((x) => x.to), [['two@demo.test'], ['one@demo.test']]);
    assert.is(sink.messages()[0]!.subject, 'Din adgangskode er ændret');
    clock = new Date(clock.getTime() + SINK_RETENTION_MS - 30_000);
    assert.equal(sink.messages().map((x) => x.to), [['two@demo.test']], 'the older one is gone after 24 hours');
  } finally {
    await sink.close();
  }
});

t('the development sink forgets an erased address: mail up to the erasure goes, later mail and other addresses stay', async () => {
  const secret = testConfig().secret;
  let clock = new Date('2026-11-24T08:00:00Z');
  const sink = await startDevMailSink({ now: () => clock, erased: erasedAddresses(knex, secret), purgeIntervalMs: 100 });
  const m = createMailer({ smtpUrl: sink.smtpUrl, from: 'a@b.test', log: createMailLogRepository(knex) });
  try {
    const send = (to: string, key: string) => m.send({ template: 'password_changed', locale: 'en', orgId: null, to: { email: to, name: 'Ella Erased' }, businessKey: key, data: {} });
    await send('Ella.Erased@demo.test', 'purge:1');
    await send('kept@demo.test', 'purge:2');
    // The erasure: a suppression entry at 08:01; a mail at 08:02 (the response) is after it.
    await knex('dsr_suppressions').insert({ emailKey: dsrEmailKey(secret, 'ella.erased@demo.test'), requestId: crypto.randomUUID(), createdAt: new Date('2026-11-24T08:01:00Z') });
    clock = new Date('2026-11-24T08:02:00Z');
    await send('ella.erased@demo.test', 'purge:3');
    const left = await eventually(async () => {
      const messages = sink.messages();
      return messages.length === 2 ? messages : undefined;
    }, 5000, 'the timer purges the erased address');
    assert.equal(left.map((x) => [x.to, x.receivedAt.toISOString()]), [[['ella.erased@demo.test'], '2026-11-24T08:02:00.000Z'], [['kept@demo.test'], '2026-11-24T08:00:00.000Z']]);
    assert.is(await sink.purgeErased(), 0, 'nothing more to forget');
  } finally {
    m.close();
    await sink.close();
  }
});

t.run();
