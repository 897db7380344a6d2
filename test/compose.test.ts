// The production deployment files, checked without a Docker engine:
// docker-compose.yml, deploy/.env.example (+ deploy/generate-env.sh),
// deploy/postgres/init.sh, Dockerfile, .dockerignore and the worker's health
// check. The rules live in test/compose-check.ts as pure functions; the
// negative tests feed them broken copies to prove each rule can fail.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import {
  appConfigOf, checkCompose, checkDockerfile, environmentOf, imageProblem, interpolate, nonProductionImports, parseDotenv,
} from './compose-check.ts';
import { pollsFromHost, MAX_POLL_AGE_MS } from '../deploy/healthcheck.ts';
import { SEARCH_ATTRIBUTE_FLAGS } from '../workflows/search-attributes.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const exists = (path: string) => existsSync(join(ROOT, path));

type Doc = { services: Record<string, Record<string, any>>; volumes?: Record<string, unknown> };
/** docker-compose.yml as Compose sees it: YAML 1.1 merge keys (`<<: *app`) resolved. */
const loadCompose = (): Doc => YAML.parse(read('docker-compose.yml'), { merge: true, maxAliasCount: 1000 }) as Doc;
const example = () => parseDotenv(read('deploy/.env.example'));

/** The documented first step, for real: deploy/generate-env.sh fills in every secret. */
function generatedEnv(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'clientnote-env-'));
  try {
    const out = join(dir, '.env');
    execFileSync('sh', [join(ROOT, 'deploy/generate-env.sh'), out], { stdio: ['ignore', 'ignore', 'pipe'] });
    return parseDotenv(readFileSync(out, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const APP_SERVICES = ['migrate', 'worker', 'web'];
const REQUIRED_SECRETS = [
  'POSTGRES_PASSWORD', 'CLIENTNOTE_OWNER_PASSWORD', 'CLIENTNOTE_APP_PASSWORD', 'TEMPORAL_DB_PASSWORD', 'CLIENTNOTE_CODEC_KEYS', 'CLIENTNOTE_SECRET',
];

function interpolated(service: Record<string, any>, env: Record<string, string>): Record<string, any> {
  const problems: string[] = [];
  const walk = (v: unknown): unknown =>
    typeof v === 'string' ? interpolate(v, env, 'test', problems)
      : Array.isArray(v) ? v.map(walk)
        : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)])) : v;
  const out = walk(service) as Record<string, any>;
  assert.equal(problems, []);
  return out;
}

const commandOf = (service: Record<string, any>): string => [service.entrypoint, service.command].flat().filter(Boolean).join(' ');

// --- docker-compose.yml ------------------------------------------------------

test('docker-compose.yml passes every deployment check with a .env from deploy/generate-env.sh', () => {
  const env = generatedEnv();
  for (const name of REQUIRED_SECRETS) assert.ok(env[name], `generate-env.sh left ${name} empty`);
  const problems = checkCompose(loadCompose(), env, { exists });
  assert.equal(problems, [], `problems:\n  ${problems.join('\n  ')}`);
});

test('every service built from the Dockerfile gets a production config from config/schema.ts', () => {
  const doc = loadCompose();
  const env = generatedEnv();
  const built = Object.entries(doc.services).filter(([, s]) => s.build !== undefined).map(([n]) => n).sort();
  assert.equal(built, [...APP_SERVICES].sort());
  for (const name of APP_SERVICES) {
    const { config, problems } = appConfigOf(interpolated(doc.services[name]!, env));
    assert.equal(problems, [], `${name}: ${problems.join('; ')}`);
    assert.ok(config, name);
    assert.is(config.env, 'production');
    assert.is(config.embedded, false, `${name} must use the compose Postgres, not the embedded default`);
    assert.is(new URL(config.database.ownerUrl).host, 'postgres:5432');
    assert.is(new URL(config.database.ownerUrl).username, 'clientnote_owner');
    assert.is(new URL(config.database.appUrl).username, 'clientnote_app');
    assert.is(new URL(config.database.appUrl).pathname, '/clientnote');
    assert.is(config.temporal.address, 'temporal:7233');
    assert.is(config.mail.smtpUrl, 'smtp://mailpit:1025');
    assert.is(config.codecKeys[0]?.key.length, 32);
    assert.is(config.documentStorage, 'file:/var/lib/clientnote/documents');
  }
  assert.equal(doc.services.migrate!.command, ['migrate', 'up']);
  assert.equal(doc.services.worker!.command, ['worker']);
  assert.equal(doc.services.web!.command, ['serve']);
});

