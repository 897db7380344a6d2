// The console benchmark's long history (bundled for bench/workflow-console.bench.ts
// only, never by the product): one no-op activity and one short timer after another
// until the history holds about `events` events, as a long-lived case would collect
// activities and timers over years. It carries the OrgId search attribute like a case.
import { proxyActivities, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

const OrgId = defineSearchAttributeKey('OrgId', SearchAttributeType.KEYWORD);
const { noop } = proxyActivities<{ noop(input: { step: number }): Promise<{ step: number }> }>({ startToCloseTimeout: '10 seconds' });

export async function longHistory(orgId: string, events: number): Promise<number> {
  upsertSearchAttributes([{ key: OrgId, value: orgId }]);
  let step = 0;
  // Each round adds about 32 events: four activities at once (3 each), one after another
  // (3 each), a timer (2), and the workflow tasks between them; it stops at `events` or just past it.
  while (workflowInfo().historyLength < events) {
    await Promise.all([0, 1, 2, 3].map((i) => noop({ step: step * 10 + i })));
    await noop({ step });
    await sleep(1);
    step += 1;
  }
  // Then it waits, running, with a pending timer, as a case in monitoring does.
  await sleep('30 days');
  return step;
}
