import { describe, expect, it } from 'vitest';
import { findColumnSplit } from './columns.ts';
import { segmentLines, toSourceLines } from './segment-lines.ts';

const intro = [
  'Harbour rules for the small northern port',
  '',
  'These rules apply to every vessel that',
  'enters the port, to its crew and to the',
  'passengers who come ashore with them.',
  '',
  'The port authority publishes the rules',
  'each spring and sends a copy to every',
  'owner of a vessel registered with it,',
  'together with the table of harbour dues',
  'and the map of the berths.',
  '',
].join('\n');

// Two columns of about forty characters, read across by the OCR: each line holds the end of a
// left-column line and the start of the right-column line beside it.
const left = [
  'The harbour committee will meet on the',
  'first Monday of every month to review',
  'the schedule of arrivals.',
  '',
  '- Inspect the northern quay every week;',
  '- Repair the lights before the winter.',
];
const right = [
  'Fishing boats may moor at the eastern',
  'pier when the weather is calm and the',
  'harbour master has been informed.',
  '',
  'Visitors must register at the office',
  'near the gate before going aboard.',
];
const interleaved = left
  .map((l, i) => (l || right[i] ? `${l}${l && right[i] ? ' ' : ''}${right[i]}` : ''))
  .join('\n');

describe('findColumnSplit', () => {
  it('cuts a line holding two columns at the start of the right column', () => {
    const line =
      'Som politiker kommer vi att: Vid denna fjarde konferens om integration i London, atar vi oss';
    const split = findColumnSplit(line, { width: 60 });
    expect(line.slice(split!.at)).toBe('Vid denna fjarde konferens om integration i London, atar vi oss');
  });

  it('cuts after a word hyphen that was a line end, not after a suspended compound', () => {
    const line =
      '- Stodja lika forutsattningar till service for invandrare, sarskilt sprakun- resultatrapport av EUROCITIES under 2011;';
    const split = findColumnSplit(line, { width: 75, conjunctions: new Set(['och']) });
    expect(line.slice(split!.at)).toBe('resultatrapport av EUROCITIES under 2011;');
  });

  it('cuts a short right half that ends the right column paragraph left open just above', () => {
    const line = '- Inspect the northern quay once every week; agreed';
    const options = { width: 46 };
    // The right column's line above is full and unfinished: its next word had to go to this line.
    const split = findColumnSplit(line, {
      ...options,
      previousRight: 'when the weather is calm and the master has',
    });
    expect(line.slice(split!.at)).toBe('agreed');
    // Without an open right column nearby, or when the word would have fitted above, the line is one column.
    expect(findColumnSplit(line, options)).toBeNull();
    expect(findColumnSplit(line, { ...options, previousRight: 'when the weather is calm' })).toBeNull();
  });

  it('leaves a line of ordinary length alone', () => {
    expect(
      findColumnSplit('A sentence ends here. Another one starts and runs on a bit.', { width: 60 }),
    ).toBeNull();
  });
});

