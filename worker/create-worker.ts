// The worker: activities from createActivities(deps), workflows from the
// prebuilt bundle, payloads through the encryption codec.
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.ts';
import type { Knex } from '../db/knex.ts';
import { createActivities, type ActivityDeps } from '../activities/index.ts';
import { createRegistry } from '../providers/registry/index.ts';
import { dataConverter } from '../temporal/data-converter.ts';
import { prebuiltBundle, WORKFLOWS_PATH } from './bundle.ts';
import { installTemporalRuntime } from './runtime-logger.ts';
import { workerMailer } from '../api/mail-setup.ts';
import type { Mailer } from '../providers/mail/mailer.ts';

export interface WorkerHandle {
  worker: Worker;
  connection: NativeConnection;
  /** Close after the worker has stopped. */
  close(): Promise<void>;
}

export async function createWorker(
  config: Config,
  deps: { knex: Knex; logger: Logger; afterCommit?: ActivityDeps['afterCommit']; mailer?: Mailer },
): Promise<WorkerHandle> {
  const mailer = deps.mailer ?? workerMailer(config, deps.knex);
  installTemporalRuntime(deps.logger);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const bundle = prebuiltBundle();
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createActivities({ knex: deps.knex, registry: createRegistry(config), mailer, ...(deps.afterCommit ? { afterCommit: deps.afterCommit } : {}) }),
    ...(bundle ? { workflowBundle: bundle } : { workflowsPath: WORKFLOWS_PATH }),
    dataConverter: dataConverter(config.codecKeys),
  });
  return {
    worker,
    connection,
    async close() {
      if (!deps.mailer) mailer.close();
      await connection.close();
    },
  };
}
