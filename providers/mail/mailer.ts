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

export type SendOutcome = 'sent' | 'duplicate' | 'failed';

export interface Mailer {
  send<N extends TemplateName>(request: SendRequest<N>): Promise<SendOutcome>;
  close(): void;
}

export function createMailer(options: { smtpUrl: string; from: string; log: MailLogPort; now?: () => Date }): Mailer {
  const now = options.now ?? (() => new Date());
  const transport: Transporter = nodemailer.createTransport(options.smtpUrl);
  return {
    async send(request) {
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
