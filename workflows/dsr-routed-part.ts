// One routed part of a data-subject request (id dsr/<requestId>/org/<orgId>), a child
// of dataSubjectRequest: the organisation that controls case data about the subject
// gets its task and mail, then its admin decides (an Update whose validator allows one
// decision). Ids and enums only; the organisation's note stays in Postgres.
import { allHandlersFinished, condition, defineQuery, defineUpdate, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { refuseUnless } from './refusal.ts';
import { OrgId, RequestId } from './search-attributes.ts';
import { DomainRefusal } from '../domain/refusal.ts';
import { DECIDE_ROUTED_PART_UPDATE, type DecideRoutedPartArgs, type RoutedDecision, type RoutedPartInput, type RoutedPartResult } from '../domain/dsr/routing.ts';

export const decideRoutedPartUpdate = defineUpdate<{ decision: RoutedDecision }, [DecideRoutedPartArgs]>(DECIDE_ROUTED_PART_UPDATE);
export const routedPartStateQuery = defineQuery<{ forwarded: boolean; decision: RoutedDecision | null }>('routedPartState');

const { forwardToOrganisation, recordRoutedDecision } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function dsrRoutedPart(input: RoutedPartInput): Promise<RoutedPartResult> {
  upsertSearchAttributes([{ key: OrgId, value: input.orgId }, { key: RequestId, value: input.requestId }]);
  let forwarded = false;
  let decision: RoutedDecision | null = null;
  setHandler(routedPartStateQuery, () => ({ forwarded, decision }));
  // The part is listed to the organisation as soon as its row is written, while the
  // forwarding mail may still be on its way: a decision then waits for the forwarding
  // to finish instead of being refused.
  let deciding = false;
  setHandler(decideRoutedPartUpdate, async (args) => {
    deciding = true;
    await condition(() => forwarded);
    decision = args.decision;
    await recordRoutedDecision({ ...input, ...args });
    return { decision: args.decision };
  }, {
    validator: (_args) => refuseUnless(() => {
      if (decision !== null || deciding) throw new DomainRefusal('the organisation has already decided');
    }),
  });
  await forwardToOrganisation(input);
  forwarded = true;
  await condition(() => decision !== null);
  await condition(allHandlersFinished);
  return { decision };
}
