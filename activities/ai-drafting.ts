// AI drafting of a report section (issue 13): the evidence pack is built from
// what the case file records (never investigations, reports to the
// authorities or CPR numbers: NEVER_IN_EVIDENCE), person names are replaced by
// placeholders when the organisation asks for it, and the model must cite the
// pack's ids in every sentence. A draft that fails the check is asked for once
// more; then the template stands, and the version says why. What was sent is
// kept only as a hash. Provider failures: 429 (after its Retry-After), 5xx,
// timeouts and broken answers are retried by Temporal; a misconfiguration
// fails at once, and the workflow records the fallback with its reason.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from '../db/knex.ts';
import { sha256Hex } from '../db/sha256.ts';
import { createCaseDataRepository } from '../db/repositories/case-data.ts';
import { createCaseFileRepository } from '../db/repositories/case-file.ts';
import { createCaseInboxRepository } from '../db/repositories/case-inbox.ts';
import { createDocumentRepository } from '../db/repositories/documents.ts';
import type { SectionKey } from '../domain/kyc/case.ts';
import { checkDraft, evidencePack, pseudonymise, type EvidenceSource } from '../domain/kyc/evidence.ts';
import { AiProviderError, createChatCompletionsClient, type ChatCompletionsClient, type ChatCompletionsConfig, type ChatMessage } from '../providers/ai/chat-completions.ts';

export const PROMPT_VERSION = 'report-section.v1';
const PROMPTS = join(import.meta.dirname, '..', 'providers', 'ai', 'prompts');
const prompt = (language: 'da' | 'en') => readFileSync(join(PROMPTS, `${PROMPT_VERSION}.${language}.md`), 'utf8');

const SECTION_PURPOSE: Record<SectionKey, { da: [string, string]; en: [string, string] }> = {
  client_description: { da: ['Kunden', 'hvem kunden er, hvad den laver, og formålet med og karakteren af forretningsforbindelsen'], en: ['The client', 'who the client is, what it does, and the purpose and nature of the business relationship'] },
  ownership_and_control: { da: ['Ejerskab og kontrol', 'ejerstrukturen, de reelle ejere, og hvordan hver persons identitet er kontrolleret'], en: ['Ownership and control', 'the ownership structure, the beneficial owners, and how each person\'s identity was verified'] },
  screening_summary: { da: ['Screening', 'resultatet af screeningen mod sanktions- og PEP-lister og beslutningen om hvert match'], en: ['Screening', 'the result of screening against sanctions and PEP lists and the decision on each match'] },
  risk_rationale: { da: ['Risikovurdering', 'risikoniveauet, kundekendskabsproceduren og de faktorer, der førte dertil'], en: ['Risk assessment', 'the risk level, the due-diligence level and the factors that led to it'] },
  conclusion: { da: ['Konklusion', 'en afvejning af ovenstående; beslutningen træffes af fagpersonen'], en: ['Conclusion', 'a weighing of the above; the decision is the professional\'s'] },
};

export interface AiDraftingDeps {
  knex: Knex;
  /** The configured provider (AI_BASE_URL, AI_MODEL, AI_API_KEY, AI_TIMEOUT_MS); null: templates only. */
  ai?: ChatCompletionsConfig | null;
}

