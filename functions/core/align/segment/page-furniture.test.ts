import { describe, expect, it } from 'vitest';
import { findPageFurniture } from './page-furniture.ts';
import { segmentLines, toSourceLines } from './segment-lines.ts';

const body = [
  'The harbour committee meets on the first Monday of every month to review the',
  'schedule of arrivals and the state of the quays before the winter comes.',
  '',
  'Fishing boats may moor at the eastern pier when the weather is calm and the',
  'harbour master has been told of their arrival in good time by radio.',
  '',
  'Cargo ships pay their dues before they leave, in cash or by bank transfer, at',
  'the desk beside the customs building near the gate of the harbour.',
  '',
  'Visitors register at the office near the gate before they go aboard, and',
  'they leave the harbour before the lights are lit at dusk every evening.',
  '',
  'The pilots are booked through the same office, which keeps a list of the',
  'pilots on duty and of the ships that are waiting for one at the anchorage.',
  '',
  'Every spring the committee publishes the rules and sends a copy to every',
  'owner of a vessel registered with the harbour office in the town.',
  '',
  'Repairs to the lights and the buoys are made in the summer, when the days',
  'are long and the sea is quiet enough for the small boats to go out.',
  '',
  'Complaints about noise, smoke or blocked berths go to the harbour master in',
  'writing, and an answer is sent within two weeks of the complaint.',
  '',
  'The winter timetable starts in November, when the ferries sail twice a day',
  'and the night crossing stops until the spring comes back to the coast.',
];

/** The body split over pages of `size` lines, each with a header and a footer page number. */
function paginate(size: number, header: (k: number) => string, footer: (k: number, n: number) => string) {
  const pages: string[][] = [];
  for (let i = 0; i < body.length; i += size) pages.push(body.slice(i, i + size));
  return pages
    .map((lines, k) => [header(k + 1), '', ...lines, '', footer(k + 1, pages.length)].join('\n'))
    .join('\n');
}

describe('findPageFurniture', () => {
  it('finds page numbers in several forms and a running header repeated with OCR noise', () => {
    const labels = [
      (k: number, n: number) => `Side ${k} / ${n}`,
      (k: number) => `Page ${k}`,
      (k: number) => `- ${k} -`,
      (k: number, n: number) => `Seite ${k} von ${n}`,
      (k: number, n: number) => `${k}/${n}`,
      (k: number) => `${k}`,
    ];
    // The header comes back with a character misread on one page.
    const headers = [
      'HARBOURNET - Charter of small ports   2010',
      'HARBOURNET - Charter of sma1l ports   2010',
    ];
    for (const label of labels) {
      const text = paginate(9, (k) => headers[k % 2]!, label);
      const lines = toSourceLines(text);
      const found = findPageFurniture(lines);
      const flagged = [...found.lines].map((i) => lines[i]!.text);
      const expected = lines
        .map((l) => l.text)
        .filter(
          (t) => t.startsWith('HARBOURNET') || t === label(1, 3) || t === label(2, 3) || t === label(3, 3),
        );
      expect(flagged.sort(), label(2, 3)).toEqual(expected.sort());
    }
  });

  it('leaves numbered headings that do not recur like pages, and repeated sentences', () => {
    const text = [
      'Article 1',
      'Every port keeps a register of the ships that call at it.',
      'Article 2',
      'The register is open to the public during office hours.',
      'Every port keeps a register of the ships that call at it.',
      'Article 3',
      'A copy of the register goes to the committee each year, with the accounts of the port and',
      'the list of the pilots.',
    ].join('\n');
    expect(findPageFurniture(toSourceLines(text)).lines.size).toBe(0);
  });
});

describe('segmentLines without page furniture', () => {
  it('keeps running headers and page numbers out of every segment, and joins a paragraph across pages', () => {
    // Pages of 7 lines break the second paragraph of page one across the page break.
    const text = paginate(
      7,
      () => 'HARBOURNET Charter 2010',
      (k, n) => `Side ${k} / ${n}`,
    );
    const segments = segmentLines(toSourceLines(text));
    for (const segment of segments) {
      expect(segment.text).not.toMatch(/HARBOURNET|Side \d/u);
    }
    const texts = segments.map((s) => s.text);
    expect(texts).toContain(
      'Cargo ships pay their dues before they leave, in cash or by bank transfer, at the desk beside the customs building near the gate of the harbour.',
    );
    expect(texts.filter((t) => t.length > 0)).toHaveLength(9);
  });
});

describe('findPageFurniture on a text pasted in more than once', () => {
  it('keeps the lines that recur because the whole text does (headings and paragraphs), finding no furniture', () => {
    // Headings and one-line paragraphs set apart by blank lines: each would pass for a running header alone.
    const once = [
      'Harbour rules',
      '',
      'Mooring at the eastern pier',
      '',
      ...body.slice(0, 5),
      '',
      'Dues and payment',
      '',
      ...body.slice(6, 11),
      '',
      'Visitors and pilots',
      '',
      ...body.slice(12, 17),
      '',
      'Lights and buoys',
      '',
      'Repairs are made in summer',
    ].join('\n');
    const text = [once, once, once].join('\n\n');
    expect(findPageFurniture(toSourceLines(text)).lines.size).toBe(0);
    // One copy's title alone, recurring between blank lines, is still found as a running header.
    const headed = [0, 1, 2].map(() => ['Harbour rules', '', ...body.slice(0, 8)].join('\n')).join('\n\n');
    expect(findPageFurniture(toSourceLines(headed)).lines.size).toBe(3);
  });
});
