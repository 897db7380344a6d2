// Checks for the production deployment files (docker-compose.yml, Dockerfile,
// server-side imports). No Docker engine runs here, so test/compose.test.ts
// parses the files and hands them to these functions. They are pure: each
// takes parsed input and returns a list of problems (empty = fine), so the
// tests can also feed them broken documents and prove the problems are seen.
import { builtinModules } from 'node:module';
import { ConfigError, parseConfig, type Config } from '../config/schema.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export interface CheckOptions {
  /** Whether a bind-mount source exists; paths are relative to the compose file. */
  exists?: (path: string) => boolean;
}

/** Fewer shards than this is a development setting (the server image defaults to 4). */
export const MIN_HISTORY_SHARDS = 128;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Service = Record<string, Json>;

const isObject = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// ---------------------------------------------------------------------------
// .env files and variable interpolation, as Docker Compose does them.

/** Parse a .env file: KEY=value lines, `#` comments, optional quotes. */
export function parseDotenv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new Error(`not a KEY=value line: ${raw}`);
    const [, key, rest] = match as unknown as [string, string, string];
    const quoted = /^(['"])(.*)\1$/.exec(rest);
    env[key] = quoted ? (quoted[2] ?? '') : rest.replace(/\s+#.*$/, '');
  }
  return env;
}

const VARIABLE = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*)|(\{))/g;

/**
 * Substitute `${VAR}`, `$VAR`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?message}`, `${VAR?message}`, `${VAR:+alt}`, `${VAR+alt}` and `$$`.
 * Problems: a required variable that is missing, a variable that is neither
 * set nor given a default (Compose would silently use an empty string), and
 * malformed `${`.
 */
export function interpolate(value: string, env: Env, where: string, problems: string[]): string {
  return value.replace(VARIABLE, (whole, dollar, braced, op, arg, bare, badBrace) => {
    if (dollar) return '$';
    if (badBrace) {
      problems.push(`${where}: malformed variable reference in "${value}"`);
      return whole;
    }
    const name = (braced ?? bare) as string;
    const current = env[name];
    const set = current !== undefined;
    const nonEmpty = set && current !== '';
    switch (op as string | undefined) {
      case ':-': return nonEmpty ? current : interpolate(arg, env, where, problems);
      case '-': return set ? current : interpolate(arg, env, where, problems);
      case ':?':
      case '?': {
        const ok = op === ':?' ? nonEmpty : set;
        if (!ok) problems.push(`${where}: required variable ${name} is missing or empty (${arg || 'no message'})`);
        return current ?? '';
      }
      case ':+': return nonEmpty ? interpolate(arg, env, where, problems) : '';
      case '+': return set ? interpolate(arg, env, where, problems) : '';
      default:
        if (!set) problems.push(`${where}: variable ${name} is not set and has no default (write \${${name}:-} for an intended blank)`);
        return current ?? '';
    }
  });
}

function interpolateDeep(value: Json, env: Env, where: string, problems: string[]): Json {
  if (typeof value === 'string') return interpolate(value, env, where, problems);
  if (Array.isArray(value)) return value.map((item) => interpolateDeep(item, env, where, problems));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateDeep(v, env, where, problems)]));
  }
  return value;
}

// ---------------------------------------------------------------------------
// Pieces of a service.

/** The environment of a service as a map; `null` values mean "taken from the host shell". */
export function environmentOf(service: Service): Record<string, string | null> {
  const environment = service.environment;
  const out: Record<string, string | null> = {};
  if (Array.isArray(environment)) {
    for (const item of environment) {
      const text = String(item);
      const eq = text.indexOf('=');
      if (eq < 0) out[text] = null;
      else out[text.slice(0, eq)] = text.slice(eq + 1);
    }
  } else if (isObject(environment)) {
    for (const [key, v] of Object.entries(environment)) out[key] = v === null ? null : String(v);
  }
  return out;
}

/** Problem with an image reference, or null when it is pinned to an exact version. */
export function imageProblem(image: string): string | null {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return null;
  const name = image.slice(image.lastIndexOf('/') + 1);
  const colon = name.indexOf(':');
  if (colon < 0) return `image ${image} has no tag (that means :latest)`;
  const tag = name.slice(colon + 1);
  if (tag === '' || tag === 'latest') return `image ${image} uses the latest tag`;
  if (!/\d+\.\d+/.test(tag)) return `image ${image} is not pinned to an exact version (tag ${tag})`;
  return null;
}

type Restart = 'long-running' | 'one-shot' | null;

