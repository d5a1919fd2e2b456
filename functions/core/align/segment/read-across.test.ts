import { describe, expect, it } from 'vitest';
import { wrap } from '../../../../test/fixtures/wrap-text.ts';
import { readAcrossLayout, unreadAcross } from './read-across.ts';
import { segmentLines, toSourceLines } from './segment-lines.ts';

/** Column lines of `paragraphs` (no blank lines) laid in `columns` columns of `rows` and read across. */
function readAcross(paragraphs: string[], width: number, columns: number, separator = ' '): string {
  const lines = paragraphs.flatMap((p) => wrap(p, width));
  const rows = Math.ceil(lines.length / columns);
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const parts: string[] = [];
    for (let c = 0; c < columns; c++) {
      const line = lines[c * rows + r];
      if (line) parts.push(line);
    }
    out.push(parts.join(separator));
  }
  return out.join('\n');
}

const paragraphs = [
  'The harbour committee meets on the first Monday of every month to review the schedule of arrivals and the state of the quays.',
  'Fishing boats may moor at the eastern pier when the weather is calm and the harbour master has been told of their arrival in good time.',
  'Cargo ships pay their dues before they leave, in cash or by bank transfer, at the desk beside the customs building near the gate.',
  'Visitors register at the office near the gate before they go aboard, and they leave the harbour before the lights are lit at dusk.',
  'The pilots are booked through the same office, which keeps a list of the pilots on duty and of the ships that are waiting for one.',
  'Every spring the committee publishes the rules and sends a copy to every owner of a vessel registered with the harbour office.',
  'Repairs to the lights and the buoys are made in the summer, when the days are long and the sea is quiet enough for the small boats.',
  'Complaints about noise, smoke or blocked berths go to the harbour master in writing, and an answer is sent within two weeks.',
  'The winter timetable starts in November, when the ferries sail twice a day and the night crossing stops until the spring.',
];

describe('readAcrossLayout', () => {
  it('keeps a justified single-column page as one column', () => {
    const rows = paragraphs.flatMap((p) => wrap(p, 64));
    expect(readAcrossLayout(rows).columns).toBe(1);
  });

  it('finds two and three columns read across, at widths it was not told', () => {
    for (const [columns, width] of [
      [2, 31],
      [2, 52],
      [3, 26],
      [3, 38],
    ] as const) {
      const rows = readAcross(paragraphs, width, columns).split('\n');
      const layout = readAcrossLayout(rows);
      expect(layout.columns, `${columns} columns of ${width}`).toBe(columns);
      expect(Math.abs(layout.width - width)).toBeLessThanOrEqual(3);
    }
  });

  it('does not take a list of short title lines for two columns', () => {
    const titles = [
      'Allgemeine Bestimmungen',
      'Rechte der Besucher',
      'Pflichten der Eigentümer',
      'Gebühren und Abgaben',
      'Sicherheit im Hafen',
      'Lotsen und Schlepper',
      'Ruhezeiten und Lärm',
      'Beschwerden',
      'Schlussbestimmungen und Inkrafttreten',
      'Anhang: Liegeplätze',
      'Anhang: Gebührentabelle',
      'Verzeichnis der Ansprechpartner',
    ];
    expect(readAcrossLayout(titles).columns).toBe(1);
    const segments = segmentLines(toSourceLines(titles.join('\n')));
    const texts = segments.map((s) => s.text).join('\n');
    // Every title stays whole: none is cut into a left and a right half.
    for (const title of titles) expect(texts).toContain(title);
    expect(segments.every((s) => s.side === 'unknown')).toBe(true);
  });
});

/** The text of laid-out lines, blank lines left out, as one line. */
const textOf = (lines: readonly { text: string }[]) =>
  lines
    .map((l) => l.text)
    .filter(Boolean)
    .join(' ');

describe('readAcrossLayout on tokenised text', () => {
  // Rows of two columns read across, each ending in a lone stop.
  const rows = readAcross(paragraphs, 45, 2)
    .split('\n')
    .map((row) => `${row} .`);

  it('reads a page whose lines end in a lone mark and hold lone commas inside as one column', () => {
    const tokenised = rows.map((row) => row.replace(/,/gu, ' ,'));
    expect(readAcrossLayout(tokenised).columns).toBe(1);
  });

  it('still reads the columns where the lone marks stand only at the rows’ ends (margin dirt)', () => {
    expect(readAcrossLayout(rows).columns).toBe(2);
  });
});

