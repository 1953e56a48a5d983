/**
 * Fills a template's {{variables}} with values. A variable without a value is left visible as
 * [name] and reported, so a preview shows the gap instead of sending "Hi ," to a patient.
 */
const placeholder = /\{\{\s*([^{}]*?)\s*\}\}/g;

export interface RenderedText {
  text: string;
  /** Variables the text uses that had no value. */
  missing: string[];
}

export function renderTemplate(text: string, values: Readonly<Record<string, string>>): RenderedText {
  const missing = new Set<string>();
  const rendered = text.replace(placeholder, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) {
      missing.add(name);
      return `[${name}]`;
    }
    return value;
  });
  return { text: rendered, missing: [...missing] };
}
