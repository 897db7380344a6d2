// Versioned transactional mail templates in Danish and English, HTML and text,
// rendered inside one shared layout. A template changes by adding a version; the
// mail log records which version went out. Values are escaped for HTML, and the
// subject never contains caller-supplied text.
export type MailLocale = 'da' | 'en';

export interface RenderedMail { subject: string; text: string; html: string; template: string; version: number }

interface Template<D> {
  version: number;
  subject: Record<MailLocale, string>;
  /** Paragraphs of plain text, plus an optional call to action. */
  body: (data: D, locale: MailLocale) => { paragraphs: string[]; action?: { label: string; url: string } };
}

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const FOOTER: Record<MailLocale, string> = {
  da: 'Denne e-mail er sendt automatisk af Clientnote. Svar ikke på den.',
  en: 'This e-mail was sent automatically by Clientnote. Please do not reply.',
};

function layout(locale: MailLocale, content: { paragraphs: string[]; action?: { label: string; url: string } }): { text: string; html: string } {
  const text = [...content.paragraphs, ...(content.action ? [`${content.action.label}: ${content.action.url}`] : []), '--', FOOTER[locale]].join('\n\n') + '\n';
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>Clientnote</title></head>`
    + '<body style="font-family:system-ui,sans-serif;color:#1f2937;max-width:560px;margin:0 auto;padding:24px">'
    + '<p style="font-weight:600;font-size:18px">Clientnote</p>'
    + content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')
    + (content.action ? `<p><a href="${escapeHtml(content.action.url)}" style="display:inline-block;background:#1d4ed8;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(content.action.label)}</a></p><p style="font-size:12px;color:#6b7280">${escapeHtml(content.action.url)}</p>` : '')
    + `<hr><p style="font-size:12px;color:#6b7280">${escapeHtml(FOOTER[locale])}</p></body></html>`;
  return { text, html };
}

// Data-subject request mail (issue 6). The acknowledgement is the same whatever is
// found and never names a customer organisation; the response says what was done,
// what was kept and why, how to complain to Datatilsynet, and gives a receipt hash.
// Held items (legal holds) are never mentioned (tipping-off, hvidvaskloven § 38).
const DATATILSYNET: Record<MailLocale, string> = {
  da: 'Er du utilfreds med vores svar, kan du klage til Datatilsynet, Carl Jacobsens Vej 35, 2500 Valby, www.datatilsynet.dk, dt@datatilsynet.dk.',
  en: 'If you are not satisfied with our answer, you can complain to the Danish Data Protection Agency (Datatilsynet), Carl Jacobsens Vej 35, 2500 Valby, Denmark, www.datatilsynet.dk, dt@datatilsynet.dk.',
};
const CONTROLLER_NOTE: Record<MailLocale, string> = {
  da: 'Oplysninger, som Clientnote behandler for sine kunder (de virksomheder, der bruger Clientnote til deres kundekendskab), videregiver vi din anmodning om til de kunder, der er dataansvarlige. De svarer dig selv.',
  en: 'Where Clientnote processes data for its customers (the firms that use Clientnote for their customer due diligence), we pass your request on to those customers, who are the controllers. They answer you themselves.',
};
const RIGHT_NAMES: Record<MailLocale, Record<string, string>> = {
  da: { access: 'indsigt', rectification: 'berigtigelse', erasure: 'sletning', restriction: 'begrænsning', portability: 'dataportabilitet', objection: 'indsigelse', withdraw_consent: 'tilbagetrækning af samtykke' },
  en: { access: 'access', rectification: 'rectification', erasure: 'erasure', restriction: 'restriction', portability: 'portability', objection: 'objection', withdraw_consent: 'withdrawal of consent' },
};
/** Why a kind of record is kept, in words a requester can read (by retention class). */
export const RETENTION_BASES: Record<MailLocale, Record<string, string>> = {
  da: {
    dsr_record: 'registreringen af din anmodning og vores svar (databeskyttelsesforordningen art. 5, stk. 2)',
    audit_trail: 'revisionsspor med id\'er, som vi skal opbevare (art. 17, stk. 3, litra b, bogføringsloven og hvidvaskloven)',
    erasure_record: 'en nøglet hashværdi af din adresse, så sletningen holder, også efter en gendannelse fra backup (art. 17)',
    case_data: 'kundesager, som kundevirksomheden er dataansvarlig for og skal opbevare i 5 år efter kundeforholdets ophør (hvidvaskloven § 30)',
  },
  en: {
    dsr_record: 'the record of your request and our answer (GDPR Art. 5(2))',
    audit_trail: 'audit records holding ids only, which we must keep (GDPR Art. 17(3)(b), Danish bookkeeping and anti-money-laundering law)',
    erasure_record: 'a keyed hash of your address, so that the erasure holds, also after a restore from backup (GDPR Art. 17)',
    case_data: 'customer case records controlled by the customer firm, kept 5 years after the relationship ends (hvidvaskloven § 30)',
  },
};
const OTHER_BASIS: Record<MailLocale, string> = { da: 'andre oplysninger, vi har pligt til at opbevare', en: 'other data we are required to keep' };
const REFUSALS: Record<MailLocale, Record<string, string>> = {
  da: { manifestly_unfounded: 'anmodningen er åbenbart grundløs', excessive: 'anmodningen er urimelig, navnlig fordi den gentages', identity_not_established: 'vi kunne ikke fastslå din identitet', no_applicable_right: 'rettigheden gælder ikke for de oplysninger, anmodningen angår', other: 'se begrundelsen i vores svar' },
  en: { manifestly_unfounded: 'the request is manifestly unfounded', excessive: 'the request is excessive, in particular because it is repeated', identity_not_established: 'we could not establish your identity', no_applicable_right: 'the right does not apply to the data the request concerns', other: 'see the reasons in our answer' },
};

