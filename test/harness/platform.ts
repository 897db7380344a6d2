// Real parts for tests: the API over real HTTP, a real worker on the test run's
// Temporal dev server, the test database. The runner (test/run.ts) provisions
// them and hands their addresses over in the environment.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig } from '../../config/index.ts';
import type { Config } from '../../config/schema.ts';
import { createLogger, type Logger } from '../../config/logger.ts';
import { createKnex, type Knex } from '../../db/knex.ts';
import { seedDemo } from '../../db/seeds/demo.ts';
import { hashPassword } from '../../api/auth/passwords.ts';
import { createApp, type ApiApp } from '../../api/app.ts';
import { createWorkflowGateway, type WorkflowGateway } from '../../temporal/client/gateway.ts';
import { createHttpServer, listen, loadWebHandler } from '../../api/server.ts';
import { createWorker } from '../../worker/create-worker.ts';
import { createAuditRecorder } from '../../api/audit-recorder.ts';
import { startMail } from '../../api/mail-setup.ts';
import { workerMailer } from '../../worker/mailer.ts';
import { startDevMailSink, type DevMailSink } from '../../providers/mail/dev-sink.ts';
import type { ActivityDeps } from '../../activities/index.ts';
import { Client, Connection } from '@temporalio/client';

export function testConfig(): Config {
  const config = loadConfig();
  if (config.env !== 'test') throw new Error('integration tests run through `npm test`, which provisions their database and Temporal server');
  return config;
}

const BUSINESS_TABLES = [
  'audit_events', 'audit_heads', 'login_throttle', 'mail_log', 'invitations', 'password_resets', 'recovery_codes', 'api_tokens',
  'retention_sweeps', 'retention_settings', 'retention_file_deletions', 'legal_holds', 'erasure_ledger', 'dsr_suppressions', 'dsr_routed_items', 'dsr_routed_parts', 'dsr_rectifications', 'dsr_processing_flags', 'dsr_exports', 'dsr_manifest_items', 'dsr_events', 'dsr_requests',
  'list_version_changes', 'list_entities', 'list_versions',
  'case_documents', 'document_requests', 'case_notes', 'case_saved_views',
  'org_case_settings', 'case_approvals', 'case_sections', 'case_hits', 'case_ownerships', 'case_parties',
  'case_events', 'cases', 'sessions', 'user_roles', 'users', 'organisations', 'system_flags',
];

let demoHash: Promise<string> | undefined;

/**
 * Workflows an earlier test left running on this run's task queue (a request waiting
 * for a deadline, a monitoring run) would wake up against emptied tables and fail
 * noisily, using the worker's time: they are terminated with the data they belonged to.
 * Each parallel lane of the runner has its own task queue, so one lane never ends
 * another's workflows.
 */
async function terminateLeftoverWorkflows(config: Config): Promise<void> {
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const running = client.workflow.list({ query: `TaskQueue = '${config.temporal.taskQueue}' AND ExecutionStatus = 'Running'` });
    const ends: Promise<unknown>[] = [];
    for await (const execution of running) {
      ends.push(client.workflow.getHandle(execution.workflowId, execution.runId).terminate('test data reset').catch(() => { /* it ended meanwhile */ }));
    }
    await Promise.all(ends);
  } finally {
    await connection.close();
  }
}

/**
 * Empty the business tables and load the demo organisations again, and the
 * shipped demo screening lists as `npm start` stores them (`demoLists: false`
 * leaves the lists empty, for tests of list imports themselves).
 */
export async function resetDatabase(options: { demoLists?: boolean } = {}): Promise<void> {
  const config = testConfig();
  await terminateLeftoverWorkflows(config);
  const owner = createKnex(config.database.ownerUrl, { poolMax: 1 });
  try {
    const existing = (await owner('pg_tables').where({ schemaname: 'public' }).pluck('tablename')) as string[];
    const tables = BUSINESS_TABLES.filter((t) => existing.includes(t));
    if (tables.length) await owner.raw(`truncate ${tables.map((t) => `"${t}"`).join(', ')} cascade`);
    demoHash ??= hashPassword(config.demoPassword);
    await seedDemo(owner, { passwordHash: await demoHash });
    if (options.demoLists !== false) {
      const { DEMO_LISTS } = await import('../../screening/demo-list/demo-list.ts');
      const { importParsedList } = await import('../../screening/store.ts');
      for (const list of DEMO_LISTS) await importParsedList(owner, list, { source: 'demo' });
    }
  } finally {
    await owner.destroy();
  }
}

