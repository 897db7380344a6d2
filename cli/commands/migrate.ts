// clientnote migrate [up|down|status]: runs as the owner role; grants follow.
import { loadConfig } from '../../config/index.ts';
import { migrateDown, migrateUp, migrationStatus } from '../../db/migrate.ts';
import { UsageError } from '../usage.ts';

export async function run(args: string[]): Promise<number> {
  const action = args[0] ?? 'up';
  const config = loadConfig();
  const urls = { ownerUrl: config.database.ownerUrl, appUrl: config.database.appUrl };
  switch (action) {
    case 'up':
      process.stdout.write(JSON.stringify({ applied: await migrateUp(urls) }) + '\n');
      return 0;
    case 'down':
      process.stdout.write(JSON.stringify({ reverted: await migrateDown(urls) }) + '\n');
      return 0;
    case 'status':
      process.stdout.write(JSON.stringify(await migrationStatus(urls)) + '\n');
      return 0;
    default:
      throw new UsageError(`unknown action '${action}': use up, down or status`);
  }
}
