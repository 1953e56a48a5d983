import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import {
  avery5160,
  inches,
  labelCell,
  standardNo10WindowEnvelope,
  windowPlacement,
  type Rect,
} from '../../src/channels/letter/envelope-geometry.js';
import { checkLetter, formatLetterDate, renderAddressLabels, renderLetterBatch, type LetterToPrint } from '../../src/channels/letter/pdf.js';
import { inside, overlaps, readPdf, type PdfPage, type TextBox } from './pdf-text.js';

// 03:00 UTC on the 16th is still the 15th in California and Texas: the letter is dated in the office's zone.
const printedAt = new Date('2026-12-16T03:00:00Z');

const office = { name: 'Bright Smiles Dental', addressLines: ['100 Congress Ave, Suite 200', 'Austin, TX 78701'], phone: '(512) 555-0100', timeZone: 'America/Los_Angeles' };

function letter(overrides: Partial<LetterToPrint> = {}): LetterToPrint {
  return {
    key: 'outbox-1',
    language: 'en',
    office,
    recipient: { name: 'Maria Lopez', addressLines: ['742 Evergreen Terrace', 'Apt 3B', 'Austin, TX 78702'] },
    body: 'Dear Maria,\n\nIt is time for your cleaning. Please call us to book a visit.\n\nSincerely,\nBright Smiles Dental',
    ...overrides,
  };
}

const spanish = letter({
  key: 'outbox-es',
  language: 'es',
  office: { ...office, name: 'Clínica Dental Sonrisa', timeZone: 'America/Chicago' },
  recipient: { name: 'José Núñez Ibáñez', addressLines: ['12 Calle Árbol', 'San Antonio, TX 78205'] },
  body: '¡Hola, José!\n\n¿Cómo está? Ya es hora de su limpieza: llámenos mañana o envíenos un mensaje.\n\nAtentamente,\nÚrsula Peña',
});

const placement = windowPlacement();

