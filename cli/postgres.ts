// Embedded default: the machine's installed Postgres cluster, started if stopped.
import { spawnSync } from 'node:child_process';
import { canConnect, DatabaseUnreachableError } from '../db/provision.ts';

export async function ensureLocalPostgres(adminUrl: string, log: (line: string) => void): Promise<void> {
  if (await canConnect(adminUrl)) return;
  const clusters = spawnSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' });
  const first = clusters.status === 0 ? clusters.stdout.trim().split('\n')[0]?.split(/\s+/) : undefined;
  if (first && first.length >= 2) {
    const [version, name] = first as [string, string];
    log(`starting the local Postgres cluster ${version}/${name}…`);
    spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, 'start'], { encoding: 'utf8' });
    for (let i = 0; i < 40; i++) {
      if (await canConnect(adminUrl)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new DatabaseUnreachableError(
    `Postgres is not reachable at ${new URL(adminUrl).host}. Start it (for example: pg_ctlcluster --skip-systemctl-redirect 15 main start), ` +
      'or set DATABASE_URL and DATABASE_APP_URL to a running server.',
  );
}
