import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv.ts';
import { TRICKY, trickyInput } from './test-fixtures.ts';

/** A strict RFC 4180 reader: records end with CRLF; a quoted field may hold anything, quotes doubled. */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote in an unquoted field at ${i}`);
        field += text[i++];
      }
    }
    fields.push(field);
    if (text[i] === ',') {
      i++;
    } else if (text.startsWith('\r\n', i)) {
      records.push(fields);
      fields = [];
      i += 2;
    } else {
      throw new Error(`expected a comma or CRLF at ${i}, found ${JSON.stringify(text.slice(i, i + 5))}`);
    }
  }
  if (fields.length) throw new Error('last record has no CRLF');
  return records;
}

describe('csvField', () => {
  it('quotes only fields with a comma, quote or line break, doubling quotes', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('a\rb')).toBe('"a\rb"');
    expect(csvField('')).toBe('');
  });
});

describe('toCsv', () => {
  const csv = toCsv(trickyInput());
  const [header, ...rows] = readCsv(csv);

  it('writes the header with languages sorted, their confidence and quality columns, flags, then review columns', () => {
    expect(header).toEqual([
      'clause',
      'order',
      'el',
      'en',
      'sv',
      'el_confidence',
      'en_confidence',
      'sv_confidence',
      'el_quality',
      'en_quality',
      'sv_quality',
      'flags',
      'el_reviewed_by',
      'en_reviewed_by',
      'sv_reviewed_by',
      'el_reviewed_at',
      'en_reviewed_at',
      'sv_reviewed_at',
      'el_ocr_text',
      'en_ocr_text',
      'sv_ocr_text',
      'accepted',
    ]);
  });

  it('ends every record with CRLF, and a line break inside a text stays inside its quoted field', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    // Header + 4 clauses; the texts' own line breaks do not add records.
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.length === header!.length)).toBe(true);
  });

  it('reads back every text unchanged, in canonical order, with empty cells for missing clauses', () => {
    const col = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      ['c.one', '0'],
      ['c.two', '1'],
      ['c.missing', '2'],
      ['c.three', '3'],
    ]);
    const [one, two, missing, three] = rows as [string[], string[], string[], string[]];
    expect([one[col('el')], one[col('en')], one[col('sv')]]).toEqual([
      TRICKY.greek,
      TRICKY.comma,
      TRICKY.quotes,
    ]);
    expect([two[col('el')], two[col('en')], two[col('sv')]]).toEqual([TRICKY.markup, TRICKY.newline, '']);
    expect(three[col('en')]).toBe(TRICKY.crlf);
    expect(three[col('el')]).toBe(`${TRICKY.arabic} ${TRICKY.emoji}${TRICKY.spaces}`);
    expect(three[col('sv')]).toBe(TRICKY.cjk);
    expect(missing.slice(2).every((cell) => cell === '')).toBe(true);
  });

  it('writes confidences as numbers', () => {
    const col = (name: string) => header!.indexOf(name);
    const [one, two] = rows as [string[], string[]];
    expect([one[col('el_confidence')], one[col('en_confidence')], one[col('sv_confidence')]]).toEqual([
      '0.875',
      '1',
      '0.75',
    ]);
    expect(two[col('sv_confidence')]).toBe('');
  });

  it('writes text qualities as numbers, an empty cell where unknown (no lexicon) or the clause is missing', () => {
    const col = (name: string) => header!.indexOf(name);
    const [one, two] = rows as [string[], string[]];
    expect([one[col('el_quality')], one[col('en_quality')], one[col('sv_quality')]]).toEqual([
      '',
      '1',
      '0.625',
    ]);
    expect(two[col('sv_quality')]).toBe('');
  });

  it('writes open flags as space-separated ids of known clauses', () => {
    const col = (name: string) => header!.indexOf(name);
    const [one, two, missing] = rows as [string[], string[], string[]];
    expect(one[col('flags')]).toBe('c1:c.one:number-mismatch:el+sv');
    expect(two[col('flags')]).toBe('c1:c.two:missing-clause:sv');
    expect(missing[col('flags')]).toBe('');
    expect(csv).not.toContain('residue');
  });

  it('gives a header and no rows for a record with no clauses', () => {
    expect(readCsv(toCsv({ charter: 'c', clauses: [], records: [], languages: ['da'] }))).toEqual([
      [
        'clause',
        'order',
        'da',
        'da_confidence',
        'da_quality',
        'flags',
        'da_reviewed_by',
        'da_reviewed_at',
        'da_ocr_text',
        'accepted',
      ],
    ]);
  });
});
