// Sending transactional mail: render a versioned template, claim its business
// key in the mail log (a second send with the same key does nothing, so a
// retried activity never mails twice), hand it to SMTP (SMTP_URL, or the
// development sink), and record the outcome. The log keeps no body and no address.
import nodemailer, { type Transporter } from 'nodemailer';
import { renderMail, type MailLocale, type TemplateData, type TemplateName } from './templates.ts';
import { safeAddress, safeDisplayName, safeSubject } from './headers.ts';

/** What the mailer needs from the mail log (db/repositories/mail-log.ts provides it). */
export interface MailLogPort {
  claim(input: { businessKey: string; orgId: string | null; recipientUserId: string | null; template: string; templateVersion: number; locale: string }): Promise<{ entry: { id: string; status: string }; fresh: boolean }>;
  markSent(id: string, at: Date): Promise<void>;
  markFailed(id: string, errorCode: string): Promise<void>;
}

export interface SendRequest<N extends TemplateName> {
  template: N;
  locale: MailLocale;
  to: { email: string; name?: string | undefined; userId?: string | null | undefined };
  orgId: string | null;
  /** Unique per intended mail, e.g. `invitation:<invitation id>`. */
  businessKey: string;
  data: TemplateData<N>;
}

/** `suppressed`: the address asked to be erased, and this template is not one of a data-subject request. */
export type SendOutcome = 'sent' | 'duplicate' | 'failed' | 'suppressed';

/**
 * Mail that still goes to an erased (suppressed) address: everything of a data-subject
 * request, so the same person can make a new request and receive its answer.
 */
export const SUPPRESSION_EXEMPT: ReadonlySet<string> = new Set(['dsr_verification_code', 'dsr_acknowledgement', 'dsr_extension', 'dsr_response']);

export interface Mailer {
  send<N extends TemplateName>(request: SendRequest<N>): Promise<SendOutcome>;
  close(): void;
}

export function createMailer(options: {
  smtpUrl: string; from: string; log: MailLogPort; now?: () => Date;
  /** True when the address is on the suppression list (an executed erasure); such mail is not sent. */
  isSuppressed?: (email: string) => Promise<boolean>;
}): Mailer {
  const now = options.now ?? (() => new Date());
  const transport: Transporter = nodemailer.createTransport(options.smtpUrl);
  return {
    async send(request) {
      if (options.isSuppressed && !SUPPRESSION_EXEMPT.has(request.template) && (await options.isSuppressed(request.to.email))) return 'suppressed';
      const rendered = renderMail(request.template, request.locale, request.data);
      const address = safeAddress(request.to.email);
      const { entry, fresh } = await options.log.claim({
        businessKey: request.businessKey, orgId: request.orgId, recipientUserId: request.to.userId ?? null,
        template: rendered.template, templateVersion: rendered.version, locale: request.locale,
      });
      // A failed earlier attempt may be retried; a sent or in-flight one may not.
      if (!fresh && entry.status !== 'failed') return 'duplicate';
      try {
        await transport.sendMail({
          from: options.from,
          to: request.to.name ? { name: safeDisplayName(request.to.name), address } : address,
          subject: safeSubject(rendered.subject),
          text: rendered.text,
          html: rendered.html,
          headers: { 'x-clientnote-template': `${rendered.template}.v${rendered.version}` },
          disableFileAccess: true,
          disableUrlAccess: true,
        });
        await options.log.markSent(entry.id, now());
        return 'sent';
      } catch (error) {
        await options.log.markFailed(entry.id, (error as { code?: string }).code ?? 'send_failed');
        return 'failed';
      }
    },
    close() {
      transport.close();
    },
  };
}
