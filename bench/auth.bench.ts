// Identity benchmark: login p95 at 10 concurrent clients (target < 300 ms) and an
// authenticated GET of a small resource (GET /auth/session, cookie session) p95
// at 20 concurrent clients (target < 15 ms server time). Runs the real API
// in-process on a fresh database of its own; server time is measured from the
// request arriving to the response finishing, round trip on loopback beside it.
import type { AddressInfo } from 'node:net';
import { createServer as createHttp } from 'node:http';
import { randomBytes } from 'node:crypto';
import { childEnvironment } from '../config/index.ts';
import { DEFAULT_ADMIN_URL, parseConfig } from '../config/schema.ts';
import { createLogger } from '../config/logger.ts';
import { provisionThrowawayDatabase } from '../db/provision.ts';
import { migrateUp } from '../db/migrate.ts';
import { createKnex } from '../db/knex.ts';
import { seedDemo, DEMO_USERS } from '../db/seeds/demo.ts';
import { hashPassword } from '../api/auth/passwords.ts';
import { createApp } from '../api/app.ts';
import { createAuditRecorder } from '../api/audit-recorder.ts';
import { startMail } from '../api/mail-setup.ts';
import type { WorkflowGateway } from '../temporal/client/gateway.ts';

const LOGIN_CLIENTS = 10;
const LOGINS_PER_CLIENT = 20;
const GET_CLIENTS = 20;
const GETS_PER_CLIENT = 200;

const p = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};

const { ownerUrl, appUrl, drop: dropBenchDatabase } = await provisionThrowawayDatabase(DEFAULT_ADMIN_URL, 'clientnote_bench');
const config = parseConfig(childEnvironment({
  NODE_ENV: 'development', DATABASE_URL: ownerUrl, DATABASE_APP_URL: appUrl, LOG_LEVEL: 'silent', SMTP_URL: undefined,
  CLIENTNOTE_SECRET: randomBytes(32).toString('hex'), CLIENTNOTE_CODEC_KEYS: `bench:${randomBytes(32).toString('base64')}`,
}));
const knex = createKnex(appUrl, { poolMax: 10 });
const mail = await startMail(config, knex);
try {
  await migrateUp({ ownerUrl, appUrl });
  const owner = createKnex(ownerUrl, { poolMax: 1 });
  await seedDemo(owner, { passwordHash: await hashPassword(config.demoPassword) });
  await owner.destroy();

  const { app } = createApp({
    config, knex, logger: createLogger(config, 'bench'), workflows: {} as WorkflowGateway,
    audit: createAuditRecorder(knex, { secret: config.secret }), mailer: mail.mailer,
  });
  const serverTimes: number[] = [];
  const handler = app.callback();
  const server = createHttp((req, res) => {
    const started = performance.now();
    res.on('finish', () => serverTimes.push(performance.now() - started));
    void handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;

  const login = async (email: string, ip: string) => {
    const res = await fetch(`${base}/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify({ email, password: config.demoPassword }),
    });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
    await res.arrayBuffer();
    return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  };

  // Logins: 10 clients, each its own demo user and address (a real office has one address per person at most).
  const users = DEMO_USERS.slice(0, LOGIN_CLIENTS);
  serverTimes.length = 0;
  const loginRoundTrips: number[] = [];
  await Promise.all(users.map(async (u, i) => {
    for (let n = 0; n < LOGINS_PER_CLIENT; n++) {
      const started = performance.now();
      await login(u.email, `198.51.100.${i + 1}`);
      loginRoundTrips.push(performance.now() - started);
    }
  }));
  const loginServer = [...serverTimes];

  // Authenticated GETs: 20 clients with their own sessions.
  const cookies = await Promise.all(Array.from({ length: GET_CLIENTS }, (_, i) => login(DEMO_USERS[i % DEMO_USERS.length]!.email, `203.0.113.${i + 1}`)));
  serverTimes.length = 0;
  const getRoundTrips: number[] = [];
  await Promise.all(cookies.map(async (cookie) => {
    for (let n = 0; n < GETS_PER_CLIENT; n++) {
      const started = performance.now();
      const res = await fetch(`${base}/auth/session`, { headers: { cookie } });
      if (res.status !== 200) throw new Error(`GET: ${res.status}`);
      await res.arrayBuffer();
      getRoundTrips.push(performance.now() - started);
    }
  }));
  const getServer = [...serverTimes];
  server.close();

  const ms = (v: number) => `${v.toFixed(1)} ms`;
  process.stdout.write([
    '| measure | p50 | p95 | target |',
    '|---|---|---|---|',
    `| login, ${LOGIN_CLIENTS} concurrent (${loginServer.length} logins), server time | ${ms(p(loginServer, 0.5))} | ${ms(p(loginServer, 0.95))} | p95 < 300 ms |`,
    `| login, round trip | ${ms(p(loginRoundTrips, 0.5))} | ${ms(p(loginRoundTrips, 0.95))} | |`,
    `| GET /auth/session, ${GET_CLIENTS} concurrent (${getServer.length} requests), server time | ${ms(p(getServer, 0.5))} | ${ms(p(getServer, 0.95))} | p95 < 15 ms |`,
    `| GET /auth/session, round trip | ${ms(p(getRoundTrips, 0.5))} | ${ms(p(getRoundTrips, 0.95))} | |`,
  ].join('\n') + '\n');
} finally {
  await mail.close();
  await knex.destroy();
  await dropBenchDatabase();
}
