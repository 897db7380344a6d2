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
import { workerMailer } from './mailer.ts';
import type { Mailer } from '../providers/mail/mailer.ts';
import { createIndexService, type IndexService } from '../screening/index-service.ts';
import { createDocumentStorage, type DocumentStorage } from '../providers/storage/index.ts';

/** How often the worker checks for a new list version to index (one small query). */
const INDEX_WATCH_MS = 2_000;

export interface WorkerHandle {
  worker: Worker;
  connection: NativeConnection;
  /** The screening index, built before the worker polls for tasks. */
  screeningIndex: IndexService;
  /** Close after the worker has stopped. */
  close(): Promise<void>;
}

export async function createWorker(
  config: Config,
  deps: { knex: Knex; logger: Logger; afterCommit?: ActivityDeps['afterCommit']; mailer?: Mailer; documentStorage?: DocumentStorage },
): Promise<WorkerHandle> {
  const mailer = deps.mailer ?? workerMailer(config, deps.knex);
  // The screening index over the current list versions: built now, at worker
  // start, and rebuilt in the background when a new version lands.
  const screeningIndex = createIndexService(deps.knex, { checkEveryMs: INDEX_WATCH_MS });
  const built = await screeningIndex.refresh();
  deps.logger.info({ lists: built.signature.split(',').filter(Boolean).map((s) => s.split('#')[0]), entities: built.index.entities.length }, 'screening index built');
  const stopWatching = screeningIndex.watch(INDEX_WATCH_MS, (error) => deps.logger.warn({ err: error }, 'checking for new list versions failed'));
  installTemporalRuntime(deps.logger);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const bundle = prebuiltBundle();
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createActivities({ knex: deps.knex, registry: createRegistry(config), mailer, ai: config.ai, secret: config.secret, publicUrl: config.publicUrl, screeningIndex,
      documentStorage: deps.documentStorage ?? createDocumentStorage(config), ...(deps.afterCommit ? { afterCommit: deps.afterCommit } : {}) }),
    ...(bundle ? { workflowBundle: bundle } : { workflowsPath: WORKFLOWS_PATH }),
    dataConverter: dataConverter(config.codecKeys),
  });
  return {
    worker,
    connection,
    screeningIndex,
    async close() {
      stopWatching();
      if (!deps.mailer) mailer.close();
      await connection.close();
    },
  };
}
