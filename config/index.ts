// The one place that reads process.env. Everyone else receives the frozen Config.
import { parseConfig, type Config } from './schema.ts';
import { readOrCreateLocalSecrets } from './local-secrets.ts';

export type { Config } from './schema.ts';
export { ConfigError } from './schema.ts';

let cached: Config | undefined;

/** Parse process.env once per process. */
export function loadConfig(): Config {
  cached ??= parseConfig(process.env, readOrCreateLocalSecrets);
  return cached;
}

/** The environment for a child process (start command, test runner): ours plus overrides. */
export function childEnvironment(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