function restartKind(service: Service): Restart {
  const restart = service.restart === false ? 'no' : service.restart;
  if (restart === 'always' || restart === 'unless-stopped') return 'long-running';
  if (restart === 'no' || (typeof restart === 'string' && /^on-failure(:\d+)?$/.test(restart))) return 'one-shot';
  return null;
}

function hasHealthcheck(service: Service): boolean {
  const hc = service.healthcheck;
  if (!isObject(hc) || hc.disable === true) return false;
  const t = hc.test;
  if (typeof t === 'string') return t.trim() !== '' && t !== 'NONE';
  return Array.isArray(t) && t.length >= 2 && (t[0] === 'CMD' || t[0] === 'CMD-SHELL');
}

function commandText(service: Service): string {
  const part = (v: Json | undefined): string => (Array.isArray(v) ? v.join(' ') : typeof v === 'string' ? v : '');
  return `${part(service.entrypoint)} ${part(service.command)}`;
}

function hostIpOf(port: Json): string | null {
  if (isObject(port)) return typeof port.host_ip === 'string' ? port.host_ip : null;
  const text = String(port).replace(/\/(tcp|udp)$/, '');
  const v6 = /^\[([^\]]+)\]:/.exec(text);
  if (v6) return v6[1] ?? null;
  const parts = text.split(':');
  return parts.length === 3 ? (parts[0] ?? null) : null;
}

function mountsOf(service: Service): { source: string; target: string }[] {
  const volumes = Array.isArray(service.volumes) ? service.volumes : [];
  return volumes.flatMap((v) => {
    if (isObject(v)) {
      return typeof v.source === 'string' && typeof v.target === 'string' ? [{ source: v.source, target: v.target }] : [];
    }
    const [source, target] = String(v).split(':');
    return source !== undefined && target !== undefined ? [{ source, target }] : [];
  });
}

const isBindSource = (source: string): boolean => /^(\.{1,2}\/|\/|~)/.test(source) || source === '.';

