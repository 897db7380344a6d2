// The case file as a PDF (PDFKit): a cover, the client, ownership drawn as an
// indented tree (owners → client with their shares), the parties and how each
// was verified, the business relationship, screening decisions, the risk
// assessment with its reasons, the accepted report text, the conclusion and
// the approvals. Every page's footer carries the report version (the hash a
// reviewer approves) and "page i of n". Labels follow `labels` (the case's
// language unless asked otherwise); what the handler wrote is printed as it is.
import PDFDocument from 'pdfkit';
import { fontSet, type FontFace, type FontSet, type Weight } from './fonts.ts';
import { REPORT_LABELS, riskReasonText, riskRuleText, type ReportLabels, type ReportLanguage } from './labels.ts';
import type { CaseFileReport } from './case-file-report.ts';

const MARGIN = 50;
const FOOTER = 46;
const LABEL_WIDTH = 150;
const GREY = '#555555';
const INK = '#111111';

type Doc = InstanceType<typeof PDFDocument>;
interface TextOptions { weight?: Weight; size?: number; color?: string; x?: number; y?: number; width?: number; indent?: number; gap?: number }

class Writer {
  readonly doc: Doc;
  private readonly registered = new Set<string>();
  private readonly sets: Record<Weight, FontSet> = { 400: fontSet(400), 700: fontSet(700) };

  constructor(doc: Doc) {
    this.doc = doc;
  }

  get left() { return this.doc.page.margins.left; }
  get width() { return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right; }
  get bottom() { return this.doc.page.height - this.doc.page.margins.bottom; }

  private use(face: FontFace, set: FontSet): void {
    if (!this.registered.has(face.name)) {
      this.doc.registerFont(face.name, set.bytes(face));
      this.registered.add(face.name);
    }
    this.doc.font(face.name);
  }

  /** Write a text in the faces that cover its characters (Latin, Cyrillic, Chinese, …), wrapping as one paragraph. */
  text(value: string, o: TextOptions = {}): void {
    const set = this.sets[o.weight ?? 400];
    this.doc.fontSize(o.size ?? 10).fillColor(o.color ?? INK);
    const x = o.x ?? this.left + (o.indent ?? 0);
    const lines = value.split(/\r?\n/);
    // One line at a time: PDFKit's continued text misplaces a line break inside a run of another font.
    lines.forEach((line, l) => {
      const runs = set.runs(line.length ? line : ' ');
      const options = { width: o.width ?? this.width - (o.indent ?? 0), lineGap: 1.5, paragraphGap: l === lines.length - 1 ? o.gap ?? 0 : 0 };
      runs.forEach((run, i) => {
        this.use(run.face, set);
        const continued = i < runs.length - 1;
        if (i === 0) this.doc.text(run.text, x, l === 0 ? o.y ?? this.doc.y : this.doc.y, { ...options, continued });
        else this.doc.text(run.text, { ...options, continued });
      });
    });
    this.doc.x = this.left;
  }

  /** The height a text will take (measured in the Latin face: close enough to keep blocks together). */
  heightOf(value: string, width: number, size = 10): number {
    const set = this.sets[400];
    this.use(set.runs('a')[0]!.face, set);
    this.doc.fontSize(size);
    return this.doc.heightOfString(value || ' ', { width, lineGap: 1.5 });
  }

