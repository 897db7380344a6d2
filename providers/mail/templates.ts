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
} as const;

export type TemplateName = keyof typeof TEMPLATES;
export type TemplateData<N extends TemplateName> = Parameters<(typeof TEMPLATES)[N]['body']>[0];

export function renderMail<N extends TemplateName>(name: N, locale: MailLocale, data: TemplateData<N>): RenderedMail {
  const template = TEMPLATES[name] as unknown as Template<TemplateData<N>>;
  const { text, html } = layout(locale, template.body(data, locale));
  return { subject: template.subject[locale], text, html, template: name, version: template.version };
}
