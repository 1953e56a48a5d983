import type { TableKind } from '../records.js';

/**
 * How one PMS's export maps onto a canonical table. Pure data: column names exactly as the vendor
 * spells them (matched ignoring case and punctuation), and value translations for the vendor's
 * codes. A preset never contains parsing code, so adding a vendor is editing a table.
 */
export interface PresetTable {
  /** Source column → canonical field; an array when one vendor column feeds two fields. */
  columns: Readonly<Record<string, string | readonly string[]>>;
  /** Vendor columns we know about and deliberately do not import (no "unknown column" warning). */
  ignore?: readonly string[];
  /** API payloads carry dozens of fields we never need: ignore every unmapped one silently. */
  ignoreUnmapped?: boolean;
  /**
   * Per canonical field: vendor value (matched ignoring case) → canonical value; `''` means blank.
   * The key `*` is the translation for any value not listed.
   */
  values?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Per canonical field: vendor value → why such a row is not imported (a planned appointment is not on the schedule). */
  skipRows?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface Preset {
  name: string;
  description: string;
  /** The vendor writes US dates (M/D/YYYY) and 12-hour times. */
  usDates: boolean;
  tables: Readonly<Partial<Record<TableKind, PresetTable>>>;
}
