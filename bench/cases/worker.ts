// One worker process for bench/cases.bench.ts, as production runs it (`clientnote
// worker`): the product worker through createWorker (prebuilt bundle, real
// activities, the stored-list screening index), or the bare yardstick's worker
// (bench/cases/bare-workflow.ts, no-op activities) on its own task queue. The
// configuration comes from the environment the bench gives it. It prints
// `ready` once it polls (the bare worker then `started <workflow id>` when a
// yardstick workflow's start is done); SIGTERM stops it (Temporal's runtime shuts the worker down).
//
//   node --import tsx bench/cases/worker.ts product
//   node --import tsx bench/cases/worker.ts bare <bundle file> <task queue>
import { Context } from '@temporalio/activity';
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig } from '../../config/index.ts';
import { createLogger } from '../../config/logger.ts';
import { createKnex } from '../../db/knex.ts';
import { createWorker } from '../../worker/create-worker.ts';
import { installTemporalRuntime } from '../../worker/runtime-logger.ts';
import { dataConverter } from '../../temporal/data-converter.ts';

const [kind, bundlePath, taskQueue] = process.argv.slice(2);
const config = loadConfig();
const logger = createLogger(config, 'bench-worker');

if (kind === 'product') {
  const knex = createKnex(config.database.appUrl);
  const { worker, close } = await createWorker(config, { knex, logger });
  const running = worker.run();
  process.stdout.write('ready\n');
  await running;
  await close();
  await knex.destroy();
} else if (kind === 'bare' && bundlePath && taskQueue) {
  installTemporalRuntime(logger);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection, namespace: config.temporal.namespace, taskQueue, workflowBundle: { codePath: bundlePath },
    activities: {
      async noop(mark?: string) {
        // The start is done: the driver sends the first Update (bench/cases/bare-workflow.ts).
        if (mark) process.stdout.write(`${mark} ${Context.current().info.workflowExecution?.workflowId ?? '?'}\n`);
      },
    },
    dataConverter: dataConverter(config.codecKeys),
  });
  const running = worker.run();
  process.stdout.write('ready\n');
  await running;
  await connection.close();
} else {
  process.stderr.write('usage: worker.ts product | bare <bundle file> <task queue>\n');
  process.exitCode = 2;
}
