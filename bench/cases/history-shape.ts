// What a workflow's history says it did, split at its Updates: the shape the
// bare yardstick copies (bench/cases/bare-workflow.ts), and the counts the
// bench prints for the product and for the yardstick side by side.
import type { temporal } from '@temporalio/proto';

export interface BareSegment { activities: number; locals: number; upserts: number; timers: number }
/** What the workflow does before its first Update, and what each Update does (with the Update's name, or the driver's label). */
export interface BarePlan { start: BareSegment; updates: (BareSegment & { kind: string })[] }

export interface HistoryCounts {
  events: number;
  workflowTasks: number;
  activities: number;
  locals: number;
  updates: number;
  timers: number;
  upserts: number;
}

const empty = (): BareSegment => ({ activities: 0, locals: 0, upserts: 0, timers: 0 });

export function historyShape(history: temporal.api.history.v1.IHistory, label: (name: string, index: number) => string = (n) => n): { plan: BarePlan; counts: HistoryCounts } {
  const plan: BarePlan = { start: empty(), updates: [] };
  const counts: HistoryCounts = { events: 0, workflowTasks: 0, activities: 0, locals: 0, updates: 0, timers: 0, upserts: 0 };
  let current: BareSegment = plan.start;
  for (const e of history.events ?? []) {
    counts.events += 1;
    if (e.workflowTaskCompletedEventAttributes) counts.workflowTasks += 1;
    if (e.workflowExecutionUpdateAcceptedEventAttributes) {
      counts.updates += 1;
      const name = e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest?.input?.name ?? '?';
      const segment = { ...empty(), kind: label(name, plan.updates.length) };
      plan.updates.push(segment);
      current = segment;
    } else if (e.activityTaskScheduledEventAttributes) {
      counts.activities += 1;
      current.activities += 1;
    } else if (e.markerRecordedEventAttributes?.markerName === 'core_local_activity') {
      counts.locals += 1;
      current.locals += 1;
    } else if (e.timerStartedEventAttributes) {
      counts.timers += 1;
      current.timers += 1;
    } else if (e.upsertWorkflowSearchAttributesEventAttributes) {
      counts.upserts += 1;
      current.upserts += 1;
    }
  }
  return { plan, counts };
}

export function meanCounts(all: HistoryCounts[]): HistoryCounts {
  const mean = { events: 0, workflowTasks: 0, activities: 0, locals: 0, updates: 0, timers: 0, upserts: 0 };
  for (const c of all) for (const k of Object.keys(mean) as (keyof HistoryCounts)[]) mean[k] += c[k] / all.length;
  return mean;
}
