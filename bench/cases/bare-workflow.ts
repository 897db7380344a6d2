// The bench's yardstick (bundled for bench/cases.bench.ts only, never by the
// product): a bare workflow that runs the same number of no-op activities one
// after another as a KYC case does on its way to review, and a twin that also
// takes the same number of Updates (each one runs one no-op activity, as a
// case's human step runs its projection write).
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

const { noop } = proxyActivities<{ noop(): Promise<void> }>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export const stepUpdate = defineUpdate<number, []>('step');

export async function bareCase(activities: number): Promise<number> {
  for (let i = 0; i < activities; i++) await noop();
  return activities;
}

/** `activities` in all, of which one per Update; the rest run before the first Update (as a case's automated start does). */
export async function bareCaseWithUpdates(activities: number, updates: number): Promise<number> {
  let received = 0;
  let busy = false;
  setHandler(stepUpdate, async () => {
    await condition(() => !busy);
    busy = true;
    try {
      await noop();
      received += 1;
      return received;
    } finally {
      busy = false;
    }
  });
  for (let i = 0; i < activities - updates; i++) await noop();
  await condition(() => received >= updates);
  return activities;
}
