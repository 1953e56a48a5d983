/**
 * The weekly report to the practice's managers over the same SMTP relay as patient email (SMTP_URL,
 * EMAIL_FROM), as one message with the PDF attached. Failures are classified like patient email
 * (smtp.ts): once the whole message went down the socket, a missing answer is ambiguous, since the
 * relay may have accepted it. Nothing here logs, and no address reaches a failure message.
 */
import type { Clock } from '../../clock.js';
import type { ReportMailer, ReportMailResult } from '../../use-cases/reports/weekly-report-ports.js';
import { classifySmtpError } from './smtp.js';
import { tappedTransport } from './tapped-transport.js';

export interface SmtpReportMailerOptions {
  smtpUrl: string;
  fromAddress: string;
  clock: Clock;
}

const timeouts = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };

export function createSmtpReportMailer(options: SmtpReportMailerOptions): ReportMailer {
  const domain = options.fromAddress.slice(options.fromAddress.lastIndexOf('@') + 1);
  return {
    async send(mail): Promise<ReportMailResult> {
      const { transport, bodyHandedOver } = tappedTransport({ ...timeouts, url: options.smtpUrl, disableFileAccess: true, disableUrlAccess: true });
      try {
        const info = await transport.sendMail({
          envelope: { from: options.fromAddress, to: [...mail.to] },
          from: { name: 'Recare', address: options.fromAddress },
          to: [...mail.to],
          subject: mail.subject,
          text: mail.text,
          attachments: [{ filename: mail.attachment.filename, content: mail.attachment.content, contentType: 'application/pdf' }],
          messageId: `<${mail.key}@${domain}>`,
          date: options.clock.now(),
          headers: { 'X-Recare-Key': mail.key },
        });
        // The relay took the mail for the recipients it accepted; the refused ones are counted, not resent.
        return { ok: true, refused: Array.isArray(info.rejected) ? info.rejected.length : 0 };
      } catch (error) {
        const failed = classifySmtpError(error as Parameters<typeof classifySmtpError>[0], bodyHandedOver());
        return { ok: false, code: failed.failure.code, message: failed.failure.message, ambiguous: failed.ambiguous === true };
      } finally {
        transport.close();
      }
    },
  };
}
