// The bench's yardstick (bundled for bench/cases.bench.ts only, never by the
// product): a bare workflow of the same shape as a KYC case on its way to
// review, everything a no-op. The shape is counted from the warm-up cases'
// histories (bench/cases/history-shape.ts): what the workflow does before the
// first Update (ordinary activities, local activities, search-attribute
// upserts, timers) and what each Update does. The driver sends the same number
// of Updates, one after the other, as a handler sends a case's Updates, the
// first once the start is done (as a handler waits for the registry data); they
// take turns under one lock, as the case's transitions do.
// Like a case at review, the workflow then stays open.
import { condition, defineUpdate, proxyActivities, proxyLocalActivities, setHandler, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import { CaseId, CaseStatus, CaseStep, OrgId } from '../../workflows/search-attributes.ts';
import type { BarePlan, BareSegment } from './history-shape.ts';

const { noop } = proxyActivities<{ noop(): Promise<void> }>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const { noop: localNoop } = proxyLocalActivities<{ noop(mark?: string): Promise<void> }>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Update `index` of the plan (its kind is only a label for the driver's latencies). */
export const bareUpdate = defineUpdate<number, [number]>('bareStep');

export async function bareCase(plan: BarePlan, id: string): Promise<void> {
  const lock = new Mutex();
  let upserts = 0;
  let received = 0;
  /** `mark` goes with the segment's last local activity (the worker tells the driver, as a case's registry write tells the handler's poll). */
  const run = async (segment: BareSegment, mark?: string): Promise<void> => {
    for (let i = 0; i < segment.upserts; i++) {
      upserts += 1;
      upsertSearchAttributes(upserts === 1
        ? [{ key: OrgId, value: id }, { key: CaseId, value: id }]
        : [{ key: CaseStatus, value: `s${upserts}` }, { key: CaseStep, value: `s${upserts}` }]);
    }
    // A case records an event (local) before it calls out (ordinary), then records the outcome.
    const before = segment.activities ? Math.min(1, segment.locals) : segment.locals;
    const local = (i: number) => (mark && i === segment.locals - 1 ? localNoop(mark) : localNoop());
    for (let i = 0; i < before; i++) await local(i);
    for (let i = 0; i < segment.activities; i++) await noop();
    for (let i = before; i < segment.locals; i++) await local(i);
    // Deadlines (the SLA clock) that do not come due before review.
    for (let i = 0; i < segment.timers; i++) void sleep('30 days');
  };
  setHandler(bareUpdate, (index) => lock.runExclusive(async () => {
    await run(plan.updates[index] ?? { activities: 0, locals: 0, upserts: 0, timers: 0 });
    received += 1;
    return received;
  }));
  await lock.runExclusive(() => run(plan.start, 'started'));
  await condition(() => received >= plan.updates.length);
  // A case at review waits for the reviewer's decision: stay open the same way.
  await condition(() => false);
}