test('without a filled-in .env, every required secret is reported (Compose refuses to start)', () => {
  const env = example();
  for (const name of REQUIRED_SECRETS) assert.is(env[name], '', `deploy/.env.example must not ship a value for ${name}`);
  const problems = checkCompose(loadCompose(), env, { exists });
  for (const name of REQUIRED_SECRETS) {
    assert.ok(problems.some((p) => p.includes(`required variable ${name} `)), `${name} not reported:\n  ${problems.join('\n  ')}`);
  }
});

test('the checker catches a broken compose document', () => {
  const env = generatedEnv();
  const doc = loadCompose();
  const broken = structuredClone(doc);
  broken.services.mailpit!.image = 'axllent/mailpit';
  broken.services['temporal-ui']!.image = 'temporalio/ui:latest';
  broken.services.postgres!.image = 'postgres:16';
  delete broken.services.web!.healthcheck;
  broken.services.worker!.depends_on = ['postgres', 'temporal'];
  broken.services.temporal!.depends_on['temporal-schema'].condition = 'service_started';
  broken.services.temporal!.environment.NUM_HISTORY_SHARDS = '${SHARDS:-4}';
  broken.services.migrate!.environment = { ...broken.services.migrate!.environment, NODE_ENV: 'development' };
  broken.services.worker!.environment = { ...broken.services.worker!.environment, DATABASE_APP_URL: 'mysql://nope' };
  broken.services.mailpit!.ports = ['8025:8025'];
  broken.services.postgres!.volumes = ['./pgdata:/var/lib/postgresql/data'];
  broken.services.web!.restart = undefined;
  broken.services['temporal-namespace']!.command = ['temporal operator namespace create $NS'];

  const problems = checkCompose(broken, env, { exists });
  const expected = [
    'mailpit: image axllent/mailpit has no tag',
    'temporal-ui: image temporalio/ui:latest uses the latest tag',
    'postgres: image postgres:16 is not pinned to an exact version',
    'worker: depends_on is a list',
    'temporal: depends on temporal-schema with condition service_started',
    'temporal: must wait for the temporal-sql-tool schema job',
    'temporal: NUM_HISTORY_SHARDS must be a literal',
    'migrate: NODE_ENV is development, not production',
    'worker: config: DATABASE_APP_URL: expected postgres://',
    'mailpit: port "8025:8025" is published on every interface',
    'postgres: bind mount source ./pgdata does not exist',
    'postgres: keep /var/lib/postgresql/data on a named volume',
    'web: declare restart',
    'temporal-namespace: variable NS is not set',
  ];
  for (const fragment of expected) {
    assert.ok(problems.some((p) => p.includes(fragment)), `missing "${fragment}" in:\n  ${problems.join('\n  ')}`);
  }
  assert.is(problems.length, expected.length, `unexpected extra problems:\n  ${problems.join('\n  ')}`);

  // A long-running service without a healthcheck, and waits on it.
  const unhealthy = structuredClone(doc);
  delete unhealthy.services.temporal!.healthcheck;
  const found = checkCompose(unhealthy, env, { exists });
  assert.ok(found.includes('temporal: long-running service without a healthcheck'), found.join('\n'));
  assert.ok(found.includes('temporal-ui: waits for temporal to be healthy, but temporal has no healthcheck'), found.join('\n'));
  // The original document is untouched and still clean.
  assert.equal(checkCompose(doc, env, { exists }), []);
});