describe('segmentLines', () => {
  const text = `${intro}\n${interleaved}\n`;
  const segments = segmentLines(toSourceLines(text));
  const texts = segments.map((s) => s.text);

  it('routes each half of the interleaved lines to its own column and rebuilds the paragraphs', () => {
    expect(texts).toContain(
      'The harbour committee will meet on the first Monday of every month to review the schedule of arrivals.',
    );
    expect(texts).toContain(
      'Fishing boats may moor at the eastern pier when the weather is calm and the harbour master has been informed.',
    );
    expect(texts).toContain('Visitors must register at the office near the gate before going aboard.');
  });

  it('reads the left column before the right one', () => {
    const at = (start: string) => texts.findIndex((t) => t.startsWith(start));
    expect(at('The harbour committee')).toBeLessThan(at('Inspect the northern'));
    expect(at('Repair the lights')).toBeLessThan(at('Fishing boats'));
    expect(at('Fishing boats')).toBeLessThan(at('Visitors must'));
  });

  it('finds the kinds: heading, paragraphs, bullets', () => {
    const kind = (start: string) => segments.find((s) => s.text.startsWith(start))?.kind;
    expect(kind('Harbour rules')).toBe('heading');
    expect(kind('These rules apply')).toBe('paragraph');
    expect(kind('Inspect the northern')).toBe('bullet');
    expect(kind('Repair the lights')).toBe('bullet');
  });

  it('keeps source offsets that point at the original text', () => {
    const visitors = segments.find((s) => s.text.startsWith('Visitors'))!;
    expect(text.slice(visitors.spans[0]!.start, visitors.spans[0]!.end)).toBe(
      'Visitors must register at the office',
    );
    const bullet = segments.find((s) => s.text.startsWith('Inspect'))!;
    expect(text.slice(bullet.spans[0]!.start, bullet.spans[0]!.end)).toBe(
      '- Inspect the northern quay every week;',
    );
  });

  it('undoes a page read across two columns on every line (no single-column text to measure against)', () => {
    // Each OCR line runs across the page; where one column has a paragraph gap the line holds the other
    // column only.
    const page = [
      'The harbour committee will meet on the',
      'first Monday of every month to review The port authority publishes the rules',
      'the schedule of arrivals and departures. each spring and sends a copy to every',
      'owner of a vessel registered with it.',
      'Fishing boats may moor at the eastern',
      'pier when the weather is calm and the Cargo ships pay their dues before they',
      'harbour master has been told in time. leave, in cash or by bank transfer, at',
      'the desk beside the customs building.',
      'Visitors must register at the office',
      'near the gate before going aboard. Pilots are booked through the same desk.',
    ].join('\n');
    const out = segmentLines(toSourceLines(page)).map((s) => s.text);
    expect(out).toEqual([
      'The harbour committee will meet on the first Monday of every month to review the schedule of arrivals and departures.',
      'Fishing boats may moor at the eastern pier when the weather is calm and the harbour master has been told in time.',
      'Visitors must register at the office near the gate before going aboard.',
      'The port authority publishes the rules each spring and sends a copy to every owner of a vessel registered with it.',
      'Cargo ships pay their dues before they leave, in cash or by bank transfer, at the desk beside the customs building.',
      'Pilots are booked through the same desk.',
    ]);
  });

  it('re-joins a paragraph whose halves a page break printed far apart, the continuation first', () => {
    const broken = [
      'The first paragraph ends here.',
      '',
      'continues the sentence that began further',
      'down and ends with a full stop.',
      '',
      'A short middle paragraph stands alone.',
      '',
      'A sentence that begins in this place and',
      '',
      'The last paragraph is complete as well.',
    ].join('\n');
    const out = segmentLines(toSourceLines(broken)).map((s) => s.text);
    expect(out).toContain(
      'A sentence that begins in this place and continues the sentence that began further down and ends with a full stop.',
    );
    expect(out).toHaveLength(4);
  });

  it('joins a word hyphenated at a line end but keeps a suspended compound', () => {
    const out = segmentLines(
      toSourceLines('Integrera språkun-\ndervisning och jämlikhets-\noch mångfaldsfrågor.'),
      {
        conjunctions: ['och'],
      },
    );
    expect(out.map((s) => s.text)).toEqual([
      'Integrera språkundervisning och jämlikhets- och mångfaldsfrågor.',
    ]);
  });

  it('keeps scanning debris apart as debris', () => {
    const out = segmentLines(toSourceLines('A paragraph of text.\n\n. . . .\n\nAnother paragraph.'));
    expect(out.map((s) => s.kind)).toEqual(['paragraph', 'debris', 'paragraph']);
  });
});

describe('segmentLines, two columns read across in a single-column text', () => {
  const single = [
    'Harbour rules for the small northern port',
    '',
    'These rules apply to every vessel that comes',
    'into the port, to the crew on board and to',
    'the passengers who come ashore with them at',
    'the quay or at the ferry landing by the gate.',
    '',
    'The port authority publishes the rules each',
    'spring and sends a printed copy to the owner',
    'of every vessel that is registered with it,',
    'with the table of dues and the berth map.',
    '',
  ];
  const left = [
    'The committee will meet on the first day of',
    'each month to look at the list of arrivals.',
    '- Inspect the northern quay once every week;',
  ];
  // The right paragraph's last line is short and lost its full stop in the OCR.
  const right = [
    'Fishing boats may moor at the eastern pier',
    'when the weather is calm and the master has',
    'been told',
  ];
  const after = [
    '',
    '- Repair the harbour lights before the winter',
    'storms begin and test them every evening.',
  ];
  const text = [...single, ...left.map((l, i) => `${l} ${right[i]}`), ...after].join('\n');
  const texts = segmentLines(toSourceLines(text)).map((s) => s.text);

  it('gives a short right tail after clause punctuation to the right column, not to the bullet', () => {
    expect(texts).toContain('Inspect the northern quay once every week;');
    expect(texts).toContain(
      'Fishing boats may moor at the eastern pier when the weather is calm and the master has been told',
    );
  });
});
