// clientnote audit verify: check every audit chain (hashes, links, gaps and the
// signed head) and name each problem. Exit 0 when intact, 1 when not.
import { loadConfig } from '../../config/index.ts';
import { createKnex } from '../../db/knex.ts';
import { verifyAuditTrail } from '../../db/audit/verify.ts';
import { UsageError } from '../usage.ts';

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'verify' || rest.length > 0) throw new UsageError('usage: clientnote audit verify');
  const config = loadConfig();
  const knex = createKnex(config.database.ownerUrl, { poolMax: 2 });
  try {
    const result = await verifyAuditTrail(knex, config.secret);
    const ok = result.problems.length === 0;
    process.stdout.write(JSON.stringify({ ok, chains: result.chains, events: result.events, problems: result.problems }) + '\n');
    for (const problem of result.problems) process.stderr.write(`audit verify: ${problem.message}\n`);
    if (ok) process.stderr.write(`audit verify: ${result.events} events in ${result.chains} chains are intact\n`);
    return ok ? 0 : 1;
  } finally {
    await knex.destroy();
  }
}
