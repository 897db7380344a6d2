// clientnote worker: one Temporal worker process. Temporal's runtime handles
// SIGINT/SIGTERM: running activities finish or are retried elsewhere.
import { loadConfig } from '../../config/index.ts';
import { createLogger } from '../../config/logger.ts';
import { createKnex } from '../../db/knex.ts';
import { createWorkflowGateway } from '../../temporal/client/gateway.ts';
import { createWorker } from '../../worker/create-worker.ts';
import { assertSafeForProduction } from '../production-guard.ts';

export async function run(_args: string[]): Promise<number> {
  const config = loadConfig();
  const logger = createLogger(config, 'worker');
  const knex = createKnex(config.database.appUrl);
  try {
    await assertSafeForProduction(config, knex);
    const { worker, close } = await createWorker(config, { knex, logger });
    // The daily retention sweep's Schedule exists wherever a worker runs (created, or brought up to date).
    const gateway = await createWorkflowGateway(config, 'eager');
    try {
      await gateway.retention.ensureSchedule();
    } finally {
      await gateway.close();
    }
    try {
      logger.info({ taskQueue: config.temporal.taskQueue }, 'worker running');
      await worker.run();
    } finally {
      await close();
    }
    return 0;
  } finally {
    await knex.destroy();
  }
}
