// clientnote start: the whole platform on the embedded default, in order:
// Postgres (local cluster, database and roles), the Temporal dev server,
// migrations and demo data, builds if stale, then the worker and the web/API
// process. Prints the URLs and demo logins; Ctrl-C or SIGTERM stops every child.
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { loadConfig, childEnvironment } from '../../config/index.ts';
import type { Config } from '../../config/schema.ts';
import { provisionDatabase } from '../../db/provision.ts';
import { migrateUp } from '../../db/migrate.ts';
import { DEMO_USERS } from '../../db/seeds/demo.ts';
import { BUNDLE_PATH, buildWorkflowBundle } from '../../worker/bundle.ts';
import { WEB_HANDLER_PATH } from '../../api/server.ts';
import { ensureLocalPostgres } from '../postgres.ts';
import { ensureTemporalBinary, raiseRetention, REPO_ROOT, startDevServer, waitForTemporal } from '../temporal-server.ts';
import { pipeWithPrefix, spawnNode, stop, track, type Child } from '../child-processes.ts';
import { isStale } from '../build-freshness.ts';
import { buildWeb } from './build.ts';
import { run as seed } from './seed.ts';
import { prepareListsAtStart } from './lists.ts';
import { untilShutdownSignal } from '../signals.ts';

const log = (line: string) => process.stderr.write(`[start] ${line}\n`);

function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ port, host });
    socket.once('connect', () => { socket.destroy(); done(true); });
    socket.once('error', () => done(false));
  });
}

async function waitForHealth(port: number, timeoutMs: number, children: Child[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = children.find((c) => c.process.exitCode !== null);
    if (dead) throw new Error(`${dead.name} exited during start-up (exit code ${dead.process.exitCode}); see its output above`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      if (response.status === 200) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the platform did not become healthy within ${timeoutMs / 1000} s`);
}

async function startTemporal(config: Config, children: Child[]): Promise<void> {
  const [host, portText] = [config.temporal.address.slice(0, config.temporal.address.lastIndexOf(':')), config.temporal.address.split(':').pop()!];
  const port = Number(portText);
  const local = host === '127.0.0.1' || host === 'localhost';
  if (await portInUse(port, local ? '127.0.0.1' : host)) {
    log(`using the Temporal server already running at ${config.temporal.address}`);
    await waitForTemporal(config.temporal.address, config.temporal.namespace, { timeoutMs: 10_000 }).catch((error: Error) => {
      throw new Error(`something listens on ${config.temporal.address} but it is not a Temporal server with namespace '${config.temporal.namespace}': ${error.message}. Stop it or set TEMPORAL_ADDRESS.`);
    });
    return;
  }
  if (!local) throw new Error(`Temporal at ${config.temporal.address} is not reachable. Start it, or unset TEMPORAL_ADDRESS to use the embedded dev server.`);
  if (await portInUse(config.temporal.uiPort)) throw new Error(`port ${config.temporal.uiPort} (Temporal Web UI) is already in use. Stop the other process or set TEMPORAL_UI_PORT.`);
  const binary = ensureTemporalBinary(log);
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  log('starting the Temporal dev server…');
  const server = startDevServer({
    binary, port, uiPort: config.temporal.uiPort, namespace: config.temporal.namespace,
    dbFile: join(dataDir, 'temporal.sqlite'),
    codecEndpoint: `http://localhost:${config.port}/api/v1/temporal-codec`,
  });
  pipeWithPrefix('temporal', server);
  children.push(track('temporal', server));
  await waitForTemporal(config.temporal.address, config.temporal.namespace, { timeoutMs: 60_000, process: server });
  raiseRetention(binary, config.temporal.address, config.temporal.namespace);
}

export async function run(_args: string[]): Promise<number> {
  const started = performance.now();
  const config = loadConfig();
  if (await portInUse(config.port)) throw new Error(`port ${config.port} is already in use. Stop the other process or set PORT=<port>.`);
  if (!config.mail.smtpUrl && await portInUse(config.mail.devSinkPort)) {
    throw new Error(`port ${config.mail.devSinkPort} (development mail sink) is already in use. Stop the other process or set DEV_MAIL_SINK_PORT=<port>.`);
  }

  const children: Child[] = [];
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    // Web and worker first, Temporal last, so in-flight work is handed back cleanly.
    for (const child of [...children].reverse()) await stop(child);
  };
  const signal = untilShutdownSignal();

  try {
    if (config.embedded) {
      await ensureLocalPostgres(config.database.adminUrl, log);
      const { created } = await provisionDatabase(config.database);
      log(created ? 'created database clientnote' : 'database clientnote is ready');
    }
    await startTemporal(config, children);
    const applied = await migrateUp({ ownerUrl: config.database.ownerUrl, appUrl: config.database.appUrl });
    log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'migrations are up to date');
    if (config.env !== 'production') {
      const code = await seed([]);
      if (code !== 0) throw new Error('seeding the demo data failed');
    }
    await prepareListsAtStart(config, log);
    if (isStale(BUNDLE_PATH, ['workflows', 'domain', 'temporal'].map((d) => join(REPO_ROOT, d)))) {
      log('building the workflow bundle…');
      await buildWorkflowBundle();
    }
    if (isStale(WEB_HANDLER_PATH, [join(REPO_ROOT, 'web', 'src'), join(REPO_ROOT, 'web', 'messages')])) {
      log('building the web app…');
      buildWeb();
    }
    const env = childEnvironment({ CLIENTNOTE_DATA_DIR: config.dataDir });
    children.push(spawnNode('worker', ['cli/main.ts', 'worker'], env, REPO_ROOT));
    children.push(spawnNode('web', ['cli/main.ts', 'serve'], env, REPO_ROOT));
    await Promise.race([waitForHealth(config.port, 60_000, children), signal.then(() => { throw new Error('interrupted'); })]);

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const demo = DEMO_USERS.map((u) => `    ${u.email.padEnd(26)} ${u.roles.join(', ')}`).join('\n');
    process.stdout.write(
      `\nClientnote is running (healthy after ${seconds} s)\n` +
        `  App and API   http://localhost:${config.port}  (API under /api/v1, OpenAPI at /api/v1/openapi.json)\n` +
        `  Temporal UI   http://localhost:${config.temporal.uiPort}  (namespace ${config.temporal.namespace})\n` +
        (config.env !== 'production' ? `  Demo logins (password: ${config.demoPassword === 'clientnote-demo' ? 'clientnote-demo' : 'from CLIENTNOTE_DEMO_PASSWORD'}):\n${demo}\n` : '') +
        `  Stop with Ctrl-C.\n\n`,
    );

    const firstExit = Promise.race(children.map((c) => c.exited.then((code) => ({ child: c, code }))));
    const outcome = await Promise.race([signal.then(() => null), firstExit]);
    if (outcome && !stopping) {
      log(`${outcome.child.name} stopped unexpectedly (exit code ${outcome.code}); stopping everything`);
      await stopAll();
      return 1;
    }
    log('stopping…');
    await stopAll();
    return 0;
  } catch (error) {
    await stopAll();
    throw error;
  }
}