test('the temporal server waits for the schema job, which creates and migrates both databases', () => {
  const doc = loadCompose();
  const temporal = doc.services.temporal!;
  assert.is(temporal.depends_on['temporal-schema'].condition, 'service_completed_successfully');
  assert.is(temporal.image, 'temporalio/server:1.30.1');
  const env = environmentOf(temporal);
  assert.is(env.DB, 'postgres12');
  assert.is(env.BIND_ON_IP, '0.0.0.0');
  assert.is(env.POSTGRES_SEEDS, 'postgres');
  assert.ok(Number(env.NUM_HISTORY_SHARDS) >= 512, 'choose the shard count for production');
  assert.ok(exists(`deploy/temporal/dynamicconfig/${String(env.DYNAMIC_CONFIG_FILE_PATH).split('/').pop()}`), 'the dynamic config file must exist: the server refuses to start without it');

  const schema = doc.services['temporal-schema']!;
  assert.is(schema.image, 'temporalio/admin-tools:1.30.1');
  const script = commandOf(schema);
  for (const [db, dir] of [['temporal', 'temporal'], ['temporal_visibility', 'visibility']] as const) {
    const sql = `temporal-sql-tool --plugin postgres12 --ep postgres -p 5432 -u temporal --db ${db}`;
    assert.ok(script.includes(`${sql} create\n`), `${db}: create`);
    assert.ok(script.includes(`${sql} setup-schema -v 0.0\n`), `${db}: setup-schema`);
    assert.ok(script.includes(`${sql} update-schema -d /etc/temporal/schema/postgresql/v12/${dir}/versioned\n`), `${db}: update-schema`);
  }
});

test('the namespace job creates the namespace the app uses, 30 days of retention and every search attribute', () => {
  const doc = loadCompose();
  const { config } = appConfigOf(interpolated(doc.services.worker!, generatedEnv()));
  const job = doc.services['temporal-namespace']!;
  assert.is(job.depends_on.temporal.condition, 'service_healthy');
  const script = commandOf(job);
  assert.ok(script.includes(`temporal operator namespace create --address temporal:7233 --namespace ${config!.temporal.namespace} --retention 720h`));
  assert.ok(script.includes(`|| temporal operator namespace update --address temporal:7233 --namespace ${config!.temporal.namespace} --retention 720h`), 'tolerates an existing namespace');
  const declared = [...script.matchAll(/--name (\w+) --type (\w+)/g)].map((m) => `${m[1]}=${m[2]}`).sort();
  assert.equal(declared, [...SEARCH_ATTRIBUTE_FLAGS].sort());
  // Workers and the API must not start before the attributes exist.
  for (const name of ['worker', 'web']) {
    assert.is(doc.services[name]!.depends_on['temporal-namespace'].condition, 'service_completed_successfully', name);
    assert.is(doc.services[name]!.depends_on.migrate.condition, 'service_completed_successfully', name);
  }
});

test('temporal-ui decodes through the app\'s authenticated codec endpoint, from the origin the app allows', () => {
  const doc = loadCompose();
  const env = generatedEnv();
  const ui = interpolated(doc.services['temporal-ui']!, env);
  const uiEnv = environmentOf(ui);
  assert.is(ui.image, 'temporalio/ui:2.34.0');
  assert.is(uiEnv.TEMPORAL_CODEC_ENDPOINT, 'http://localhost:3000/api/v1/temporal-codec');
  assert.is(uiEnv.TEMPORAL_CODEC_INCLUDE_CREDENTIALS, 'true');
  assert.is(uiEnv.TEMPORAL_ADDRESS, 'temporal:7233');
  const { config } = appConfigOf(interpolated(doc.services.web!, env));
  // api/app.ts allows http://localhost:<TEMPORAL_UI_PORT> on the codec paths.
  assert.is(uiEnv.TEMPORAL_CORS_ORIGINS, `http://localhost:${config!.temporal.uiPort}`);
  assert.equal(ui.ports, [`127.0.0.1:${config!.temporal.uiPort}:8080`]);
});