export interface DsrAcknowledgementData { rights: string[]; receivedOn: string; dueDate: string; url: string }
export interface DsrResponseData {
  outcome: 'completed' | 'partially_completed' | 'refused' | 'merged';
  rights: string[];
  receivedOn: string;
  /** Counts of what was done, by kind. */
  done: { exported: number; erased: number; restricted: number; rectified: number; recorded: number };
  /** Retention classes of what was kept (held items never appear here). */
  keptClasses: string[];
  refusalReason: string | null;
  exportUntil: string | null;
  receiptHash: string;
  url: string;
}
export interface DsrStaffAlarmData { requestId: string; dueDate: string; url: string }
export interface DsrExtensionData { rights: string[]; receivedOn: string; dueDate: string; reason: 'complexity' | 'number_of_requests'; url: string }

const EXTENSION_REASON_TEXT: Record<MailLocale, Record<DsrExtensionData['reason'], string>> = {
  da: { complexity: 'anmodningen er kompleks og kræver, at vi gennemgår flere systemer', number_of_requests: 'vi har modtaget mange anmodninger på samme tid' },
  en: { complexity: 'the request is complex and needs us to go through several systems', number_of_requests: 'we have received a large number of requests at the same time' },
};

const rightList = (rights: string[], locale: MailLocale) => rights.map((r) => RIGHT_NAMES[locale][r] ?? r).join(', ');

