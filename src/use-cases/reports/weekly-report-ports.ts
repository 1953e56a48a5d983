/**
 * The ports the weekly report goes out through: a printer that lays the document out as a PDF, and a
 * mailer that hands it to the practice's mail server. app.ts builds both; without SMTP_URL and
 * EMAIL_FROM there is no mailer and the report is only downloadable.
 */
import type { WeeklyReportDocument } from '../../domain/weekly-report/weekly-report-document.js';

export interface WeeklyReportPrinter {
  /** The document as one PDF; `printedAt` is its creation date, so the same input gives the same bytes. */
  print(document: WeeklyReportDocument, printedAt: Date): Promise<Buffer>;
}

export interface ReportMail {
  /** Our key for this mail: the Message-ID's left side, so a relay's log can be searched for it. */
  key: string;
  to: readonly string[];
  subject: string;
  text: string;
  attachment: { filename: string; content: Buffer };
}

export type ReportMailResult =
  /** `refused`: recipients the relay refused while taking the mail for the others. */
  | { ok: true; refused: number }
  /** `ambiguous`: the relay may have accepted it (the answer never came): it must not be sent again by itself. */
  | { ok: false; code: string; message: string; ambiguous: boolean };

export interface ReportMailer {
  send(mail: ReportMail): Promise<ReportMailResult>;
}
