/** TMX 1.4b export: one translation unit per clause, one variant per language. */
import { exportLanguages, exportRows, sourceLanguage } from './rows.ts';
import type { AcceptedDivergence, ExportInput, ExportOptions } from './types.ts';

/** The `creationtoolversion` written in the TMX header. */
export const TMX_TOOL_VERSION = '0.1.0';

/** Whether XML 1.0 can carry the code point, even as a reference (it cannot carry most C0 controls). */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    code >= 0x10000
  );
}

/** `value` without the characters XML cannot carry (controls, lone surrogates, U+FFFE, U+FFFF). */
function xmlChars(value: string): string {
  // Fast path: most texts hold no control character and no surrogate at all.
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const control = code < 0x20 && code !== 0x9 && code !== 0xa && code !== 0xd;
    if (control || (code >= 0xd800 && code <= 0xdfff) || code >= 0xfffe) return dropNonXml(value);
  }
  return value;
}

function dropNonXml(value: string): string {
  let kept = '';
  // Iterates by code point: a paired surrogate comes whole, a lone one alone (and is dropped).
  for (const char of value) if (isXmlChar(char.codePointAt(0)!)) kept += char;
  return kept;
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  '"': '&quot;',
  '\n': '&#xA;',
  '\t': '&#x9;',
};

/**
 * Text escaped for XML element content: markup characters as entities, CR as a character reference (a parser
 * would turn a literal one into LF), characters XML cannot carry dropped.
 */
export function xmlText(value: string): string {
  return xmlChars(value).replace(/[&<>\r]/g, (char) => TEXT_ESCAPES[char]!);
}

/** Text escaped for a double-quoted XML attribute; tabs and line breaks as references, which survive parsing. */
export function xmlAttribute(value: string): string {
  return xmlChars(value).replace(/[&<>\r"\n\t]/g, (char) => ATTRIBUTE_ESCAPES[char]!);
}

/**
 * The record as a TMX 1.4b document. The header names charter-align, the source language (`srclang`: the
 * requested one, else the language with the most units, see {@link sourceLanguage}) and the charter (`x-charter`). Each clause with text in at least one language
 * is a `<tu tuid="<clause id>">` with `x-order` and, when it has open flags, `x-review-flags` (ids separated by
 * spaces); a divergence accepted as real adds `x-review-status` `accepted <flag id>` and a `<note>` with the
 * reviewer's note, name and date. Each language that has the clause is a `<tuv xml:lang>` with
 * `x-confidence`, `x-quality` (the text quality, when known) and `x-version`; a reviewer's correction adds
 * `x-review-status` `reviewed`, `x-reviewed-by`, `x-reviewed-at` and `x-ocr-text` (the OCR text it replaced,
 * empty when the edition lacked the clause). A
 * language lacking the clause has no `<tuv>`; a clause no language has has no `<tu>` (TMX needs one variant).
 * Throws a RangeError when `options.source` is not an exported language.
 */
export function toTmx(input: ExportInput, options: ExportOptions = {}): string {
  const langs = exportLanguages(input);
  const rows = exportRows(input);
  const unitCounts = new Map(langs.map((lang) => [lang, rows.filter((row) => row.cells.has(lang)).length]));
  const source = sourceLanguage(langs, options.source, unitCounts) ?? '*all*';
  const prop = (indent: string, type: string, value: string) =>
    `${indent}<prop type="${xmlAttribute(type)}">${xmlText(value)}</prop>`;
  const attributes = [
    ['creationtool', 'charter-align'],
    ['creationtoolversion', TMX_TOOL_VERSION],
    ['segtype', 'paragraph'],
    ['o-tmf', 'charter-align'],
    ['adminlang', 'en'],
    ['srclang', source],
    ['datatype', 'plaintext'],
    ...(options.createdAt ? [['creationdate', tmxDate(options.createdAt)]] : []),
  ];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<tmx version="1.4">',
    `  <header ${attributes.map(([name, value]) => `${name}="${xmlAttribute(value!)}"`).join(' ')}>`,
    prop('    ', 'x-charter', input.charter),
    '  </header>',
    '  <body>',
  ];
  for (const row of rows) {
    const present = langs.filter((l) => row.cells.has(l));
    if (present.length === 0) continue;
    lines.push(`    <tu tuid="${xmlAttribute(row.id)}">`, prop('      ', 'x-order', String(row.order)));
    if (row.flags.length) lines.push(prop('      ', 'x-review-flags', row.flags.join(' ')));
    for (const divergence of row.accepted) {
      lines.push(
        `      <note>${xmlText(acceptedNote(divergence))}</note>`,
        prop('      ', 'x-review-status', `accepted ${divergence.id}`),
      );
    }
    for (const lang of present) {
      const cell = row.cells.get(lang)!;
      const reviewed = cell.reviewed;
      lines.push(
        `      <tuv xml:lang="${xmlAttribute(lang)}">`,
        prop('        ', 'x-confidence', String(cell.confidence)),
        ...(typeof cell.quality === 'number' ? [prop('        ', 'x-quality', String(cell.quality))] : []),
        prop('        ', 'x-version', String(cell.version)),
        ...(reviewed
          ? [
              prop('        ', 'x-review-status', 'reviewed'),
              prop('        ', 'x-reviewed-by', reviewed.by),
              prop('        ', 'x-reviewed-at', reviewed.at),
              prop('        ', 'x-ocr-text', reviewed.ocrText ?? ''),
            ]
          : []),
        `        <seg>${xmlText(cell.text)}</seg>`,
        '      </tuv>',
      );
    }
    lines.push('    </tu>');
  }
  lines.push('  </body>', '</tmx>');
  return `${lines.join('\n')}\n`;
}

/** One line saying what was accepted, by whom and when, and why. */
export function acceptedNote(divergence: AcceptedDivergence): string {
  const day = divergence.at.slice(0, 10);
  return `accepted divergence (${divergence.kind}, ${divergence.langs.join(', ')}): ${divergence.note} (${divergence.by}${day ? `, ${day}` : ''})`;
}

/** TMX dates: ISO 8601 basic format in UTC, `YYYYMMDDThhmmssZ`. */
function tmxDate(date: Date): string {
  return `${date.toISOString().slice(0, 19).replaceAll('-', '').replaceAll(':', '')}Z`;
}
