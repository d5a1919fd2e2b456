import { describe, expect, it } from 'vitest';
import { TRICKY, trickyInput } from './test-fixtures.ts';
import { toTmx, xmlAttribute, xmlText } from './tmx.ts';

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Resolves entity and character references; throws on a bare `&` or an unknown entity. */
function decode(raw: string): string {
  return raw.replace(/&([^;&\s]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new Error(`bare & in ${JSON.stringify(raw)}`);
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    const value = ENTITIES[ref];
    if (value === undefined) throw new Error(`unknown entity &${ref};`);
    return value;
  });
}

/**
 * A minimal XML reader for what the writer emits (declaration, elements, attributes in double quotes, text):
 * every tag must close in order, text may not hold `<` and attribute values neither `<` nor `"`. It parses
 * line ends as XML does (CRLF and CR become LF) before resolving references.
 */
function parseXml(xml: string): XmlElement {
  const normalised = xml.replace(/\r\n?/g, '\n');
  const declaration = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(normalised);
  if (!declaration) throw new Error('no XML declaration');
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*="[^"<]*")*)\s*(\/?)>/y;
  let i = declaration[0].length;
  while (i < normalised.length) {
    const top = stack.at(-1)!;
    if (normalised[i] !== '<') {
      const end = normalised.indexOf('<', i);
      const raw = normalised.slice(i, end === -1 ? undefined : end);
      top.text += decode(raw);
      i += raw.length;
      continue;
    }
    tag.lastIndex = i;
    const match = tag.exec(normalised);
    if (!match) throw new Error(`malformed tag at ${i}: ${normalised.slice(i, i + 40)}`);
    const [whole, closing, name, attributeText, selfClosing] = match;
    i += whole.length;
    if (closing) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [, key, value] of attributeText!.matchAll(/([A-Za-z_][\w:.-]*)="([^"]*)"/g)) {
      if (key! in attributes) throw new Error(`duplicate attribute ${key}`);
      attributes[key!] = decode(value!);
    }
    const element: XmlElement = { name: name!, attributes, children: [], text: '' };
    top.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (stack.length !== 1) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  if (root.children.length !== 1 || root.text.trim()) throw new Error('not exactly one root element');
  return root.children[0]!;
}

const child = (element: XmlElement, name: string) => element.children.filter((c) => c.name === name);
const props = (element: XmlElement) =>
  Object.fromEntries(child(element, 'prop').map((p) => [p.attributes.type, p.text]));

describe('xml escaping', () => {
  it('escapes markup characters, keeps CR as a reference and drops characters XML cannot carry', () => {
    expect(xmlText('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
    expect(xmlText('x\r\ny')).toBe('x&#xD;\ny');
    expect(xmlText('bell\u0007 nul\u0000 lone\uD800 pair😀')).toBe('bell nul lone pair😀');
    expect(xmlAttribute('say "a"\n\tb')).toBe('say &quot;a&quot;&#xA;&#x9;b');
  });
});

describe('toTmx', () => {
  const tmx = parseXml(toTmx(trickyInput(), { createdAt: new Date('2026-01-02T03:04:05.678Z') }));
  const [header] = child(tmx, 'header');
  const [body] = child(tmx, 'body');
  const units = child(body!, 'tu');

  it('is a well-formed TMX 1.4 document with the required header attributes', () => {
    expect(tmx.name).toBe('tmx');
    expect(tmx.attributes.version).toBe('1.4');
    expect(header!.attributes).toEqual({
      creationtool: 'charter-align',
      creationtoolversion: expect.any(String),
      segtype: 'paragraph',
      'o-tmf': 'charter-align',
      adminlang: 'en',
      srclang: 'en',
      datatype: 'plaintext',
      creationdate: '20260102T030405Z',
    });
    expect(props(header!)).toEqual({ 'x-charter': 'c1' });
  });

  it('writes one tu per clause with text, in canonical order, and none for a clause no language has', () => {
    expect(units.map((u) => u.attributes.tuid)).toEqual(['c.one', 'c.two', 'c.three']);
    expect(units.map((u) => props(u)['x-order'])).toEqual(['0', '1', '3']);
  });

  it('reads back every text exactly, one tuv per language that has the clause', () => {
    const texts = units.map((u) =>
      Object.fromEntries(child(u, 'tuv').map((v) => [v.attributes['xml:lang'], child(v, 'seg')[0]!.text])),
    );
    expect(texts).toEqual([
      { el: TRICKY.greek, en: TRICKY.comma, sv: TRICKY.quotes },
      { el: TRICKY.markup, en: TRICKY.newline },
      { el: `${TRICKY.arabic} ${TRICKY.emoji}${TRICKY.spaces}`, en: TRICKY.crlf, sv: TRICKY.cjk },
    ]);
  });

  it('carries confidence, text quality (when known) and version per tuv and the open flags per tu', () => {
    const first = child(units[0]!, 'tuv').map((v) => props(v));
    expect(first).toEqual([
      { 'x-confidence': '0.875', 'x-version': '3' },
      { 'x-confidence': '1', 'x-quality': '1', 'x-version': '1' },
      { 'x-confidence': '0.75', 'x-quality': '0.625', 'x-version': '2' },
    ]);
    expect(props(units[0]!)['x-review-flags']).toBe('c1:c.one:number-mismatch:el+sv');
    expect(props(units[2]!)['x-review-flags']).toBeUndefined();
  });

  it('takes the requested source language, else the one with most units (ties: en, then alphabetical)', () => {
    const srclang = (xml: string) => child(parseXml(xml), 'header')[0]!.attributes.srclang;
    expect(srclang(toTmx(trickyInput(), { source: 'sv' }))).toBe('sv');
    // en and el have 3 units each, sv 2.
    expect(srclang(toTmx(trickyInput()))).toBe('en');
    const withoutEn = { ...trickyInput(), records: trickyInput().records.filter((r) => r.lang !== 'en') };
    expect(srclang(toTmx(withoutEn))).toBe('el');
    // sv (2 units) over en and el, which lack units sv has.
    const svMost = {
      ...trickyInput(),
      records: trickyInput().records.filter((r) => r.lang === 'sv' || r.clauseId === 'c.two'),
    };
    expect(srclang(toTmx(svMost))).toBe('sv');
    expect(() => toTmx(trickyInput(), { source: 'fi' })).toThrow(
      /"fi" is not exported \(languages: el, en, sv\)/,
    );
  });

  it('gives the same bytes for the same record when no date is asked for', () => {
    expect(toTmx(trickyInput())).toBe(toTmx(trickyInput()));
    expect(toTmx(trickyInput())).not.toContain('creationdate');
  });
});
