// How long the case-file PDF takes to render: a large case (many parties with
// verifications, screening hits, long report sections; Danish, Cyrillic and
// Chinese names) that fills about 20 pages, rendered from its data (the
// Postgres reads are not part of it). Goal: under 1 s. The first render loads
// and parses the fonts; the figure is the median of the warm runs after it.
//   npm run bench:case-pdf                          (10 warm runs)
//   npm run bench:case-pdf -- --runs 20 --out /tmp/case.pdf   (also writes the PDF)
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { renderCaseFilePdf } from '../reports/case-file-pdf.ts';
import type { CaseFileReport } from '../reports/case-file-report.ts';

const LOREM = 'Kunden driver bageri i København med tre udsalgssteder og omkring 25 ansatte. Omsætningen kommer fra salg til private og erhvervskunder; '
  + 'ejerforholdet er enkelt og dokumenteret i CVR, og den reelle ejer er identificeret med MitID. Der er ikke set forhold, der giver anledning til skærpet kundekendskab. ';

/** A case whose PDF runs to about `parties / 3 + 5` pages. */
export function largeCase(parties = 40): CaseFileReport {
  const names = ['Søren Østergaard', 'Åse Bæk Jørgensen', 'Виктор Соколов', '王小明', 'Æbeltoft Holding ApS'];
  const list = Array.from({ length: parties }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, kind: (i % 5 === 4 ? 'company' : 'person') as 'person' | 'company',
    name: `${names[i % names.length]} ${i}`, roles: i === 0 ? [] : ['legal_owner', 'representative'], isSubject: i === 0, country: 'DK', nationality: i % 5 === 2 ? 'RU' : 'DK',
    birthDate: '1970-01-01', cvr: null, ubo: i % 3 === 0 ? { certainty: 'certain' as const, share: { low: 25, high: 33.33 }, voting: { low: 25, high: 33.33 } } : null,
    mustBeVerified: i > 0,
    verification: i > 0 ? { method: 'id_document' as const, document: `pas-${i}.pdf`, description: 'Pas kontrolleret ved fysisk møde', by: 'Søren Sagsbehandler', at: '2026-12-01T10:00:00Z' } : null,
  }));
  return {
    caseId: '11111111-1111-4111-8111-111111111111', organisation: 'Demo Revision ApS', language: 'da', type: 'onboarding', status: 'monitoring',
    client: { kind: 'company', name: 'Nørrebro Bageri ApS', cvr: '38411063' },
    clientFacts: { legalForm: 'ApS', address: 'Nørrebrogade 1, 2200 København N', industry: { code: '107100', text: 'Bagerier' }, foundedOn: '2015-03-01', status: 'NORMAL', country: 'DK' },
    riskLevel: 'medium', dueDiligence: 'standard', pep: false,
    parties: list,
    owners: list.slice(1).map((p, i) => ({ ownerId: p.id, ownedId: list[Math.max(0, Math.floor(i / 3))]!.id, owner: p.name, owned: list[Math.max(0, Math.floor(i / 3))]!.name, share: { low: 25, high: 33.33 }, voting: null })),
    uboFallback: false,
    relationship: { purpose: LOREM, nature: LOREM, expectedActivity: LOREM, sourceOfFunds: LOREM, sourceOfWealth: LOREM, product: 'standard', deliveryChannel: 'in_person' },
    hits: list.slice(0, parties / 2).map((p) => ({ party: p.name, list: 'demo-sanctions', listedName: 'Viktor Sokolov', score: 0.87, decision: 'dismissed' as const, reason: 'Anden fødselsdato og nationalitet.', by: 'Søren Sagsbehandler', at: '2026-12-01T11:00:00Z' })),
    risk: {
      assessment: {
        modelVersion: 'default-2026-1', score: 20, riskLevel: 'medium', dueDiligence: 'standard', rules: [],
        reasons: (['country', 'industry', 'ownership_complexity', 'pep', 'sanctions', 'adverse_media', 'product', 'delivery_channel'] as const).map((factor) => ({ factor, score: 0.5, weight: 10, contribution: 5, detail: 'parties outside Denmark' })),
      },
      override: null,
    },
    sections: ['client_description', 'ownership_and_control', 'screening_summary', 'risk_rationale', 'conclusion'].map((key) => ({ key, text: `${LOREM.repeat(6)}\n\n${LOREM.repeat(4)}` })),
    conclusion: 'establish',
    approvals: [{ name: 'Rikke Godkender', capacity: 'reviewer', decision: 'approve', comment: null, at: '2026-12-02T09:30:00Z' }],
    reportVersion: 'a'.repeat(64),
    date: '2026-12-02T09:30:00Z',
  };
}

function pages(pdf: Buffer): number {
  const info = spawnSync('pdfinfo', ['-'], { input: pdf });
  const m = /Pages:\s+(\d+)/.exec(info.stdout?.toString() ?? '');
  return m ? Number(m[1]) : (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
}

async function main(): Promise<void> {
  const arg = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined; };
  const runs = Number(arg('runs') ?? 10);
  const out = arg('out');
  const report = largeCase();
  const t0 = performance.now();
  const first = await renderCaseFilePdf(report);
  const cold = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    await renderCaseFilePdf(report);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  if (out) writeFileSync(out, first);
  console.log(JSON.stringify({ pages: pages(first), bytes: first.length, coldMs: Math.round(cold), medianMs: Math.round(median), maxMs: Math.round(times.at(-1)!), runs }));
  if (median >= 1000) {
    console.error(`the case-file PDF took ${Math.round(median)} ms (goal: under 1000 ms)`);
    process.exitCode = 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