function lineItems(page: PdfPage, texts: readonly string[]): TextBox[] {
  return texts.map((text) => {
    const found = page.items.filter((item) => item.str === text);
    expect(found, `one string "${text}" on the page`).toHaveLength(1);
    return found[0] as TextBox;
  });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('the #10 window on a C-folded letter', () => {
  it('lands in the top third: 2.04" to 3.17" from the top at rest, the address area 1/8" inside it wherever the letter slides sideways', () => {
    // Envelope 4 1/8" high, letter folded to 11/3"; window 1/2" to 1 5/8" above the envelope's bottom.
    expect(placement.addressArea.top).toBeCloseTo(inches(11 / 3 - 1.625 + 0.125), 6);
    expect(placement.addressArea.top + placement.addressArea.height).toBeCloseTo(inches(11 / 3 - 0.5 - 0.125), 6);
    // 8 1/2" letter in a 9 1/2" envelope: the window starts 7/8" from the page's edge (letter against the left)
    // and ends 5 3/8" - 1" = 4 3/8" from it (letter against the right).
    expect(placement.addressArea.left).toBeCloseTo(inches(1), 6);
    expect(placement.addressArea.left + placement.addressArea.width).toBeCloseTo(inches(4.375 - 0.125), 6);
    // Everything that can ever show: up to 5 3/8" across, down to 4 1/8" - 1/2" = 3 5/8" when the letter rides up.
    expect(placement.windowExtent).toEqual({ left: 0, top: inches(11 / 3 - 1.625), width: inches(5.375), height: inches(4.125 - 0.5) - inches(11 / 3 - 1.625) });
  });

  it('takes another envelope as data', () => {
    const wider = windowPlacement({ ...standardNo10WindowEnvelope, window: { ...standardNo10WindowEnvelope.window, left: inches(1) } });
    expect(wider.addressArea.left).toBeCloseTo(inches(1.125), 6);
  });
});

describe('renderLetterBatch', () => {
  it('prints the letterhead, the date in the office zone, the address in the window and the body below it (English)', async () => {
    const pdf = await readPdf(await renderLetterBatch([letter()], { printedAt }));
    expect(pdf.pages).toHaveLength(1);
    const [page] = pdf.pages as [PdfPage];
    expect(page.width).toBe(612);
    expect(page.height).toBe(792);
    expect(page.text).toBe(
      [
        'Bright Smiles Dental',
        '100 Congress Ave, Suite 200',
        'Austin, TX 78701',
        '(512) 555-0100',
        'December 15, 2026',
        'Maria Lopez',
        '742 Evergreen Terrace',
        'Apt 3B',
        'Austin, TX 78702',
        'Dear Maria,',
        'It is time for your cleaning. Please call us to book a visit.',
        'Sincerely,',
        'Bright Smiles Dental',
      ].join('\n'),
    );
    const addressLines = ['Maria Lopez', '742 Evergreen Terrace', 'Apt 3B', 'Austin, TX 78702'];
    const address = lineItems(page, addressLines);
    for (const item of address) expect(inside(item, placement.addressArea), `"${item.str}" inside the address area`).toBe(true);
    // Lines in order, top to bottom, at a readable size.
    expect(address.map((item) => item.baseline)).toEqual([...address.map((item) => item.baseline)].sort((a, b) => a - b));
    for (const item of address) expect(item.size).toBeGreaterThanOrEqual(8);
    // Everything else stays out of every place the window can be.
    const others = page.items.filter((item) => !address.includes(item));
    expect(others.length).toBeGreaterThan(8);
    for (const item of others) expect(overlaps(item, placement.windowExtent), `"${item.str}" outside the window`).toBe(false);
  });

  it('keeps the address inside the physical window wherever the letter sits sideways (resting on the envelope bottom)', async () => {
    const [page] = (await readPdf(await renderLetterBatch([letter()], { printedAt }))).pages as [PdfPage];
    const address = lineItems(page, ['Maria Lopez', '742 Evergreen Terrace', 'Apt 3B', 'Austin, TX 78702']);
    const { envelope, window, foldedHeight } = standardNo10WindowEnvelope;
    const play = envelope.width - 612;
    for (const offset of [0, play / 2, play]) {
      const seen: Rect = { left: window.left - offset, top: foldedHeight - window.bottom - window.height, width: window.width, height: window.height };
      for (const item of address) expect(inside(item, seen), `"${item.str}" with the letter ${offset} pt from the envelope's left`).toBe(true);
    }
  });

  it('prints Spanish: accents, ñ, ¿ and ¡ survive, and the date is written in Spanish', async () => {
    const [page] = (await readPdf(await renderLetterBatch([spanish], { printedAt }))).pages as [PdfPage];
    expect(page.text).toBe(
      [
        'Clínica Dental Sonrisa',
        '100 Congress Ave, Suite 200',
        'Austin, TX 78701',
        '(512) 555-0100',
        '15 de diciembre de 2026',
        'José Núñez Ibáñez',
        '12 Calle Árbol',
        'San Antonio, TX 78205',
        '¡Hola, José!',
        '¿Cómo está? Ya es hora de su limpieza: llámenos mañana o envíenos un mensaje.',
        'Atentamente,',
        'Úrsula Peña',
      ].join('\n'),
    );
    for (const item of lineItems(page, ['José Núñez Ibáñez', '12 Calle Árbol', 'San Antonio, TX 78205'])) {
      expect(inside(item, placement.addressArea), `"${item.str}" inside the address area`).toBe(true);
    }
  });

  it('folds characters Helvetica lacks to their base letters instead of printing wrong glyphs (ó stays: Helvetica has it)', async () => {
    const vietnamese = letter({ recipient: { name: 'Nguyễn Đức Thắng', addressLines: ['9 Łódź Lane', 'Houston, TX 77002'] } });
    const [page] = (await readPdf(await renderLetterBatch([vietnamese], { printedAt }))).pages as [PdfPage];
    expect(page.text).toContain('Nguyen Duc Thang\n9 Lódz Lane\nHouston, TX 77002');
  });

  it('shrinks a long address line to fit the window rather than letting it overflow', async () => {
    const long = letter({ recipient: { name: 'Maria Lopez', addressLines: ['12345 North Martin Luther King Junior Boulevard Apt 12', 'Austin, TX 78702'] } });
    const [page] = (await readPdf(await renderLetterBatch([long], { printedAt }))).pages as [PdfPage];
    const address = lineItems(page, ['Maria Lopez', '12345 North Martin Luther King Junior Boulevard Apt 12', 'Austin, TX 78702']);
    for (const item of address) {
      expect(inside(item, placement.addressArea), `"${item.str}" inside the address area`).toBe(true);
      expect(item.size).toBeLessThan(10.5);
      expect(item.size).toBeGreaterThanOrEqual(8);
    }
  });

  it('starts each letter on a new page, in order; a long body continues on numbered pages', async () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1}. We look forward to seeing you at your next visit; our hygienists will be glad to help you keep your teeth healthy.`);
    const letters = [
      letter({ key: 'a', recipient: { name: 'Ann Able', addressLines: ['1 First St', 'Austin, TX 78701'] }, body: 'Letter A.' }),
      letter({ key: 'b', recipient: { name: 'Ben Baker', addressLines: ['2 Second St', 'Austin, TX 78701'] }, body: `Letter B.\n\n${paragraphs.join('\n\n')}\n\nThe end of B.` }),
      { ...spanish, key: 'c', body: 'Carta C.' },
    ];
    const pdf = await readPdf(await renderLetterBatch(letters, { printedAt }));
    const texts = pdf.pages.map((page) => page.text);
    expect(texts.length).toBeGreaterThanOrEqual(4);
    const bPages = texts.slice(1, -1);
    expect(texts[0]).toContain('Ann Able\n1 First St');
    expect(texts[0]).toContain('Letter A.');
    expect(texts[0]).not.toMatch(/Page \d/);
    expect(bPages[0]).toContain('Ben Baker\n2 Second St');
    expect(bPages[0]).toContain('Letter B.');
    expect(bPages.at(-1)).toContain('The end of B.');
    // Every paragraph printed once, in order, across B's pages; each page numbered "n of total".
    const bText = bPages.join('\n');
    const order = paragraphs.map((_, i) => bText.indexOf(`Paragraph ${i + 1}. We`));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    bPages.forEach((text, i) => expect(text.endsWith(`Page ${i + 1} of ${bPages.length}`)).toBe(true));
    // Continuation pages carry no letterhead or address.
    for (const text of bPages.slice(1)) expect(text).not.toContain('Ben Baker');
    expect(texts.at(-1)).toContain('José Núñez Ibáñez');
    expect(texts.at(-1)).toContain('Carta C.');
    expect(texts.at(-1)).not.toMatch(/Página/);
    // The body never runs into the bottom margin or off the page.
    for (const page of pdf.pages) for (const item of page.items) expect(item.bottom).toBeLessThan(page.height - 18);
  });

  it('numbers a long Spanish letter in Spanish', async () => {
    const long = { ...spanish, body: Array.from({ length: 60 }, () => 'Le esperamos en su próxima visita.').join('\n\n') };
    const pages = (await readPdf(await renderLetterBatch([long], { printedAt }))).pages;
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]?.text.endsWith(`Página 1 de ${pages.length}`)).toBe(true);
  });

  it('gives the same bytes for the same input, dated with printedAt and with no patient data in the metadata', async () => {
    const first = await renderLetterBatch([letter(), spanish], { printedAt });
    const second = await renderLetterBatch([letter(), spanish], { printedAt });
    expect(second.equals(first)).toBe(true);
    const later = await renderLetterBatch([letter(), spanish], { printedAt: new Date('2026-12-17T15:00:00Z') });
    expect(later.equals(first)).toBe(false);
    const { info } = await readPdf(first);
    expect(info.CreationDate).toBe("D:20261216030000Z");
    expect(info.ModDate).toBe("D:20261216030000Z");
    expect(info.Title).toBe('Recare: Letters');
    expect(JSON.stringify(info)).not.toMatch(/Maria|Lopez|Evergreen|José/);
  });

  it('dates the letter on the office calendar, in the letter language', () => {
    expect(formatLetterDate(printedAt, 'en', 'America/New_York')).toBe('December 15, 2026');
    expect(formatLetterDate(printedAt, 'en', 'Europe/Madrid')).toBe('December 16, 2026');
    expect(formatLetterDate(printedAt, 'es', 'America/Chicago')).toBe('15 de diciembre de 2026');
  });
});

describe('renderLetterBatch refuses bad input by key, never by name or address', () => {
  it('an empty batch', async () => {
    const error = await failure(renderLetterBatch([], { printedAt }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('A letter batch needs at least 1 letter; given 0.');
  });

  it('a letter without address lines', async () => {
    const error = await failure(renderLetterBatch([letter({ key: 'k-7', recipient: { name: 'Maria Lopez', addressLines: ['  ', ''] } })], { printedAt }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(
      'Letter "k-7": the recipient has no address lines (given 2 lines, none with text); 1 to 3 are needed: street, optional unit, city/state/ZIP.',
    );
    expect(error.issues).toEqual([{ path: 'letters[0].recipient.addressLines', value: 0, message: error.message }]);
  });

  it('a letter with too many address lines (and says how many more problems there are)', async () => {
    const tooMany = letter({ key: 'k-8', recipient: { name: 'Maria Lopez', addressLines: ['Attn: Billing', '742 Evergreen Terrace', 'Apt 3B', 'Austin, TX 78702'] } });
    const error = await failure(renderLetterBatch([letter(), tooMany, { ...tooMany, key: 'k-9', body: ' ' }], { printedAt }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(
      'Letter "k-8": the recipient has 4 address lines; at most 3 are allowed (with the name, 4 lines fit the envelope window and a label). (and 2 more problems with the letters)',
    );
    expect(error.issues?.map((issue) => issue.path)).toEqual(['letters[1].recipient.addressLines', 'letters[2].recipient.addressLines', 'letters[2].body']);
    expect(error.message).not.toMatch(/Maria|Evergreen|Billing/);
  });

  it('an address line too wide for the window even at the smallest size', async () => {
    const street = 'Building 4, Apartment 1200, 12345 North Martin Luther King Junior Boulevard';
    const wide = letter({ key: 'k-10', recipient: { name: 'Maria Lopez', addressLines: [street, 'Austin, TX 78702'] } });
    const error = await failure(renderLetterBatch([wide], { printedAt }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(
      /^Letter "k-10": recipient address line 1 is 75 characters, \d+ pt wide at the smallest size \(8 pt\); the envelope window fits 234 pt\. Shorten it \(abbreviate the street type or unit\)\.$/,
    );
    expect(street).toHaveLength(75);
    // The caller can set such a letter aside before building the batch.
    expect(checkLetter(wide).map((issue) => issue.path)).toEqual(['recipient.addressLines[0]']);
    expect(checkLetter(letter())).toEqual([]);
  });

  it('the same key twice, an unknown language, a bad time zone, an invalid print time', async () => {
    const duplicate = await failure(renderLetterBatch([letter(), letter()], { printedAt }));
    expect(duplicate.message).toBe('Letter "outbox-1" appears 2 times in the batch (positions 1, 2); each key may appear once.');
    const french = await failure(renderLetterBatch([letter({ key: 'k-fr', language: 'fr' as 'en' })], { printedAt }));
    expect(french.message).toBe('Letter "k-fr": language "fr" is not supported; allowed: en, es.');
    const zone = await failure(renderLetterBatch([letter({ key: 'k-tz', office: { ...office, timeZone: 'Mars/Olympus' } })], { printedAt }));
    expect(zone.message).toBe('Letter "k-tz": the office time zone "Mars/Olympus" is not an IANA time zone; use a name such as America/New_York.');
    const when = await failure(renderLetterBatch([letter()], { printedAt: new Date('not a date') }));
    expect(when.message).toBe('printedAt must be a valid date (the print time); given Invalid Date.');
    for (const error of [duplicate, french, zone, when]) expect(error.code).toBe('invalid_input');
  });
});

describe('renderAddressLabels (Avery 5160)', () => {
  const recipients = Array.from({ length: 31 }, (_, i) => ({ name: `Patient ${i + 1}`, addressLines: [`${i + 1} Oak Street`, 'Austin, TX 78701'] }));

  function cellOf(index: number): Rect {
    const cell = labelCell(avery5160, index);
    const { x, y } = avery5160.padding;
    return { left: cell.left + x, top: cell.top + y, width: cell.width - 2 * x, height: cell.height - 2 * y };
  }

  it('puts 30 labels on a sheet: 31 recipients take 2 pages, each label inside its cell', async () => {
    const pdf = await readPdf(await renderAddressLabels(recipients, { printedAt }));
    expect(pdf.pages).toHaveLength(2);
    const [first, second] = pdf.pages as [PdfPage, PdfPage];
    expect(first.items).toHaveLength(90);
    for (const [index, page, position] of [
      [0, first, 0],
      [2, first, 2],
      [29, first, 29],
      [30, second, 0],
    ] as const) {
      const n = index + 1;
      const items = lineItems(page, [`Patient ${n}`, `${n} Oak Street`, 'Austin, TX 78701'].slice(0, 2));
      for (const item of items) expect(inside(item, cellOf(position)), `"${item.str}" inside label ${position + 1}`).toBe(true);
    }
    // Cells in the right place: the 3rd label is the top-right one, the 30th the bottom-right.
    expect(labelCell(avery5160, 2)).toEqual({ left: inches(0.1875 + 2 * 2.75), top: inches(0.5), width: inches(2.625), height: 72 });
    expect(labelCell(avery5160, 29)).toEqual({ left: inches(0.1875 + 2 * 2.75), top: inches(0.5 + 9), width: inches(2.625), height: 72 });
    expect(second.text).toBe('Patient 31\n31 Oak Street\nAustin, TX 78701');
  });

  it('shrinks a long line, and cuts a very long one with an ellipsis, inside the label', async () => {
    const long = [
      { name: 'Maximiliano Bartholomew Fernández-Castellanos', addressLines: ['12345 North Martin Luther King Junior Boulevard, Building 4, Apartment 1200', 'Austin, TX 78701'] },
    ];
    const [page] = (await readPdf(await renderAddressLabels(long, { printedAt }))).pages as [PdfPage];
    const [name, street, city] = page.items.sort((a, b) => a.baseline - b.baseline) as [TextBox, TextBox, TextBox];
    expect(name.str).toBe('Maximiliano Bartholomew Fernández-Castellanos');
    expect(name.size).toBeLessThan(10);
    expect(street.str).toMatch(/^12345 North Martin Luther King.*…$/);
    expect(street.size).toBe(7);
    expect(city.str).toBe('Austin, TX 78701');
    expect(city.size).toBe(10);
    for (const item of [name, street, city]) expect(inside(item, cellOf(0)), `"${item.str}" inside the label`).toBe(true);
  });

  it('starts after labels already used on the first sheet', async () => {
    const pdf = await readPdf(await renderAddressLabels(recipients.slice(0, 29), { printedAt, skipLabels: 2 }));
    expect(pdf.pages).toHaveLength(2);
    const [first, second] = pdf.pages as [PdfPage, PdfPage];
    for (const item of lineItems(first, ['Patient 1', '1 Oak Street'])) expect(inside(item, cellOf(2))).toBe(true);
    expect(first.items.some((item) => inside(item, cellOf(0)) || inside(item, cellOf(1)))).toBe(false);
    for (const item of lineItems(second, ['Patient 29', '29 Oak Street'])) expect(inside(item, cellOf(0))).toBe(true);
  });

  it('refuses an empty list, a label without address lines, and too many lines, by position', async () => {
    const empty = await failure(renderAddressLabels([], { printedAt }));
    expect(empty.code).toBe('invalid_input');
    expect(empty.message).toBe('An address label sheet needs at least 1 recipient; given 0.');
    const bad = await failure(
      renderAddressLabels([recipients[0]!, { name: 'Maria Lopez', addressLines: [] }, { name: 'Maria Lopez', addressLines: ['a', 'b', 'c', 'd'] }], { printedAt }),
    );
    expect(bad.code).toBe('invalid_input');
    expect(bad.message).toBe(
      'Label 2: the recipient has no address lines (given 0 lines, none with text); 1 to 3 are needed: street, optional unit, city/state/ZIP. (and 1 more problem with the address labels)',
    );
    expect(bad.issues?.map((issue) => issue.path)).toEqual(['recipients[1].addressLines', 'recipients[2].addressLines']);
    const skip = await failure(renderAddressLabels(recipients, { printedAt, skipLabels: 30 }));
    expect(skip.message).toBe('skipLabels must be a whole number from 0 to 29 (labels on a sheet, minus one); given 30.');
  });
});