/** Parse the environment of a service built from the Dockerfile through the app's config schema. */
export function appConfigOf(service: Service): { config: Config | null; problems: string[] } {
  const environment = environmentOf(service);
  const problems = Object.entries(environment)
    .filter(([, v]) => v === null)
    .map(([k]) => `${k} has no value (Compose would take it from the host shell)`);
  const env = Object.fromEntries(Object.entries(environment).filter(([, v]) => v !== null)) as Record<string, string>;
  try {
    const config = parseConfig(env);
    if (config.env !== 'production') problems.push(`NODE_ENV is ${config.env}, not production`);
    return { config, problems };
  } catch (error) {
    if (error instanceof ConfigError) {
      return { config: null, problems: [...problems, ...error.problems.map((p) => `config: ${p.variable}: ${p.message}`)] };
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------
// The compose document.

/**
 * Check a parsed docker-compose.yml (anchors and merge keys already resolved)
 * against the rules of docs/deployment.md, with `env` as the variables Compose
 * would substitute (the .env file). Returns the problems found.
 */
export function checkCompose(doc: unknown, env: Env, options: CheckOptions = {}): string[] {
  const problems: string[] = [];
  if (!isObject(doc) || !isObject(doc.services) || Object.keys(doc.services).length === 0) {
    return ['the document has no services'];
  }
  const rawServices = doc.services as Record<string, Service>;
  const services: Record<string, Service> = {};
  for (const [name, raw] of Object.entries(rawServices)) {
    if (!isObject(raw)) {
      problems.push(`${name}: not a mapping`);
      continue;
    }
    services[name] = interpolateDeep(raw, env, name, problems) as Service;
  }
  const declaredVolumes = isObject(doc.volumes) ? Object.keys(doc.volumes) : [];

  for (const [name, service] of Object.entries(services)) {
    const built = service.build !== undefined;
    const kind = restartKind(service);

    // Images.
    if (built) {
      const build = service.build;
      const dockerfile = isObject(build) ? (build.dockerfile ?? 'Dockerfile') : 'Dockerfile';
      const context = isObject(build) ? build.context : build;
      if (context !== '.' || dockerfile !== 'Dockerfile') problems.push(`${name}: must be built from ./Dockerfile with context .`);
    } else if (typeof service.image !== 'string') {
      problems.push(`${name}: has neither image nor build`);
    } else {
      const problem = imageProblem(service.image);
      if (problem) problems.push(`${name}: ${problem}`);
    }

    // Lifecycle and health.
    if (kind === null) {
      problems.push(`${name}: declare restart: unless-stopped (long-running) or "no" (one-shot job)`);
    } else if (kind === 'long-running' && !hasHealthcheck(service)) {
      problems.push(`${name}: long-running service without a healthcheck`);
    }

    // Waiting for dependencies.
    const dependsOn = service.depends_on;
    if (Array.isArray(dependsOn)) {
      problems.push(`${name}: depends_on is a list, which only waits for the start of ${dependsOn.join(', ')}; use conditions`);
    } else if (isObject(dependsOn)) {
      for (const [target, spec] of Object.entries(dependsOn)) {
        const condition = isObject(spec) ? spec.condition : undefined;
        const other = services[target];
        if (!other) {
          problems.push(`${name}: depends on unknown service ${target}`);
        } else if (condition === 'service_healthy') {
          if (!hasHealthcheck(other)) problems.push(`${name}: waits for ${target} to be healthy, but ${target} has no healthcheck`);
        } else if (condition === 'service_completed_successfully') {
          if (restartKind(other) !== 'one-shot') problems.push(`${name}: waits for ${target} to complete, but ${target} is not a one-shot job`);
        } else {
          problems.push(`${name}: depends on ${target} with condition ${String(condition ?? 'none')}; use service_healthy or service_completed_successfully`);
        }
      }
    }

    // Published ports: only the app faces the network. Temporal's frontend and
    // UI, Postgres and Mailpit have no authentication of their own here.
    for (const port of Array.isArray(service.ports) ? service.ports : []) {
      const ip = hostIpOf(port);
      if (!built && ip !== '127.0.0.1' && ip !== '::1') {
        problems.push(`${name}: port ${JSON.stringify(port)} is published on every interface; bind it to 127.0.0.1`);
      }
    }

    // Volumes.
    for (const { source } of mountsOf(service)) {
      if (isBindSource(source)) {
        if (options.exists && !options.exists(source)) problems.push(`${name}: bind mount source ${source} does not exist`);
      } else if (!declaredVolumes.includes(source)) {
        problems.push(`${name}: volume ${source} is not declared under top-level volumes`);
      }
    }
    if (typeof service.image === 'string' && service.image.startsWith('postgres:')) {
      const data = mountsOf(service).find((m) => m.target === '/var/lib/postgresql/data');
      if (!data || isBindSource(data.source)) problems.push(`${name}: keep /var/lib/postgresql/data on a named volume`);
    }

    // The app: its environment must pass the config schema in production mode.
    if (built) {
      if (service.env_file !== undefined) problems.push(`${name}: use environment, not env_file, so the configuration can be checked`);
      for (const p of appConfigOf(service).problems) problems.push(`${name}: ${p}`);
    }

    // Temporal server: schema first, and a production shard count.
    if (typeof service.image === 'string' && service.image.startsWith('temporalio/server:')) {
      const waitsForSchema = isObject(dependsOn) && Object.entries(dependsOn).some(([target, spec]) => {
        const job = services[target];
        return (
          isObject(spec) && spec.condition === 'service_completed_successfully' &&
          job !== undefined && typeof job.image === 'string' && job.image.startsWith('temporalio/admin-tools:') &&
          /temporal-sql-tool/.test(commandText(job))
        );
      });
      if (!waitsForSchema) problems.push(`${name}: must wait for the temporal-sql-tool schema job (service_completed_successfully)`);
      const rawShards = environmentOf(rawServices[name] as Service).NUM_HISTORY_SHARDS;
      const shards = environmentOf(service).NUM_HISTORY_SHARDS;
      if (rawShards === undefined || rawShards === null) {
        problems.push(`${name}: set NUM_HISTORY_SHARDS explicitly (the image default of 4 is for development and can never be changed later)`);
      } else if (rawShards.includes('$')) {
        problems.push(`${name}: NUM_HISTORY_SHARDS must be a literal, not a variable: it can never change after the first start`);
      } else if (!/^\d+$/.test(String(shards)) || Number(shards) < MIN_HISTORY_SHARDS) {
        problems.push(`${name}: NUM_HISTORY_SHARDS ${String(shards)} is too small for production (at least ${MIN_HISTORY_SHARDS})`);
      }
    }
    if (typeof service.image === 'string' && service.image.startsWith('temporalio/admin-tools:') && /temporal-sql-tool/.test(commandText(service))) {
      for (const dir of ['/etc/temporal/schema/postgresql/v12/temporal/versioned', '/etc/temporal/schema/postgresql/v12/visibility/versioned']) {
        if (!commandText(service).includes(`update-schema -d ${dir}`)) problems.push(`${name}: does not run update-schema -d ${dir}`);
      }
    }
  }
  return [...new Set(problems)];
}

// ---------------------------------------------------------------------------
// The Dockerfile.

interface Instruction { keyword: string; args: string }

function instructions(text: string): Instruction[] {
  const logical = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  return logical
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const space = line.search(/\s/);
      return space < 0
        ? { keyword: line.toUpperCase(), args: '' }
        : { keyword: line.slice(0, space).toUpperCase(), args: line.slice(space + 1).trim() };
    });
}

function envPairs(args: string): Record<string, string> {
  if (!args.includes('=')) {
    const [key, ...rest] = args.split(/\s+/);
    return key ? { [key]: rest.join(' ') } : {};
  }
  const out: Record<string, string> = {};
  for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S*)/g)) {
    out[m[1] as string] = (m[2] as string).replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/** Check the Dockerfile: pinned node:24 bases, a build, a non-root production runtime on port 3000. */
export function checkDockerfile(text: string): string[] {
  const problems: string[] = [];
  const globalArgs: Record<string, string> = {};
  const stages: { name: string | null; base: string; body: Instruction[] }[] = [];
  for (const ins of instructions(text)) {
    if (ins.keyword === 'FROM') {
      const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const base = (words[0] ?? '').replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, n: string) => globalArgs[n] ?? '');
      const name = words[1]?.toUpperCase() === 'AS' ? (words[2] ?? null) : null;
      stages.push({ name, base, body: [] });
    } else if (stages.length === 0) {
      if (ins.keyword === 'ARG') {
        const [key, value] = ins.args.split('=');
        if (key) globalArgs[key.trim()] = (value ?? '').trim();
      }
    } else {
      stages[stages.length - 1]?.body.push(ins);
    }
  }
  if (stages.length === 0) return ['no FROM instruction'];

  const stageNames = new Set(stages.map((s) => s.name).filter(Boolean));
  for (const stage of stages) {
    if (stageNames.has(stage.base)) continue;
    const problem = imageProblem(stage.base);
    if (problem) problems.push(`FROM: ${problem}`);
    else if (!/^node:24\.\d+\.\d+/.test(stage.base)) problems.push(`FROM: ${stage.base} is not an exact node:24 image`);
    let production = false;
    for (const ins of stage.body) {
      if (ins.keyword === 'ENV' && envPairs(ins.args).NODE_ENV === 'production') production = true;
      if (ins.keyword === 'RUN' && /\bnpm (ci|install)\b/.test(ins.args) && production && !/--include=dev/.test(ins.args)) {
        problems.push(`stage ${stage.name ?? stage.base}: npm install runs with NODE_ENV=production and skips the dev dependencies the build needs`);
      }
    }
  }
  if (!stages.some((s) => s.body.some((i) => i.keyword === 'RUN' && /\bnpm run build\b/.test(i.args)))) {
    problems.push('no stage runs npm run build (workflow bundle and web app)');
  }

  const final = stages[stages.length - 1] as (typeof stages)[number];
  const users = final.body.filter((i) => i.keyword === 'USER').map((i) => i.args.split(':')[0]);
  const user = users[users.length - 1];
  if (user === undefined || user === 'root' || user === '0') problems.push('the final stage runs as root; add USER with a non-root user');
  const env = Object.assign({}, ...final.body.filter((i) => i.keyword === 'ENV').map((i) => envPairs(i.args))) as Record<string, string>;
  if (env.NODE_ENV !== 'production') problems.push('the final stage does not set NODE_ENV=production');
  if (!final.body.some((i) => i.keyword === 'EXPOSE' && i.args.split(/\s+/).some((p) => p.replace(/\/tcp$/, '') === '3000'))) {
    problems.push('the final stage does not EXPOSE 3000');
  }
  return problems;
}

// ---------------------------------------------------------------------------
// Runtime imports: the image keeps only `dependencies`.

const BUILTINS = new Set(builtinModules);

/** The package a bare import specifier resolves to, or null for relative, builtin and `#` imports. */
export function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#') || specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
  return BUILTINS.has(name) ? null : name;
}

const IMPORT = /(?:^|[;\s])(import|export)(\s+type)?\s*(?:[\w*{}\s,$]*?\bfrom\s*)?['"]([^'"\n]+)['"]|\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g;

/** Bare imports in the given sources that are not production dependencies (type-only imports are erased). */
export function nonProductionImports(files: readonly { path: string; text: string }[], dependencies: readonly string[]): string[] {
  const allowed = new Set(dependencies);
  const problems: string[] = [];
  for (const { path, text } of files) {
    for (const m of text.matchAll(IMPORT)) {
      if (m[2]) continue;
      const specifier = (m[3] ?? m[4]) as string;
      const pkg = packageOf(specifier);
      if (pkg !== null && !allowed.has(pkg)) problems.push(`${path}: imports ${specifier}, but ${pkg} is not in dependencies`);
    }
  }
  return problems;
}
