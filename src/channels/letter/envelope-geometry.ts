/**
 * Where things go on paper: the address window of a #10 window envelope as it falls on a US Letter
 * page folded in thirds, and the cells of an Avery 5160 label sheet. Plain data in PostScript points
 * (1/72 inch), measured from the page's top-left corner as pdfkit draws; every renderer option takes
 * an override, because offices buy envelopes and labels from different makers.
 *
 * Sources:
 *   - #10 envelope 9 1/2" x 4 1/8"; window 4 1/2" x 1 1/8", 7/8" from the left and 1/2" from the
 *     bottom ("the most common, recommended by USPS"; California State University mail services:
 *     "Normal window placement is 1/2" from the bottom and 7/8" from the left. Window size is
 *     1 1/8" x 4 1/2"", and "the address itself must have at least a 1/8" space on all sides between
 *     it and the edge of the window"): answers.google.com/answers/threadview?id=712795.
 *   - A cross-check of the result: PostalMethods' guide (postalmethods.com/resources/developers-guide/127)
 *     puts the address 2.042" from the top of the page "assuming the letter is located at the bottom
 *     of the envelope", and the body 3 3/8" or more from the top; 11"/3 - (1/2" + 1 1/8") = 2.042".
 *   - Avery 5160: 30 labels (3 x 10) of 2 5/8" x 1" on Letter; top margin 1/2", left margin 3/16",
 *     pitch 2 3/4" across and 1" down (Avery's template 5160; docs/channels.md §5 [47]).
 */

export const pointsPerInch = 72;

/** Inches to points. */
export function inches(value: number): number {
  return value * pointsPerInch;
}

/** A rectangle on the page in points, from the page's top-left corner (pdfkit's coordinates). */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

export const usLetter: Size = { width: inches(8.5), height: inches(11) };

/**
 * A window envelope and how the letter sits in it. The letter is C-folded (in thirds, the top third
 * facing the window, upright) and can slide: sideways by the difference in widths, and upwards by
 * the difference between the envelope's height and the folded panel's.
 */
export interface WindowEnvelopeSpec {
  page: Size;
  envelope: Size;
  /** The window on the envelope's face, from the envelope's left and bottom edges. */
  window: { left: number; bottom: number; width: number; height: number };
  /** The height of the folded letter (the top panel): a third of the page for a C-fold. */
  foldedHeight: number;
  /** Space kept between the address and the window's edge (USPS guidance: 1/8"). */
  clearance: number;
}

export const standardNo10WindowEnvelope: WindowEnvelopeSpec = {
  page: usLetter,
  envelope: { width: inches(9.5), height: inches(4.125) },
  window: { left: inches(7 / 8), bottom: inches(1 / 2), width: inches(4.5), height: inches(1.125) },
  foldedHeight: inches(11) / 3,
  clearance: inches(1 / 8),
};

export interface WindowPlacement {
  /**
   * Where the address block must sit: inside the window wherever the letter slides sideways, with the
   * clearance on every side, for a letter resting on the envelope's bottom edge (where it settles,
   * and where inserting machines put it). A letter that rides up shows the window lower on the page,
   * hiding the top line first, so renderers bottom-align the block here: the city/ZIP line stays
   * visible longest.
   */
  addressArea: Rect;
  /**
   * Every part of the page that can show through the window, wherever the letter slides (sideways and
   * upwards). Nothing but the address may be printed here.
   */
  windowExtent: Rect;
}

/** Where the window falls on the first page of a C-folded letter. */
export function windowPlacement(spec: WindowEnvelopeSpec = standardNo10WindowEnvelope): WindowPlacement {
  const sidePlay = Math.max(0, spec.envelope.width - spec.page.width);
  const risePlay = Math.max(0, spec.envelope.height - spec.foldedHeight);
  const { window, clearance } = spec;
  // The page's left edge sits anywhere from the envelope's left edge to `sidePlay` to its right; the
  // window spans envelope x [left, left + width], i.e. page x [left - offset, left + width - offset].
  const alwaysLeft = window.left;
  const alwaysRight = window.left + window.width - sidePlay;
  // Resting on the bottom, the page's top edge is `foldedHeight` above the envelope's bottom, so an
  // envelope height h is (foldedHeight - h) below the top of the page; riding up moves it down by up to risePlay.
  const restingTop = spec.foldedHeight - window.bottom - window.height;
  const restingBottom = spec.foldedHeight - window.bottom;
  const addressArea: Rect = {
    left: alwaysLeft + clearance,
    top: restingTop + clearance,
    width: alwaysRight - alwaysLeft - 2 * clearance,
    height: window.height - 2 * clearance,
  };
  const extentLeft = Math.max(0, window.left - sidePlay);
  const windowExtent: Rect = {
    left: extentLeft,
    top: restingTop,
    width: window.left + window.width - extentLeft,
    height: restingBottom + risePlay - restingTop,
  };
  return { addressArea, windowExtent };
}

/** A sheet of equal labels in a grid. */
export interface LabelSheetSpec {
  page: Size;
  columns: number;
  rows: number;
  label: Size;
  /** From the page's top edge to the first row's top edge. */
  topMargin: number;
  /** From the page's left edge to the first column's left edge. */
  leftMargin: number;
  /** From one column's left edge to the next one's. */
  horizontalPitch: number;
  /** From one row's top edge to the next one's. */
  verticalPitch: number;
  /** Kept free inside each label, so a printer that feeds a little askew does not cut the text. */
  padding: { x: number; y: number };
}

export const avery5160: LabelSheetSpec = {
  page: usLetter,
  columns: 3,
  rows: 10,
  label: { width: inches(2.625), height: inches(1) },
  topMargin: inches(0.5),
  leftMargin: inches(0.1875),
  horizontalPitch: inches(2.75),
  verticalPitch: inches(1),
  padding: { x: inches(0.125), y: inches(0.0625) },
};

export function labelsPerSheet(spec: LabelSheetSpec): number {
  return spec.columns * spec.rows;
}

/** The label at `index` on its sheet (0-based, filled row by row: left to right, then down). */
export function labelCell(spec: LabelSheetSpec, index: number): Rect {
  const position = index % labelsPerSheet(spec);
  const column = position % spec.columns;
  const row = Math.floor(position / spec.columns);
  return {
    left: spec.leftMargin + column * spec.horizontalPitch,
    top: spec.topMargin + row * spec.verticalPitch,
    width: spec.label.width,
    height: spec.label.height,
  };
}