function responseParagraphs(d: DsrResponseData, locale: MailLocale): string[] {
  const da = locale === 'da';
  const out: string[] = [da
    ? `Vi har behandlet din anmodning om ${rightList(d.rights, locale)}, modtaget ${d.receivedOn}.`
    : `We have handled your request for ${rightList(d.rights, locale)}, received on ${d.receivedOn}.`];
  if (d.outcome === 'refused') {
    out.push(da ? `Vi har afvist anmodningen, fordi ${REFUSALS.da[d.refusalReason ?? 'other'] ?? REFUSALS.da.other}.` : `We have refused the request because ${REFUSALS.en[d.refusalReason ?? 'other'] ?? REFUSALS.en.other}.`);
  } else if (d.outcome === 'merged') {
    out.push(da ? 'Anmodningen var en gentagelse af en anden anmodning fra dig og behandles sammen med den.' : 'The request repeated another request of yours and is handled together with it.');
  } else {
    const done: string[] = [];
    const n = d.done;
    if (n.exported) done.push(da ? `vi har samlet ${n.exported} registreringer i en kopi til dig` : `we have collected ${n.exported} records in a copy for you`);
    if (n.erased) done.push(da ? `vi har slettet eller anonymiseret ${n.erased} registreringer` : `we have erased or anonymised ${n.erased} records`);
    if (n.rectified) done.push(da ? `vi har rettet ${n.rectified} af dine oplysninger, som du bad om` : `we have corrected ${n.rectified} of your details as you asked`);
    if (n.restricted) done.push(da ? `vi har begrænset behandlingen af ${n.restricted} registreringer` : `we have restricted the processing of ${n.restricted} records`);
    if (n.recorded) done.push(da ? 'vi har registreret din indsigelse eller tilbagetrækning af samtykke, og den gælder fra nu' : 'we have recorded your objection or withdrawal of consent, and it applies from now');
    out.push(done.length
      ? (da ? `Det har vi gjort: ${done.join('; ')}.` : `What we did: ${done.join('; ')}.`)
      : (da ? 'Ud over din anmodning fandt vi ingen oplysninger om dig, som vi kan udlevere eller slette.' : 'Apart from your request, we found no data about you that we can hand over or erase.'));
    if (d.exportUntil) out.push(da ? `Kopien kan hentes fra statussiden (linket i vores første e-mail) indtil ${d.exportUntil}.` : `The copy can be downloaded from the status page (the link in our first e-mail) until ${d.exportUntil}.`);
    const kept = [...new Set(d.keptClasses.map((c) => RETENTION_BASES[locale][c] ?? OTHER_BASIS[locale]))];
    if (kept.length) out.push((da ? 'Det har vi beholdt, og hvorfor: ' : 'What we kept, and why: ') + kept.join('; ') + '.');
  }
  out.push(CONTROLLER_NOTE[locale], DATATILSYNET[locale]);
  out.push(da ? `Kvittering (SHA-256 af fortegnelsen og handlingerne): ${d.receiptHash}` : `Receipt (SHA-256 of the manifest and the actions): ${d.receiptHash}`);
  return out;
}

const DSR_TEMPLATES = {
  dsr_acknowledgement: {
    version: 1,
    subject: { da: 'Vi har modtaget din anmodning', en: 'We have received your request' },
    // Identical whatever is found: no counts, no organisation, no hint of data.
    body: (d: DsrAcknowledgementData, locale: MailLocale) => locale === 'da'
      ? { paragraphs: [`Tak. Vi har modtaget og bekræftet din anmodning om ${rightList(d.rights, locale)} den ${d.receivedOn}.`, `Du får vores svar senest ${d.dueDate}. Kan vi ikke nå det, skriver vi til dig før og fortæller hvorfor.`, CONTROLLER_NOTE.da], action: { label: 'Om dine rettigheder', url: d.url } }
      : { paragraphs: [`Thank you. We have received and confirmed your request for ${rightList(d.rights, locale)} on ${d.receivedOn}.`, `You will have our answer by ${d.dueDate}. If we cannot make it, we will write to you before then and tell you why.`, CONTROLLER_NOTE.en], action: { label: 'About your rights', url: d.url } },
  } satisfies Template<DsrAcknowledgementData>,
  dsr_response: {
    version: 1,
    subject: { da: 'Svar på din anmodning om dine personoplysninger', en: 'The answer to your request about your personal data' },
    body: (d: DsrResponseData, locale: MailLocale) => ({ paragraphs: responseParagraphs(d, locale), action: { label: locale === 'da' ? 'Om dine rettigheder' : 'About your rights', url: d.url } }),
  } satisfies Template<DsrResponseData>,
  // GDPR Art. 12(3): the requester is told of an extension, with the reasons, within the first month.
  dsr_extension: {
    version: 1,
    subject: { da: 'Vi har brug for mere tid til din anmodning', en: 'We need more time for your request' },
    body: (d: DsrExtensionData, locale: MailLocale) => locale === 'da'
      ? { paragraphs: [`Vi behandler din anmodning om ${rightList(d.rights, locale)}, modtaget ${d.receivedOn}, men kan ikke svare inden for den første måned, fordi ${EXTENSION_REASON_TEXT.da[d.reason]}.`, `Efter databeskyttelsesforordningens artikel 12, stk. 3, forlænger vi derfor fristen med to måneder. Du får vores svar senest ${d.dueDate}.`, DATATILSYNET.da], action: { label: 'Om dine rettigheder', url: d.url } }
      : { paragraphs: [`We are handling your request for ${rightList(d.rights, locale)}, received on ${d.receivedOn}, but cannot answer within the first month because ${EXTENSION_REASON_TEXT.en[d.reason]}.`, `Under Article 12(3) of the GDPR we therefore extend the deadline by two months. You will have our answer by ${d.dueDate}.`, DATATILSYNET.en], action: { label: 'About your rights', url: d.url } },
  } satisfies Template<DsrExtensionData>,
  dsr_deadline_reminder: {
    version: 1,
    subject: { da: 'Påmindelse: en anmodning fra en registreret har snart frist', en: 'Reminder: a data-subject request is due soon' },
    body: (d: DsrStaffAlarmData, locale: MailLocale) => locale === 'da'
      ? { paragraphs: [`Anmodning ${d.requestId} skal besvares senest ${d.dueDate}.`], action: { label: 'Åbn anmodningen', url: d.url } }
      : { paragraphs: [`Request ${d.requestId} must be answered by ${d.dueDate}.`], action: { label: 'Open the request', url: d.url } },
  } satisfies Template<DsrStaffAlarmData>,
  dsr_deadline_overdue: {
    version: 1,
    subject: { da: 'Overskredet: en anmodning fra en registreret er ikke besvaret', en: 'Overdue: a data-subject request is past its deadline' },
    body: (d: DsrStaffAlarmData, locale: MailLocale) => locale === 'da'
      ? { paragraphs: [`Fristen for anmodning ${d.requestId} var ${d.dueDate}, og den er ikke besvaret.`], action: { label: 'Åbn anmodningen', url: d.url } }
      : { paragraphs: [`Request ${d.requestId} was due on ${d.dueDate} and has not been answered.`], action: { label: 'Open the request', url: d.url } },
  } satisfies Template<DsrStaffAlarmData>,
};