  /** Start a new page when less than `height` is left on this one. */
  keep(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  heading(value: string): void {
    this.keep(60);
    this.doc.moveDown(0.8);
    this.text(value, { weight: 700, size: 14 });
    const y = this.doc.y + 2;
    this.doc.moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(0.5).strokeColor('#999999').stroke();
    this.doc.y = y + 6;
  }

  subheading(value: string, indent = 0): void {
    this.keep(40);
    this.doc.moveDown(0.4);
    this.text(value, { weight: 700, size: 11, indent });
    this.doc.moveDown(0.15);
  }

  /** One label–value row; rows never split across pages unless a value is longer than a page. */
  row(label: string, value: string, indent = 0): void {
    const valueWidth = this.width - indent - LABEL_WIDTH;
    this.keep(Math.min(this.heightOf(value, valueWidth), this.bottom - this.doc.page.margins.top) + 4);
    const y = this.doc.y;
    const page = this.doc.page;
    this.text(label, { color: GREY, x: this.left + indent, y, width: LABEL_WIDTH - 8 });
    const labelEnd = this.doc.y;
    this.text(value, { x: this.left + indent + LABEL_WIDTH, y, width: valueWidth });
    this.doc.y = (this.doc.page === page ? Math.max(labelEnd, this.doc.y) : this.doc.y) + 3;
    this.doc.x = this.left;
  }

  paragraph(value: string, indent = 0): void {
    this.keep(Math.min(this.heightOf(value, this.width - indent), 60));
    this.text(value, { indent, gap: 4 });
    this.doc.moveDown(0.3);
  }
}

const pct = (b: { low: number; high: number } | null) => (b ? (b.low === b.high ? `${fmtNum(b.low)} %` : `${fmtNum(b.low)}–${fmtNum(b.high)} %`) : null);
// Numbers in the labels' locale (33,33 in Danish). Set at the start of a render: everything is drawn
// synchronously before the first await, so two renders never interleave here.
let numberLocale = 'da-DK';
const fmtNum = (n: number) => n.toLocaleString(numberLocale, { maximumFractionDigits: 2 });

export interface RenderOptions {
  /** The labels' language; the case's language when not given. Never changes the approved text. */
  labels?: ReportLanguage;
}

/** The PDF of a case's file. */
export async function renderCaseFilePdf(report: CaseFileReport, options: RenderOptions = {}): Promise<Buffer> {
  const lang = options.labels ?? report.language;
  const L = REPORT_LABELS[lang];
  const locale = lang === 'da' ? 'da-DK' : 'en-GB';
  numberLocale = locale;
  const when = (iso: string | null) => (iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Copenhagen' }).format(new Date(iso)) : '—');
  const day = (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Copenhagen' }).format(new Date(iso));
  const clientName = report.client.name ?? report.client.cvr ?? '—';

  const doc = new PDFDocument({
    size: 'A4', bufferPages: true, autoFirstPage: true,
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER },
    info: { Title: `${L.title}: ${clientName}`, Subject: `${L.reportVersion} ${report.reportVersion}`, Producer: 'Clientnote', Creator: 'Clientnote' },
    lang: lang === 'da' ? 'da-DK' : 'en-GB',
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => { doc.on('end', resolve); doc.on('error', reject); });
  const w = new Writer(doc);

  cover(w, report, L, day);
  doc.addPage();
  clientFacts(w, report, L);
  ownership(w, report, L);
  parties(w, report, L, when);
  relationship(w, report, L);
  screening(w, report, L, when);
  risk(w, report, L, when);
  sections(w, report, L);
  approvals(w, report, L, when);

  footers(w, report, L);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

function cover(w: Writer, r: CaseFileReport, L: ReportLabels, day: (iso: string) => string): void {
  w.doc.y = 160;
  w.text(L.title, { weight: 700, size: 26 });
  w.doc.moveDown(0.3);
  w.text(L.subtitle, { size: 11, color: GREY });
  w.doc.moveDown(2);
  w.text(r.client.name ?? '—', { weight: 700, size: 18 });
  w.doc.moveDown(1);
  if (r.client.cvr) w.row(L.cvr, r.client.cvr);
  w.row(L.caseType, L.caseTypes[r.type]);
  w.row(L.status, L.statuses[r.status]);
  w.row(L.date, day(r.date));
  if (r.organisation) w.row(L.organisation, r.organisation);
  if (r.riskLevel) w.row(L.riskLevel, L.levels[r.riskLevel]);
  if (r.dueDiligence) w.row(L.dueDiligence, L.dd[r.dueDiligence]);
  if (r.pep) w.row(L.pep, L.yes);
  if (r.conclusion) w.row(L.conclusion, L.conclusionValue[r.conclusion]);
  w.row(L.caseId, r.caseId);
}

function clientFacts(w: Writer, r: CaseFileReport, L: ReportLabels): void {
  w.heading(L.clientFacts);
  const f = r.clientFacts ?? {};
  w.row(L.client, `${r.client.name ?? '—'} (${r.client.kind === 'company' ? L.company : L.person})`);
  if (r.client.cvr) w.row(L.cvr, r.client.cvr);
  if (f.legalForm) w.row(L.legalForm, f.legalForm);
  if (f.address) w.row(L.address, f.address);
  if (f.industry?.text || f.industry?.code) w.row(L.industry, [f.industry.code, f.industry.text].filter(Boolean).join(' '));
  if (f.foundedOn) w.row(L.foundedOn, f.foundedOn);
  if (f.status) w.row(L.registryStatus, f.status);
  if (f.country) w.row(L.country, f.country);
  if (f.birthDate) w.row(L.birthDate, f.birthDate);
}

/** Owners → client as an indented tree: each owner under what it owns, with its share and voting rights. */
function ownership(w: Writer, r: CaseFileReport, L: ReportLabels): void {
  w.heading(L.ownership);
  const subject = r.parties.find((p) => p.isSubject);
  if (!r.owners.length || !subject) {
    w.paragraph(L.ownershipNone);
  } else {
    w.text(subject.name, { weight: 700 });
    w.doc.moveDown(0.2);
    const draw = (ownedId: string, depth: number, seen: Set<string>) => {
      for (const edge of r.owners.filter((o) => o.ownedId === ownedId)) {
        if (seen.has(edge.ownerId)) continue;
        const shares = [pct(edge.share) && `${L.share} ${pct(edge.share)}`, pct(edge.voting) && `${L.voting} ${pct(edge.voting)}`].filter(Boolean).join(', ');
        w.keep(16);
        w.text(`${'│   '.repeat(depth)}└─ ${edge.owner}${shares ? ` (${shares})` : ''}`, { indent: 4 });
        draw(edge.ownerId, depth + 1, new Set([...seen, edge.ownerId]));
      }
    };
    draw(subject.id, 0, new Set([subject.id]));
  }
  const ubos = r.parties.filter((p) => p.ubo);
  if (ubos.length) {
    w.subheading(L.ubo);
    for (const p of ubos) w.row(p.name, [L.uboCertainty[p.ubo!.certainty], pct(p.ubo!.share) && `${L.share} ${pct(p.ubo!.share)}`, pct(p.ubo!.voting) && `${L.voting} ${pct(p.ubo!.voting)}`].filter(Boolean).join(', '));
  }
  if (r.uboFallback) w.paragraph(L.uboFallback);
}

function parties(w: Writer, r: CaseFileReport, L: ReportLabels, when: (iso: string | null) => string): void {
  w.heading(L.parties);
  for (const p of r.parties) {
    w.subheading(p.name);
    w.row(L.roles, [p.kind === 'company' ? L.company : L.person, ...p.roles.map((x) => L.roleNames[x] ?? x)].join(', '));
    if (p.cvr) w.row(L.cvr, p.cvr);
    if (p.birthDate) w.row(L.birthDate, p.birthDate);
    if (p.country) w.row(L.country, p.country);
    if (p.nationality) w.row(L.nationality, p.nationality);
    if (p.verification) {
      const v = p.verification;
      w.row(L.verification, L.methods[v.method]);
      if (v.document) w.row(L.document, v.document);
      if (v.description) w.row(L.description, v.description);
      w.row(L.verifiedBy, v.by ?? '—');
      w.row(L.verifiedAt, when(v.at));
    } else {
      w.row(L.verification, p.mustBeVerified ? L.notVerified : L.notRequired);
    }
  }
}

function relationship(w: Writer, r: CaseFileReport, L: ReportLabels): void {
  w.heading(L.relationship);
  const x = r.relationship;
  const or = (s: string | null | undefined) => (s && s.trim() ? s : L.notAnswered);
  w.row(L.purpose, or(x?.purpose));
  w.row(L.nature, or(x?.nature));
  w.row(L.expectedActivity, or(x?.expectedActivity));
  w.row(L.sourceOfFunds, or(x?.sourceOfFunds));
  w.row(L.sourceOfWealth, or(x?.sourceOfWealth));
  w.row(L.product, x?.product ? L.products[x.product] : L.notAnswered);
  w.row(L.deliveryChannel, x?.deliveryChannel ? L.channels[x.deliveryChannel] : L.notAnswered);
}

function screening(w: Writer, r: CaseFileReport, L: ReportLabels, when: (iso: string | null) => string): void {
  w.heading(L.screening);
  if (!r.hits.length) {
    w.paragraph(L.screeningNone);
    return;
  }
  for (const h of r.hits) {
    w.subheading(`${h.party} → ${h.listedName}`);
    w.row(L.list, h.list);
    w.row(L.score, fmtNum(h.score));
    w.row(L.decision, L.hitDecisions[h.decision]);
    if (h.reason) w.row(L.reason, h.reason);
    if (h.by) w.row(L.decidedBy, h.by);
    if (h.at) w.row(L.time, when(h.at));
  }
}

function risk(w: Writer, r: CaseFileReport, L: ReportLabels, when: (iso: string | null) => string): void {
  w.heading(L.risk);
  if (r.riskLevel) w.row(L.riskLevel, L.levels[r.riskLevel]);
  if (r.dueDiligence) w.row(L.dueDiligence, L.dd[r.dueDiligence]);
  w.row(L.pep, r.pep ? L.yes : L.no);
  const a = r.risk.assessment;
  if (a) {
    w.row(L.totalScore, `${fmtNum(a.score)} (${L.levels[a.riskLevel]})`);
    w.row(L.model, a.modelVersion);
    w.subheading(`${L.factor} · ${L.score} × ${L.weight} = ${L.contribution}`);
    for (const reason of a.reasons) {
      w.row(L.factors[reason.factor] ?? reason.factor, `${fmtNum(reason.score)} × ${fmtNum(reason.weight)} = ${fmtNum(reason.contribution)} · ${riskReasonText(reason, L)}`);
    }
    if (a.rules.length) w.row(L.rules, a.rules.map((rule) => riskRuleText(rule, L)).join('\n'));
  }
  const o = r.risk.override;
  if (o) {
    w.subheading(L.override);
    w.row(L.riskLevel, L.levels[o.riskLevel]);
    w.row(L.justification, o.justification);
    w.row(L.by, `${o.by ?? '—'}, ${when(o.at)}`);
  }
}

function sections(w: Writer, r: CaseFileReport, L: ReportLabels): void {
  w.heading(L.report);
  for (const s of r.sections) {
    w.subheading(L.sections[s.key] ?? s.key);
    for (const para of s.text.split(/\n{2,}/)) w.paragraph(para);
  }
  w.heading(L.conclusion);
  w.paragraph(r.conclusion ? L.conclusionValue[r.conclusion] : '—');
}

function approvals(w: Writer, r: CaseFileReport, L: ReportLabels, when: (iso: string | null) => string): void {
  w.heading(L.approvals);
  if (!r.approvals.length) {
    w.paragraph(L.approvalsNone);
    return;
  }
  for (const a of r.approvals) {
    w.subheading(`${L.decisions[a.decision] ?? a.decision}: ${a.name ?? '—'}`);
    w.row(L.capacity, L.capacities[a.capacity] ?? a.capacity);
    w.row(L.time, when(a.at));
    if (a.comment) w.row(L.comment, a.comment);
  }
}

/** The report version and "page i of n" at the foot of every page. */
function footers(w: Writer, r: CaseFileReport, L: ReportLabels): void {
  const doc = w.doc;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN - 10;
    doc.moveTo(MARGIN, y - 6).lineTo(doc.page.width - MARGIN, y - 6).lineWidth(0.5).strokeColor('#bbbbbb').stroke();
    w.text(`${L.reportVersion}: ${r.reportVersion}`, { size: 7, color: GREY, x: MARGIN, y, width: doc.page.width - 2 * MARGIN - 80 });
    w.text(`${L.page} ${i - range.start + 1} ${L.of} ${range.count}`, { size: 8, color: GREY, x: doc.page.width - MARGIN - 80, y, width: 80 });
    doc.page.margins.bottom = bottom;
  }
}
