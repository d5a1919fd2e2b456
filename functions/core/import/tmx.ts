/**
 * Reads a TMX document (1.1 to 1.4b) into translation units: each `<tu>` with its id and properties, and
 * each `<tuv>` variant with its language and plain segment text. A small XML reader of its own: TMX needs
 * elements, attributes, text, entities, CDATA and comments, and nothing here depends on a DOM.
 */

/** One language variant of a unit: the plain text of its `<seg>`. */
export interface TmxVariant {
  lang: string;
  text: string;
  props: Record<string, string>;
}

/** One translation unit. */
export interface TmxUnit {
  /** `tuid`, when the unit has one. */
  id?: string;
  props: Record<string, string>;
  variants: TmxVariant[];
}

/** A TMX document: the header's source language and properties, and the units in document order. */
export interface TmxDocument {
  srclang?: string;
  props: Record<string, string>;
  units: TmxUnit[];
}

/** A document that is not well-formed XML or not TMX; the message names the line. */
export class TmxError extends Error {
  constructor(message: string, line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'TmxError';
  }
}

/**
 * Inline elements whose content is native code (formatting of the source file), not text: left out of the
 * plain text. `<hi>` and text outside these are kept.
 */
const CODE_ELEMENTS = new Set(['bpt', 'ept', 'ph', 'it', 'ut']);

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

interface Element {
  name: string;
  attributes: Record<string, string>;
}

/** Parses `xml` as TMX. Throws a {@link TmxError} for a document that is not well-formed or has no `<tmx>`. */
export function parseTmx(xml: string): TmxDocument {
  const document: TmxDocument = { props: {}, units: [] };
  const stack: Element[] = [];
  let unit: TmxUnit | null = null;
  let variant: (TmxVariant & { seg: boolean }) | null = null;
  let prop: { type: string; text: string } | null = null;
  let codeDepth = 0;
  let sawRoot = false;

  const text = (value: string) => {
    if (prop) prop.text += value;
    else if (variant?.seg && codeDepth === 0) variant.text += value;
  };

  for (const token of tokens(xml)) {
    if (token.kind === 'text') {
      text(token.text);
      continue;
    }
    if (token.kind === 'open') {
      const { name, attributes } = token;
      if (stack.length === 0) {
        if (name !== 'tmx')
          throw new TmxError(`the root element is <${name}>, not <tmx>`, lineOf(xml, token.offset));
        sawRoot = true;
      }
      const parent = stack.at(-1)?.name;
      if (name === 'header' && parent === 'tmx') document.srclang = attributes.srclang;
      else if (name === 'tu')
        unit = { ...(attributes.tuid ? { id: attributes.tuid } : {}), props: {}, variants: [] };
      else if (name === 'tuv' && unit) {
        const lang = attributes['xml:lang'] ?? attributes.lang;
        if (!lang) throw new TmxError('a <tuv> without xml:lang', lineOf(xml, token.offset));
        variant = { lang: normaliseLang(lang), text: '', props: {}, seg: false };
      } else if (name === 'seg' && variant) variant.seg = true;
      else if (name === 'prop') prop = { type: attributes.type ?? '', text: '' };
      else if (variant?.seg && CODE_ELEMENTS.has(name)) codeDepth++;
      if (token.selfClosing) close(name, token.offset);
      else stack.push({ name, attributes });
      continue;
    }
    // token.kind === 'close'
    const top = stack.pop();
    if (!top || top.name !== token.name) {
      throw new TmxError(
        `</${token.name}> closes ${top ? `<${top.name}>` : 'nothing'}`,
        lineOf(xml, token.offset),
      );
    }
    close(token.name, token.offset);
  }
  if (!sawRoot) throw new TmxError('no <tmx> element');
  if (stack.length) throw new TmxError(`<${stack.at(-1)!.name}> is not closed`);
  return document;

  function close(name: string, offset: number) {
    if (name === 'prop' && prop) {
      const owner = variant ?? unit;
      (owner ? owner.props : document.props)[prop.type] = prop.text;
      prop = null;
    } else if (name === 'seg' && variant) variant.seg = false;
    else if (variant?.seg && CODE_ELEMENTS.has(name)) codeDepth--;
    else if (name === 'tuv' && variant && unit) {
      const { seg: _, ...kept } = variant;
      unit.variants.push(kept);
      variant = null;
    } else if (name === 'tu' && unit) {
      if (variant) throw new TmxError('a <tu> closed inside its <tuv>', lineOf(xml, offset));
      document.units.push(unit);
      unit = null;
    }
  }
}

/** `SV` -> `sv`, `pt-BR` -> `pt-BR`: the primary subtag in lower case, as the store keys languages. */
function normaliseLang(lang: string): string {
  const [primary, ...rest] = lang.trim().split(/[-_]/);
  return [primary!.toLowerCase(), ...rest].join('-');
}