export function createAiDraftingActivities(deps: AiDraftingDeps) {
  const data = createCaseDataRepository(deps.knex);
  const caseFile = createCaseFileRepository(deps.knex);
  const inbox = createCaseInboxRepository(deps.knex);
  const documents = createDocumentRepository(deps.knex);
  const client: ChatCompletionsClient | null = deps.ai ? createChatCompletionsClient(deps.ai) : null;

  /** The evidence a section is drafted from, in the case's language; only what the case file records for everyone to read. */
  async function evidenceSources(orgId: string, caseId: string, language: 'da' | 'en'): Promise<{ sources: EvidenceSource[]; personNames: string[] }> {
    const da = language === 'da';
    const [row, parties, owners, hits, verifications, relationship, docs, notes] = await Promise.all([
      data.caseFacts(orgId, caseId), data.parties(orgId, caseId), data.ownerships(orgId, caseId), data.hits(orgId, caseId),
      caseFile.verifications(orgId, caseId), caseFile.relationship(orgId, caseId), documents.list(orgId, caseId), inbox.notesForDrafting(orgId, caseId),
    ]);
    const facts = (row?.clientFacts ?? {}) as Record<string, any>;
    const sources: EvidenceSource[] = [];
    const add = (kind: EvidenceSource['kind'], text: string) => sources.push({ kind, text });
    add('registry', [row?.clientName, row?.clientCvr ? `CVR ${row.clientCvr}` : null, facts.legalForm, facts.industry ? `${da ? 'branche' : 'industry'} ${facts.industry.code} ${facts.industry.text}` : null,
      facts.address ? `${da ? 'adresse' : 'address'} ${facts.address}` : null, facts.foundedOn ? `${da ? 'stiftet' : 'founded'} ${facts.foundedOn}` : null].filter(Boolean).join(', '));
    const nameOf = new Map(parties.map((p) => [p.id, p.name]));
    const verified = new Map(verifications.map((v) => [v.partyId, v]));
    for (const p of parties) {
      const v = verified.get(p.id);
      add('party', `${p.name} (${p.kind === 'person' ? (da ? 'person' : 'person') : (da ? 'virksomhed' : 'company')}); ${da ? 'roller' : 'roles'}: ${p.roles.join(', ') || '—'}${p.country ? `; ${da ? 'land' : 'country'} ${p.country}` : ''}${p.birthDate ? `; ${da ? 'født' : 'born'} ${p.birthDate}` : ''}`
        + `${p.ubo ? `; ${da ? 'reel ejer' : 'beneficial owner'} (${p.ubo.certainty})` : ''}${v ? `; ${da ? 'identitet kontrolleret med' : 'identity verified by'} ${v.method}${v.description ? ` (${v.description})` : ''}` : ''}`);
    }
    for (const o of owners) {
      const share = o.share ? `${Math.round(o.share.low * 100)}–${Math.round(o.share.high * 100)} %` : '?';
      add('ownership', `${nameOf.get(o.ownerPartyId) ?? '?'} ${da ? 'ejer' : 'owns'} ${share} ${da ? 'af' : 'of'} ${nameOf.get(o.ownedPartyId) ?? '?'}`);
    }
    for (const h of hits) {
      add('hit', `${da ? 'Screeningsmatch' : 'Screening match'}: ${nameOf.get(h.partyId) ?? '?'} ~ ${h.listedName} (${h.list}, score ${h.score.toFixed(2)}); ${da ? 'beslutning' : 'decision'}: ${h.decision}${h.reason ? ` – ${h.reason}` : ''}`);
    }
    const assessment = row?.riskAssessment as { riskLevel?: string; dueDiligence?: string; reasons?: { factor: string; detail: string; contribution: number }[] } | null;
    if (row?.riskLevel) add('risk', `${da ? 'Risiko' : 'Risk'}: ${row.riskLevel}; ${da ? 'kundekendskabsprocedure' : 'due diligence'}: ${row.dueDiligence}`);
    for (const r of assessment?.reasons ?? []) add('risk', `${da ? 'Risikofaktor' : 'Risk factor'} ${r.factor}: ${r.detail} (${r.contribution})`);
    if (relationship) {
      for (const [label, value] of [['purpose', relationship.purpose], ['nature', relationship.nature], ['expected activity', relationship.expectedActivity], ['source of funds', relationship.sourceOfFunds], ['source of wealth', relationship.sourceOfWealth], ['product', relationship.product], ['delivery channel', relationship.deliveryChannel]] as const) {
        if (value) add('relationship', `${label}: ${value}`);
      }
    }
    for (const d of docs) add('document', `${da ? 'Dokument' : 'Document'} "${d.name}" (${d.documentKind ?? d.type}), ${da ? 'beslutning' : 'decision'}: ${d.decision}`);
    for (const n of notes) add('note', n);
    return { sources, personNames: parties.filter((p) => p.kind === 'person').map((p) => p.name) };
  }

  /** The section's template draft (its first version), which stands when the model fails. */
  const templateOf = async (orgId: string, caseId: string, key: SectionKey) =>
    (await data.sectionVersions(orgId, caseId)).find((v) => v.key === key && v.source === 'template');

  return {
    /** Whether this case's report is drafted by AI: a provider is configured and the organisation switched it on. */
    async aiDraftingEnabled(input: { orgId: string }): Promise<{ enabled: boolean }> {
      return { enabled: !!client && (await data.caseFileSettings(input.orgId)).aiDrafting };
    },

    /** One section drafted by the model from the case's evidence; a new section version either way. */
    async draftSectionWithAi(input: { orgId: string; caseId: string; key: SectionKey; requestedBy: string | null }): Promise<{ source: 'ai' | 'template'; fallbackReason: string | null }> {
      if (!client) throw ApplicationFailure.nonRetryable('AI drafting is not configured (AI_BASE_URL, AI_MODEL)', 'AiMisconfigured');
      const row = await data.caseFacts(input.orgId, input.caseId);
      if (!row) throw ApplicationFailure.nonRetryable(`case ${input.caseId} does not exist`, 'CaseNotFound');
      const language: 'da' | 'en' = row.language === 'en' ? 'en' : 'da';
      const settings = await data.caseFileSettings(input.orgId);
      const { sources, personNames } = await evidenceSources(input.orgId, input.caseId, language);
      const pack = evidencePack(sources, language === 'da' ? '(afkortet)' : '(cut)');
      const shielded = settings.aiPseudonymise ? pseudonymise(pack.map((e) => e.text), personNames) : { texts: pack.map((e) => e.text), restore: (t: string) => t };
      const [title, purpose] = SECTION_PURPOSE[input.key][language];
      const messages: ChatMessage[] = [
        { role: 'system', content: prompt(language).replace('{{section}}', title).replace('{{purpose}}', purpose) },
        { role: 'user', content: pack.map((e, i) => `${e.id} [${e.kind}]: ${shielded.texts[i]}`).join('\n') },
      ];
      const provenance = { provider: client.provider, model: client.model, promptVersion: PROMPT_VERSION, inputHash: sha256Hex(JSON.stringify(messages)), createdBy: input.requestedBy };
      const known = new Set(pack.map((e) => e.id));

      const ask = async (conversation: ChatMessage[]): Promise<string> => {
        try {
          return await client.complete(conversation, { json: true });
        } catch (error) {
          if (!(error instanceof AiProviderError)) throw error;
          if (!error.retryable) throw ApplicationFailure.nonRetryable(error.message, 'AiMisconfigured');
          throw ApplicationFailure.create({
            message: error.message, type: `Ai_${error.kind}`, nonRetryable: false,
            ...(error.retryAfterSeconds !== null ? { nextRetryDelay: error.retryAfterSeconds * 1000 } : {}),
          });
        }
      };
      let answer = await ask(messages);
      let checked = checkDraft(answer, known);
      if (!checked.ok) {
        // Once more, saying what was wrong; then the template stands.
        answer = await ask([...messages, { role: 'assistant', content: answer }, { role: 'user', content: `The answer was refused: ${checked.detail}. Answer again with the JSON object only; every sentence cites evidence ids from the list.` }]);
        checked = checkDraft(answer, known);
      }
      const template = await templateOf(input.orgId, input.caseId, input.key);
      if (!checked.ok) {
        await data.addDraft(input.orgId, input.caseId, { key: input.key, text: template?.text ?? '', source: 'template', citations: null, fallbackReason: checked.problem, ...provenance });
        return { source: 'template', fallbackReason: checked.problem };
      }
      // The citations keep each id's kind (registry, party, hit, …): the reviewer sees what a sentence rests on, and no evidence text is stored.
      const kindOf = new Map(pack.map((e) => [e.id, e.kind]));
      const citations = checked.citations.map((c) => ({ ...c, kinds: c.evidence.map((id) => kindOf.get(id)!) }));
      await data.addDraft(input.orgId, input.caseId, { key: input.key, text: shielded.restore(checked.text), source: 'ai', citations, fallbackReason: null, ...provenance });
      return { source: 'ai', fallbackReason: null };
    },

    /** The provider failed for good (after retries, or misconfigured): the template stands, and the version says why. */
    async recordAiDraftFailure(input: { orgId: string; caseId: string; key: SectionKey; reason: string; requestedBy: string | null }): Promise<void> {
      const template = await templateOf(input.orgId, input.caseId, input.key);
      await data.addDraft(input.orgId, input.caseId, {
        key: input.key, text: template?.text ?? '', source: 'template', provider: client?.provider ?? null, model: client?.model ?? null,
        promptVersion: PROMPT_VERSION, inputHash: null, citations: null, fallbackReason: input.reason, createdBy: input.requestedBy,
      });
    },
  };
}
