/** The letter port the use cases see: a batch of letters and their address labels, each one PDF. */
import { renderAddressLabels, renderLetterBatch, type LetterToPrint, type MailingAddress } from './pdf.js';

export interface LetterPrinter {
  letters(letters: readonly LetterToPrint[], printedAt: Date): Promise<Buffer>;
  labels(recipients: readonly MailingAddress[], printedAt: Date): Promise<Buffer>;
}

export const pdfLetterPrinter: LetterPrinter = {
  letters: (letters, printedAt) => renderLetterBatch(letters, { printedAt }),
  labels: (recipients, printedAt) => renderAddressLabels(recipients, { printedAt }),
};
