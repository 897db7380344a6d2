// How long `clientnote start` takes to become healthy: cold (nothing running,
// a fresh data directory and database, bundles built, Temporal binary
// installed) and warm (a restart on the same data). Targets: < 60 s and < 15 s.
import { createStartSandbox, runStart } from '../test/harness/start-command.ts';

const sandbox = await createStartSandbox();
try {
  const cold = await runStart(sandbox.env);
  await cold.stop();
  const warm = await runStart(sandbox.env);
  await warm.stop();
  process.stdout.write(`| start | measured | target |\n|---|---|---|\n| cold | ${cold.seconds.toFixed(1)} s | < 60 s |\n| warm (restart) | ${warm.seconds.toFixed(1)} s | < 15 s |\n`);
} finally {
  await sandbox.dispose();
}
