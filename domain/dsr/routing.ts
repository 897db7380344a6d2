// Routing a data-subject request to the customer organisations that control case
// data about the subject (DOMAIN.md, "Routing"): one child workflow per organisation
// (id dsr/<requestId>/org/<orgId>), a task for its admins, and their decision. And the
// automatic AML hold on case data (hvidvaskloven § 30): kept while the customer
// relationship lasts and for 5 years after it ends; an erasure never removes it.
import { z } from 'zod';

export const ROUTED_PART_WORKFLOW = 'dsrRoutedPart';
export const DECIDE_ROUTED_PART_UPDATE = 'decideRoutedPart';
export const routedPartWorkflowId = (requestId: string, orgId: string): string => `dsr/${requestId}/org/${orgId}`;

/**
 * What the organisation decides: it answered the requester itself (`handled_by_org`),
 * the person is not one of its clients' parties (`no_match`), or Clientnote is to
 * erase the matched case parties that no AML hold covers (`erase_unheld`).
 */
export const ROUTED_DECISIONS = ['handled_by_org', 'no_match', 'erase_unheld'] as const;
export const routedDecisionSchema = z.enum(ROUTED_DECISIONS);
export type RoutedDecision = z.infer<typeof routedDecisionSchema>;

export interface RoutedPartInput { requestId: string; orgId: string }
export interface DecideRoutedPartArgs { decision: RoutedDecision; actorId: string }
export interface RoutedPartResult { decision: RoutedDecision | null }

export const AML_RETENTION_YEARS = 5;

/** The last day of the § 30 retention: relationship end + 5 years (YYYY-MM-DD), or the case's own retention date when set. */
export function amlRetentionUntil(relationshipEndedOn: string, retentionUntil: string | null = null): string {
  if (retentionUntil) return retentionUntil;
  const [y, m, d] = relationshipEndedOn.split('-').map(Number) as [number, number, number];
  // 29 February + 5 years is 1 March (the day after 28 February): the later, safe side.
  const until = new Date(Date.UTC(y + AML_RETENTION_YEARS, m - 1, d));
  return until.toISOString().slice(0, 10);
}

export type AmlHold = { held: true; reason: 'relationship_active' } | { held: true; reason: 'retention_period'; until: string } | { held: false; until: string };

/** Is case data held under § 30 on `today` (YYYY-MM-DD, Copenhagen)? While the relationship lasts always; after it ends, until the retention date. */
export function amlHold(c: { relationshipEndedOn: string | null; retentionUntil: string | null }, today: string): AmlHold {
  if (!c.relationshipEndedOn) return { held: true, reason: 'relationship_active' };
  const until = amlRetentionUntil(c.relationshipEndedOn, c.retentionUntil);
  return today <= until ? { held: true, reason: 'retention_period', until } : { held: false, until };
}