type Token =
  | { kind: 'text'; text: string }
  | { kind: 'open'; name: string; attributes: Record<string, string>; selfClosing: boolean; offset: number }
  | { kind: 'close'; name: string; offset: number };

const NAME = /[A-Za-z_:][\w.:-]*/y;
const ATTRIBUTE = /\s+([A-Za-z_:][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;

/** The XML tokens of `xml`: elements and decoded text (CDATA included); declarations and comments skipped. */
function* tokens(xml: string): Generator<Token> {
  let at = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  // Line numbers only for error messages: counting them for every token would be quadratic.
  const lineAt = (index: number) => lineOf(xml, index);
  const skipTo = (end: string, from: number, what: string) => {
    const index = xml.indexOf(end, from);
    if (index < 0) throw new TmxError(`unterminated ${what}`, lineAt(from));
    return index + end.length;
  };
  while (at < xml.length) {
    const lt = xml.indexOf('<', at);
    if (lt < 0) {
      if (xml.slice(at).trim()) yield { kind: 'text', text: decode(xml.slice(at), () => lineAt(at)) };
      return;
    }
    if (lt > at) {
      const from = at;
      yield { kind: 'text', text: decode(xml.slice(from, lt), () => lineAt(from)) };
    }
    if (xml.startsWith('<!--', lt)) at = skipTo('-->', lt + 4, 'comment');
    else if (xml.startsWith('<![CDATA[', lt)) {
      const end = skipTo(']]>', lt + 9, 'CDATA section');
      yield { kind: 'text', text: xml.slice(lt + 9, end - 3) };
      at = end;
    } else if (xml.startsWith('<?', lt)) at = skipTo('?>', lt + 2, 'processing instruction');
    else if (xml.startsWith('<!', lt)) at = skipDoctype(xml, lt, lineAt);
    else if (xml[lt + 1] === '/') {
      NAME.lastIndex = lt + 2;
      const name = NAME.exec(xml)?.[0];
      const end = xml.indexOf('>', lt);
      if (!name || end < 0 || xml.slice(lt + 2 + name.length, end).trim()) {
        throw new TmxError('a malformed end tag', lineAt(lt));
      }
      yield { kind: 'close', name, offset: lt };
      at = end + 1;
    } else {
      NAME.lastIndex = lt + 1;
      const name = NAME.exec(xml)?.[0];
      if (!name) throw new TmxError('a malformed start tag', lineAt(lt));
      let index = lt + 1 + name.length;
      const attributes: Record<string, string> = {};
      for (;;) {
        ATTRIBUTE.lastIndex = index;
        const match = ATTRIBUTE.exec(xml);
        if (!match) break;
        const from = index;
        // Attribute-value normalisation: a literal tab or line break is a space; references are kept.
        const raw = (match[2] ?? match[3] ?? '').replace(/\r\n|[\t\n\r]/g, ' ');
        attributes[match[1]!] = decode(raw, () => lineAt(from));
        index = ATTRIBUTE.lastIndex;
      }
      const rest = /^\s*(\/?)>/.exec(xml.slice(index, index + 64));
      if (!rest) throw new TmxError(`a malformed <${name}> tag`, lineAt(lt));
      yield { kind: 'open', name, attributes, selfClosing: rest[1] === '/', offset: lt };
      at = index + rest[0].length;
    }
  }
}

/** Skips `<!DOCTYPE ...>`, internal subset included. */
function skipDoctype(xml: string, from: number, lineAt: (index: number) => number): number {
  let depth = 0;
  for (let i = from + 2; i < xml.length; i++) {
    if (xml[i] === '[') depth++;
    else if (xml[i] === ']') depth--;
    else if (xml[i] === '>' && depth === 0) return i + 1;
  }
  throw new TmxError('unterminated declaration', lineAt(from));
}

/** The 1-based line of `index` in `xml`. */
function lineOf(xml: string, index: number): number {
  let line = 1;
  for (let i = xml.indexOf('\n'); i >= 0 && i < index; i = xml.indexOf('\n', i + 1)) line++;
  return line;
}

/** Text with its entity and character references decoded; CR LF and CR become LF, as XML reads them. */
function decode(raw: string, line: () => number): string {
  if (!raw.includes('&') && !raw.includes('\r')) return raw;
  return raw.replace(/\r\n?/g, '\n').replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);|&/gi, (whole, name?: string) => {
    if (!name) throw new TmxError('a bare "&" (write &amp;)', line());
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      if (!Number.isInteger(code) || code > 0x10ffff)
        throw new TmxError(`a bad character reference ${whole}`, line());
      return String.fromCodePoint(code);
    }
    const value = NAMED_ENTITIES[name];
    if (value === undefined) throw new TmxError(`an unknown entity ${whole}`, line());
    return value;
  });
}
