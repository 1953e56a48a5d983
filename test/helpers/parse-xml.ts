/**
 * A small strict XML reader for TwiML in tests: elements, attributes, text and the five predefined
 * entities; anything malformed (an unclosed or mismatched tag, a stray '<' or '&') throws.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&([a-z]+|#\d+|#x[0-9a-f]+);|&/gi, (whole, name: string | undefined) => {
    if (!name) throw new Error('a bare & in XML text');
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    const value = entities[name];
    if (value === undefined) throw new Error(`unknown XML entity &${name};`);
    return value;
  });
}

export function parseXml(source: string): XmlElement {
  let rest = source.replace(/^<\?xml[^?]*\?>/, '').trim();
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  while (rest.length > 0) {
    const current = stack.at(-1) as XmlElement;
    if (rest.startsWith('</')) {
      const m = /^<\/([A-Za-z][\w.-]*)\s*>/.exec(rest);
      if (!m || m[1] !== current.name) throw new Error(`mismatched closing tag near ${rest.slice(0, 30)}`);
      stack.pop();
      rest = rest.slice(m[0].length);
    } else if (rest.startsWith('<')) {
      const m = /^<([A-Za-z][\w.-]*)((?:\s+[A-Za-z][\w.-]*="[^"<]*")*)\s*(\/?)>/.exec(rest);
      if (!m) throw new Error(`malformed tag near ${rest.slice(0, 30)}`);
      const attributes: Record<string, string> = {};
      for (const a of (m[2] ?? '').matchAll(/([A-Za-z][\w.-]*)="([^"<]*)"/g)) attributes[a[1] as string] = decode(a[2] as string);
      const element: XmlElement = { name: m[1] as string, attributes, children: [], text: '' };
      current.children.push(element);
      if (m[3] !== '/') stack.push(element);
      rest = rest.slice(m[0].length);
    } else {
      const end = rest.indexOf('<');
      const text = end === -1 ? rest : rest.slice(0, end);
      current.text += decode(text);
      rest = end === -1 ? '' : rest.slice(end);
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed element <${stack.at(-1)?.name ?? ''}>`);
  if (root.children.length !== 1) throw new Error('an XML document has exactly one root element');
  return root.children[0] as XmlElement;
}