export interface RunningApi {
  baseUrl: string;
  knex: Knex;
  workflows: WorkflowGateway;
  server: Server;
  /** The development mail sink this API sends to (a real SMTP server on 127.0.0.1). */
  mailSink: DevMailSink;
  /** Every declared route (the tenant-isolation matrix reads it). */
  routes: ApiApp['routes'];
  /** Wait for work the API does after answering (password-reset mails). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export async function startApi(options: { withWeb?: boolean; logger?: Logger } = {}): Promise<RunningApi> {
  const config = testConfig();
  const logger = options.logger ?? createLogger(config, 'test-web');
  const knex = createKnex(config.database.appUrl, { poolMax: 5 });
  const workflows = await createWorkflowGateway(config);
  const mail = await startMail({ ...config, mail: { ...config.mail, smtpUrl: null } }, knex, { sinkPort: 0 });
  const audit = createAuditRecorder(knex, { secret: config.secret });
  const { app, routes, drain } = createApp({ config, knex, logger, workflows, audit, mailer: mail.mailer, devMailSink: mail.devMailSink! });
  const web = options.withWeb ? await loadWebHandler() : null;
  if (options.withWeb && !web) throw new Error('web/build is missing: the test runner builds it');
  const server = createHttpServer(app, web, { network: config.network });
  // The web app calls the API on 127.0.0.1:PORT (the runner picks a free PORT), so a
  // server with the web mounted listens there; API-only servers take any free port.
  await listen(server, options.withWeb ? config.port : 0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    knex,
    workflows,
    server,
    mailSink: mail.devMailSink!,
    routes,
    drain,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await drain();
      await mail.close();
      await workflows.close();
      await knex.destroy();
    },
  };
}

export interface RunningWorker { close(): Promise<void> }

/**
 * A real worker on the test run's Temporal server. Its mail goes to `mailSink`
 * (pass the API's, `api.mailSink`, to read what the worker sent); without one it
 * goes to a sink of its own, closed with the worker.
 */
export async function startWorker(options: {
  afterCommit?: ActivityDeps['afterCommit']; mailSink?: DevMailSink; logger?: Logger; ai?: Config['ai'];
  /** Document storage in place of the configured one (a test's storage that fails on purpose). */
  documentStorage?: ActivityDeps['documentStorage'];
} = {}): Promise<RunningWorker> {
  const config = options.ai ? { ...testConfig(), ai: options.ai } : testConfig();
  const logger = options.logger ?? createLogger(config, 'test-worker');
  const knex = createKnex(config.database.appUrl, { poolMax: 5 });
  const ownSink = options.mailSink ? null : await startDevMailSink({ port: 0 });
  const mailer = workerMailer(config, knex, { smtpUrl: (options.mailSink ?? ownSink!).smtpUrl });
  const { worker, close } = await createWorker(config, {
    knex, logger, mailer, ...(options.afterCommit ? { afterCommit: options.afterCommit } : {}), ...(options.documentStorage ? { documentStorage: options.documentStorage } : {}),
  });
  const running = worker.run();
  return {
    async close() {
      worker.shutdown();
      await running;
      await close();
      mailer.close();
      await ownSink?.close();
      await knex.destroy();
    },
  };
}

/** A logged-in HTTP client: cookie jar of one, CSRF header on changes. */
export interface ApiClient {
  csrfToken: string;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
}

export async function request(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: response.status, body: parsed as any, headers: response.headers };
}

export async function login(baseUrl: string, email: string, password = testConfig().demoPassword): Promise<ApiClient> {
  const response = await request(baseUrl, 'POST', '/api/v1/auth/login', { email, password });
  if (response.status !== 200) throw new Error(`login as ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  const csrfToken = response.body.csrfToken as string;
  return {
    csrfToken,
    request: (method, path, body, headers = {}) =>
      request(baseUrl, method, path, body, { cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }), ...headers }),
  };
}