describe('unreadAcross', () => {
  it('puts a three-column page read across back in reading order, with offsets into the source', () => {
    const text = readAcross(paragraphs, 30, 3, '  ');
    const { lines, pages } = unreadAcross(toSourceLines(text));
    expect(pages.map((p) => p.layout.columns)).toEqual([3]);
    expect(textOf(lines)).toBe(paragraphs.join(' '));
    for (const line of lines) expect(text.slice(line.start, line.start + line.text.length)).toBe(line.text);
  });

  it('keeps the columns whole where the OCR put a blank line after every few lines', () => {
    // Tesseract puts blank lines between rows at wider line spacing: they are no sheet ends.
    const rows = readAcross(paragraphs, 30, 3, '  ').split('\n');
    // A blank line after every row but a few near the end, so that the last lines make a run of four or more.
    const text = rows.map((row, i) => (i < rows.length - 5 ? `${row}\n` : row)).join('\n');
    const { lines, pages } = unreadAcross(toSourceLines(text));
    expect(pages.map((p) => p.layout.columns)).toEqual([3]);
    expect(textOf(lines)).toBe(paragraphs.join(' '));
  });

  it('says how sure its reading is of each column line: never below the best other cut, surer at wide gaps', () => {
    const meanMargin = (separator: string) => {
      const text = readAcross(paragraphs, 30, 3, separator);
      const { lines, cuts } = unreadAcross(toSourceLines(text));
      expect(cuts.map((c) => text.slice(c.start, c.end))).toEqual(lines.map((l) => l.text).filter(Boolean));
      for (const cut of cuts) expect(cut.margin).toBeGreaterThanOrEqual(-1e-9);
      const finite = cuts.map((c) => Math.min(c.margin, 10));
      return finite.reduce((a, b) => a + b, 0) / finite.length;
    };
    expect(meanMargin('  ')).toBeGreaterThan(meanMargin(' '));
    const oneColumn = paragraphs.slice(0, 4).flatMap((p) => wrap(p, 64));
    expect(unreadAcross(toSourceLines(oneColumn.join('\n'))).cuts).toEqual([]);
  });

  it('cuts a full row that has a speck of margin dirt before or after it', () => {
    const rows = readAcross(paragraphs, 45, 2).split('\n');
    // Specks at both edges of full rows: each row still holds both columns' lines.
    const specked = rows.map((row, i) => (i === 3 ? `, ${row}` : i === 6 ? `${row} .` : row));
    const { lines, pages } = unreadAcross(toSourceLines(specked.join('\n')));
    expect(pages.map((p) => p.layout.columns)).toEqual([2]);
    expect(
      textOf(lines)
        .replace(/ [,.](?= |$)/gu, '')
        .replace(/^, /u, ''),
    ).toBe(paragraphs.join(' '));
  });

  it('decides each page on its own: one page of one column, the next of two', () => {
    const first = paragraphs.slice(0, 4).flatMap((p) => wrap(p, 64));
    const second = readAcross(paragraphs.slice(4), 32, 2);
    const { pages } = unreadAcross(toSourceLines(`${first.join('\n')}\n\f${second}`));
    expect(pages.map((p) => p.layout.columns)).toEqual([1, 2]);
  });
});

describe('segmentLines on pages read across without blank lines', () => {
  it('splits a three-column page into its paragraphs, in reading order', () => {
    const text = readAcross(paragraphs, 31, 3);
    const segments = segmentLines(toSourceLines(text));
    expect(segments.filter((s) => s.kind !== 'debris').map((s) => s.text)).toEqual(paragraphs);
  });

  it('splits a two-column page into its paragraphs, in reading order', () => {
    const text = readAcross(paragraphs, 45, 2);
    const segments = segmentLines(toSourceLines(text));
    expect(segments.filter((s) => s.kind !== 'debris').map((s) => s.text)).toEqual(paragraphs);
  });
});