test('postgres init script creates the databases and the two roles the app URLs name', () => {
  const doc = loadCompose();
  const postgres = doc.services.postgres!;
  assert.ok(postgres.volumes.includes('./deploy/postgres/init.sh:/docker-entrypoint-initdb.d/10-clientnote.sh:ro'));
  assert.ok(postgres.volumes.includes('postgres-data:/var/lib/postgresql/data'));
  const sql = read('deploy/postgres/init.sh');
  for (const db of ['clientnote OWNER clientnote_owner', 'temporal OWNER temporal', 'temporal_visibility OWNER temporal']) {
    assert.ok(sql.includes(`CREATE DATABASE ${db} `), db);
  }
  assert.match(sql, /CREATE ROLE clientnote_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';/);
  assert.match(sql, /CREATE ROLE clientnote_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'app_password';/);
  assert.match(sql, /GRANT USAGE ON SCHEMA public TO clientnote_app;/);
  assert.match(sql, /REVOKE CREATE ON SCHEMA public FROM PUBLIC;/);
  // Passwords reach SQL only as psql variables, never through shell expansion.
  assert.match(sql, /<<'EOSQL'/);
  for (const name of ['CLIENTNOTE_OWNER_PASSWORD', 'CLIENTNOTE_APP_PASSWORD', 'TEMPORAL_DB_PASSWORD']) {
    assert.ok(name in environmentOf(postgres), `postgres must receive ${name}`);
  }
});

test('interpolation follows Compose: defaults, required markers, alternatives and $$', () => {
  const env = { SET: 'x', EMPTY: '' };
  const problems: string[] = [];
  const i = (s: string) => interpolate(s, env, 'svc', problems);
  assert.is(i('${SET:-d}|${EMPTY:-d}|${UNSET:-d}'), 'x|d|d');
  assert.is(i('${SET-d}|${EMPTY-d}|${UNSET-d}'), 'x||d');
  assert.is(i('${SET:+a}|${EMPTY:+a}|${EMPTY+a}|${UNSET+a}'), 'a||a|');
  assert.is(i('$SET and ${SET} cost $$5'), 'x and x cost $5');
  assert.equal(problems, []);
  i('${EMPTY:?set EMPTY}');
  i('${UNSET?gone}');
  i('${EMPTY?fine}');
  i('$NOPE');
  assert.equal(problems, [
    'svc: required variable EMPTY is missing or empty (set EMPTY)',
    'svc: required variable UNSET is missing or empty (gone)',
    'svc: variable NOPE is not set and has no default (write ${NOPE:-} for an intended blank)',
  ]);
});

test('image pinning: exact versions and digests pass, floating tags do not', () => {
  assert.is(imageProblem('postgres:16.10-bookworm'), null);
  assert.is(imageProblem('temporalio/admin-tools:1.30.1'), null);
  assert.is(imageProblem('localhost:5000/team/app:2.1.0'), null);
  assert.is(imageProblem(`postgres@sha256:${'a'.repeat(64)}`), null);
  assert.ok(imageProblem('localhost:5000/team/app'));
  assert.ok(imageProblem('node:24'));
  assert.ok(imageProblem('node:lts-slim'));
  assert.ok(imageProblem('node:latest'));
});

test('deploy/.env.example documents a generator for every secret and nothing else is required', () => {
  const text = read('deploy/.env.example');
  for (const name of REQUIRED_SECRETS) {
    assert.match(text, new RegExp(`# generate: .*openssl rand.*\\n${name}=\\n`), name);
  }
  // Every variable the compose file reads is documented in the example.
  const compose = read('docker-compose.yml');
  const used = new Set([...compose.matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]));
  const documented = new Set(Object.keys(example()));
  assert.equal([...used].filter((v) => !documented.has(v!)), []);
});

// --- Dockerfile and build context --------------------------------------------

