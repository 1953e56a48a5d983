/**
 * Reads a PDF back the way a test can check it: each page's text strings with where their glyphs lie,
 * in points from the page's top-left corner (the renderer's coordinates). pdfjs reports a string's
 * transform in PDF space: origin at the bottom-left, y up, [a b c d e f] with (e, f) the baseline's
 * start and d the font size for unrotated text.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** How far glyphs reach around the baseline, as a share of the font size: Á's accent ≈ 0.93, ç's tail ≈ 0.23, rounded up. */
const ascent = 1;
const descent = 0.25;

export interface TextBox {
  str: string;
  size: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** Distance of the baseline from the page's top edge. */
  baseline: number;
}

export interface PdfPage {
  width: number;
  height: number;
  items: TextBox[];
  /** The page's strings, one line per text line (strings on one baseline joined with spaces). */
  text: string;
}

export interface PdfRead {
  pages: PdfPage[];
  info: Record<string, unknown>;
}

export async function readPdf(bytes: Buffer): Promise<PdfRead> {
  // verbosity 0: errors only (pdfjs warns that it draws no glyphs without standard font files; text extraction needs none).
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  try {
    const pages: PdfPage[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      const height = y1 - y0;
      const content = await page.getTextContent();
      const items: TextBox[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const [a, b, c, d, e, f] = item.transform as [number, number, number, number, number, number];
        if (b !== 0 || c !== 0 || a !== d) throw new Error(`unexpected rotated or skewed text on page ${number}: [${item.transform.join(', ')}]`);
        const baseline = y1 - f;
        items.push({ str: item.str, size: d, left: e - x0, right: e - x0 + item.width, top: baseline - ascent * d, bottom: baseline + descent * d, baseline });
      }
      pages.push({ width: x1 - x0, height, items, text: linesOf(items).join('\n') });
    }
    const { info } = await pdf.getMetadata();
    return { pages, info: info as Record<string, unknown> };
  } finally {
    await pdf.destroy();
  }
}

function linesOf(items: TextBox[]): string[] {
  const byBaseline = new Map<number, TextBox[]>();
  for (const item of items) {
    const key = Math.round(item.baseline * 10);
    byBaseline.set(key, [...(byBaseline.get(key) ?? []), item]);
  }
  return [...byBaseline.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, line]) => line.sort((p, q) => p.left - q.left).map((item) => item.str).join(' '));
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export function inside(item: TextBox, box: Box): boolean {
  return item.left >= box.left && item.right <= box.left + box.width && item.top >= box.top && item.bottom <= box.top + box.height;
}

export function overlaps(item: TextBox, box: Box): boolean {
  return item.left < box.left + box.width && item.right > box.left && item.top < box.top + box.height && item.bottom > box.top;
}