export interface DsrForwardedData { url: string }
const DSR_FORWARDED = {
  dsr_forwarded: {
    version: 1,
    subject: { da: 'En anmodning fra en registreret vedrører jeres sagsdata', en: 'A data-subject request concerns your case data' },
    // No requester name, no other organisation: the task page shows the details to the organisation's admins only.
    body: (d: DsrForwardedData, locale: MailLocale) => locale === 'da'
      ? { paragraphs: ['En person har sendt en anmodning om sine personoplysninger, og personens navn findes i jeres kundesager. I er dataansvarlige for de oplysninger: beslut, hvad der skal ske, og svar personen.', 'Oplysninger, der er omfattet af opbevaringspligten i hvidvaskloven § 30, slettes aldrig.'], action: { label: 'Åbn opgaven', url: d.url } }
      : { paragraphs: ['A person has sent a request about their personal data, and their name appears in your organisation\'s cases. You are the controller of that data: decide what happens and answer the person.', 'Data under the AML record-keeping duty (hvidvaskloven § 30) is never erased.'], action: { label: 'Open the task', url: d.url } },
  } satisfies Template<DsrForwardedData>,
};

export const TEMPLATES = {
  invitation: {
    version: 1,
    subject: { da: 'Du er inviteret til Clientnote', en: 'You are invited to Clientnote' },
    body: (d: { orgName: string; url: string }, locale: MailLocale) => locale === 'da'
      ? { paragraphs: [`Du er inviteret til at bruge Clientnote hos ${d.orgName}.`, 'Linket virker én gang og udløber om 7 dage.'], action: { label: 'Accepter invitationen', url: d.url } }
      : { paragraphs: [`You have been invited to use Clientnote at ${d.orgName}.`, 'The link works once and expires in 7 days.'], action: { label: 'Accept the invitation', url: d.url } },
  } satisfies Template<{ orgName: string; url: string }>,
  password_reset: {
    version: 1,
    subject: { da: 'Nulstil din adgangskode til Clientnote', en: 'Reset your Clientnote password' },
    body: (d: { url: string }, locale: MailLocale) => locale === 'da'
      ? { paragraphs: ['Nogen (forhåbentlig dig) har bedt om at nulstille din adgangskode.', 'Linket virker én gang og udløber om 30 minutter. Har du ikke bedt om det, kan du se bort fra denne e-mail.'], action: { label: 'Vælg en ny adgangskode', url: d.url } }
      : { paragraphs: ['Someone (hopefully you) asked to reset your password.', 'The link works once and expires in 30 minutes. If you did not ask for it, ignore this e-mail.'], action: { label: 'Choose a new password', url: d.url } },
  } satisfies Template<{ url: string }>,
  password_changed: {
    version: 1,
    subject: { da: 'Din adgangskode er ændret', en: 'Your password was changed' },
    body: (_d: Record<string, never>, locale: MailLocale) => locale === 'da'
      ? { paragraphs: ['Din adgangskode til Clientnote er ændret, og du er logget ud overalt.', 'Var det ikke dig, så kontakt din administrator med det samme.'] }
      : { paragraphs: ['Your Clientnote password was changed and you were logged out everywhere.', 'If this was not you, contact your administrator at once.'] },
  } satisfies Template<Record<string, never>>,
  dsr_verification_code: {
    version: 1,
    subject: { da: 'Din kode til din anmodning hos Clientnote', en: 'Your code for your request to Clientnote' },
    // The code is the only secret here; the mail log keeps no body, so it is never stored readable.
    body: (d: { code: string; minutes: number; url: string }, locale: MailLocale) => locale === 'da'
      ? { paragraphs: [`Din kode er ${d.code}. Den gælder i ${d.minutes} minutter.`, 'Har du ikke sendt en anmodning om dine personoplysninger, kan du se bort fra denne e-mail.'], action: { label: 'Følg din anmodning', url: d.url } }
      : { paragraphs: [`Your code is ${d.code}. It is valid for ${d.minutes} minutes.`, 'If you did not send a request about your personal data, ignore this e-mail.'], action: { label: 'Follow your request', url: d.url } },
  } satisfies Template<{ code: string; minutes: number; url: string }>,
  document_request: {
    version: 1,
    subject: { da: 'Vi beder om dokumentation', en: 'We ask you for documentation' },
    // The request text is the handler's, escaped by the layout; it never goes into the subject.
    body: (d: { orgName: string; description: string; url: string; expiresOn: string }, locale: MailLocale) => locale === 'da'
      ? { paragraphs: [`${d.orgName} beder dig om at sende følgende dokumentation som led i deres kundekendskabsprocedurer (hvidvaskloven):`, d.description, `Linket virker til én upload og udløber den ${d.expiresOn}. Du skal ikke logge ind. Filer: PDF, PNG, JPEG eller DOCX.`], action: { label: 'Upload dokumentet', url: d.url } }
      : { paragraphs: [`${d.orgName} asks you to send the following documentation as part of their customer due diligence (the Danish AML act):`, d.description, `The link works for one upload and expires on ${d.expiresOn}. No login is needed. Files: PDF, PNG, JPEG or DOCX.`], action: { label: 'Upload the document', url: d.url } },
  } satisfies Template<{ orgName: string; description: string; url: string; expiresOn: string }>,
  document_request_reminder: {
    version: 1,
    subject: { da: 'Påmindelse: vi mangler stadig din dokumentation', en: 'Reminder: we are still waiting for your documentation' },
    body: (d: { orgName: string; description: string; url: string; expiresOn: string }, locale: MailLocale) => locale === 'da'
      ? { paragraphs: [`${d.orgName} har endnu ikke modtaget den dokumentation, de bad om:`, d.description, `Linket udløber den ${d.expiresOn}.`], action: { label: 'Upload dokumentet', url: d.url } }
      : { paragraphs: [`${d.orgName} has not yet received the documentation they asked for:`, d.description, `The link expires on ${d.expiresOn}.`], action: { label: 'Upload the document', url: d.url } },
  } satisfies Template<{ orgName: string; description: string; url: string; expiresOn: string }>,
  case_sla_reminder: {
    version: 1,
    subject: { da: 'Påmindelse: en sag nærmer sig fristen', en: 'Reminder: a case is nearing its due date' },
    body: (d: { client: string; dueAt: string; url: string }, locale: MailLocale) => locale === 'da'
      ? { paragraphs: [`Kundekendskabssagen om ${d.client}, som du er sagsbehandler på, har frist ${d.dueAt}.`, 'Sagen er endnu ikke godkendt. Åbn den for at se, hvad der mangler.'], action: { label: 'Åbn sagen', url: d.url } }
      : { paragraphs: [`The KYC case about ${d.client}, which you handle, is due ${d.dueAt}.`, 'The case is not approved yet. Open it to see what is missing.'], action: { label: 'Open the case', url: d.url } },
  } satisfies Template<{ client: string; dueAt: string; url: string }>,
  case_sla_overdue: {
    version: 1,
    subject: { da: 'Eskalering: en sag har overskredet fristen', en: 'Escalation: a case is overdue' },
    body: (d: { client: string; dueAt: string; url: string; handler: string }, locale: MailLocale) => locale === 'da'
      ? { paragraphs: [`Kundekendskabssagen om ${d.client} havde frist ${d.dueAt} og er endnu ikke godkendt.`, `Sagsbehandler: ${d.handler}. Du får denne e-mail som administrator i organisationen.`], action: { label: 'Åbn sagen', url: d.url } }
      : { paragraphs: [`The KYC case about ${d.client} was due ${d.dueAt} and is not approved yet.`, `Case handler: ${d.handler}. You receive this e-mail as an administrator of the organisation.`], action: { label: 'Open the case', url: d.url } },
  } satisfies Template<{ client: string; dueAt: string; url: string; handler: string }>,
  // Retention (docs/retention.md): the notice 30 days before a case's data is deleted, and the
  // escalation when no administrator has approved the deletion that is due.
  case_purge_notice: {
    version: 1,
    subject: { da: 'Varsel: en sags oplysninger slettes om 30 dage', en: 'Notice: a case\'s data will be deleted in 30 days' },
    body: (d: { client: string; purgeOn: string; url: string }, locale: MailLocale) => locale === 'da'
      ? { paragraphs: [`Opbevaringsperioden for kundekendskabssagen om ${d.client} udløber ${d.purgeOn} (hvidvaskloven § 30: fem år efter forretningsforbindelsens ophør).`, 'Derefter skal sagens oplysninger slettes, når en administrator har godkendt det. Skal de bevares længere, skal der lægges et retligt forbehold på sagen inden da.'], action: { label: 'Se kommende sletninger', url: d.url } }
      : { paragraphs: [`The retention period of the KYC case about ${d.client} ends ${d.purgeOn} (hvidvaskloven § 30: five years after the business relationship ended).`, 'The case\'s data must then be deleted once an administrator approves. If it must be kept longer, place a legal hold on the case before then.'], action: { label: 'See upcoming deletions', url: d.url } },
  } satisfies Template<{ client: string; purgeOn: string; url: string }>,
  case_purge_escalation: {
    version: 1,
    subject: { da: 'Eskalering: sletning af en sag afventer godkendelse', en: 'Escalation: deleting a case awaits approval' },
    body: (d: { client: string; dueSince: string; url: string }, locale: MailLocale) => locale === 'da'
      ? { paragraphs: [`Oplysningerne i kundekendskabssagen om ${d.client} skulle være slettet ${d.dueSince}, men ingen administrator har godkendt sletningen.`, 'At opbevare dem længere end loven tillader, er også et brud på reglerne. Godkend sletningen, eller læg et retligt forbehold på sagen, hvis den skal bevares.'], action: { label: 'Godkend sletningen', url: d.url } }
      : { paragraphs: [`The data of the KYC case about ${d.client} was due for deletion ${d.dueSince}, but no administrator has approved the deletion.`, 'Keeping it longer than the law allows is also a breach. Approve the deletion, or place a legal hold on the case if it must be kept.'], action: { label: 'Approve the deletion', url: d.url } },
  } satisfies Template<{ client: string; dueSince: string; url: string }>,
  ...DSR_TEMPLATES,
  ...DSR_FORWARDED,
} as const;

export type TemplateName = keyof typeof TEMPLATES;
export type TemplateData<N extends TemplateName> = Parameters<(typeof TEMPLATES)[N]['body']>[0];

export function renderMail<N extends TemplateName>(name: N, locale: MailLocale, data: TemplateData<N>): RenderedMail {
  const template = TEMPLATES[name] as unknown as Template<TemplateData<N>>;
  const { text, html } = layout(locale, template.body(data, locale));
  return { subject: template.subject[locale], text, html, template: name, version: template.version };
}
