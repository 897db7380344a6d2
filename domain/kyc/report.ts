// The KYC report's version: what a reviewer approves names exactly this, and a
// decision naming another version is stale (409). Pure: the digest is passed in
// (db/sha256.ts's sha256Hex on the server).

export interface ReportSection { key: string; text: string; accepted: boolean }

/** The canonical text of the report as it stands: the case, and each section's key, text and acceptance, in order. */
export function reportCanonicalText(caseId: string, sections: readonly ReportSection[]): string {
  return JSON.stringify([caseId, sections.map((s) => [s.key, s.text, s.accepted])]);
}

/** The hash of the report as it stands: what a reviewer approves. */
export function reportVersionOf(caseId: string, sections: readonly ReportSection[], sha256Hex: (text: string) => string): string {
  return sha256Hex(reportCanonicalText(caseId, sections));
}