test('Dockerfile: pinned node:24 stages, build, non-root production runtime on port 3000', () => {
  const text = read('Dockerfile');
  assert.equal(checkDockerfile(text), []);
  assert.match(text, /ENTRYPOINT \["node", "--import", "tsx", "cli\/main.ts"\]/);
  const broken = text
    .replace(/^ARG NODE_IMAGE=.*$/m, 'ARG NODE_IMAGE=node:lts')
    .replace(/^USER node$/m, '')
    .replace(/^EXPOSE 3000$/m, 'EXPOSE 8080')
    .replace(/^RUN npm install /m, 'ENV NODE_ENV=production\nRUN npm install ');
  const problems = checkDockerfile(broken);
  for (const fragment of ['image node:lts is not pinned', 'runs as root', 'does not EXPOSE 3000', 'npm install runs with NODE_ENV=production']) {
    assert.ok(problems.some((p) => p.includes(fragment)), `missing "${fragment}" in:\n  ${problems.join('\n  ')}`);
  }
});

test('.dockerignore keeps dependencies, local state and secrets out of the build context', () => {
  const lines = read('.dockerignore').split('\n').map((l) => l.trim());
  for (const entry of ['**/node_modules', '.env', '.data', '.tools', '.test-data', '.git', 'coverage', 'web/build', 'web/.svelte-kit', 'dist']) {
    assert.ok(lines.includes(entry), entry);
  }
  assert.not.ok(lines.includes('deploy'), 'deploy/healthcheck.ts runs inside the image');
});

const SERVER_SIDE_SKIP = new Set(['node_modules', 'web', 'test', 'bench', 'docs', 'dist', 'coverage']);

function serverSources(dir = ROOT): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name.startsWith('.') || (dir === ROOT && SERVER_SIDE_SKIP.has(entry.name)) || entry.name === 'node_modules' || entry.name === 'fixtures') return [];
      return serverSources(path);
    }
    return dir !== ROOT && /\.(ts|js|mjs)$/.test(entry.name) && !/\.(d|test)\.ts$/.test(entry.name)
      ? [{ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }]
      : [];
  });
}

test('server-side code imports only production dependencies (the image prunes the rest)', () => {
  const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const files = serverSources();
  assert.ok(files.some((f) => f.path === join('cli', 'main.ts')), 'scanned cli/');
  assert.ok(files.some((f) => f.path === join('deploy', 'healthcheck.ts')), 'scanned deploy/');
  assert.equal(nonProductionImports(files, Object.keys(pkg.dependencies)), []);
  // ...and the rule can fail:
  const planted = [{ path: 'api/x.ts', text: "import { build } from 'vite';\nimport type { Foo } from 'typescript';\nconst m = await import('@inlang/paraglide-js');\n" }];
  assert.equal(nonProductionImports(planted, Object.keys(pkg.dependencies)), [
    'api/x.ts: imports vite, but vite is not in dependencies',
    'api/x.ts: imports @inlang/paraglide-js, but @inlang/paraglide-js is not in dependencies',
  ]);
});

// --- The worker's health check -------------------------------------------------

test('worker health: healthy only while a poller from this container polled recently', () => {
  const now = 1_800_000_000_000;
  const at = (msAgo: number) => ({ seconds: Math.floor((now - msAgo) / 1000), nanos: 0 });
  const host = 'a1b2c3d4e5f6';
  assert.ok(pollsFromHost([{ identity: `1@${host}`, lastAccessTime: at(5_000) }], host, now));
  assert.ok(pollsFromHost([{ identity: `7@other`, lastAccessTime: at(1_000) }, { identity: `1@${host}`, lastAccessTime: at(60_000) }], host, now));
  assert.ok(pollsFromHost([{ identity: `1@${host}`, lastAccessTime: { seconds: { toNumber: () => Math.floor(now / 1000) } } }], host, now), 'Long seconds');
  assert.not.ok(pollsFromHost([{ identity: `1@${host}`, lastAccessTime: at(MAX_POLL_AGE_MS + 1_000) }], host, now), 'stale');
  assert.not.ok(pollsFromHost([{ identity: `1@other-${host}`, lastAccessTime: at(1_000) }], host, now), 'another host');
  assert.not.ok(pollsFromHost([{ identity: `1@${host}`, lastAccessTime: null }], host, now), 'no time');
  assert.not.ok(pollsFromHost([], host, now));
  assert.not.ok(pollsFromHost([{ identity: '1@', lastAccessTime: at(0) }], '', now), 'empty hostname');
});

test.run();
