import { describe, expect, it } from 'vitest';
import { wrap } from '../../../../test/fixtures/wrap-text.ts';
import { readAcrossLayout, stopsBeforeSmall } from './read-across.ts';

/** Sentences of a harbour's rules, some ending a paragraph's sentence before the next one starts. */
const sentences = [
  'The harbour committee meets on the first Monday of every month.',
  'It reviews the schedule of arrivals and the state of the quays.',
  'Fishing boats may moor at the eastern pier when the weather is calm.',
  'Cargo ships pay their dues before they leave, in cash or by transfer.',
  'Visitors register at the office near the gate before they go aboard.',
  'The pilots are booked through the same office, which keeps a list of them.',
  'Every spring the committee publishes the rules and sends them to every owner.',
  'Repairs to the lights and the buoys are made in the summer months.',
  'Complaints about noise or blocked berths go to the harbour master in writing.',
  'The winter timetable starts in November, when the ferries sail twice a day.',
];
const prose = Array.from({ length: 4 }, () => sentences.join(' '));

/** The column lines of `text` at `width`, laid in two columns and read straight across. */
function readAcross(lines: string[]): string[] {
  const rows = Math.ceil(lines.length / 2);
  return Array.from({ length: rows }, (_, r) => [lines[r], lines[rows + r]].filter(Boolean).join(' '));
}

describe('stopsBeforeSmall', () => {
  it('finds no sentence going on in small letters in prose read in order', () => {
    const lines = prose.flatMap((p) => wrap(p, 72));
    expect(lines.length).toBeGreaterThanOrEqual(40);
    expect(stopsBeforeSmall(lines)).toBe(0);
  });

  it('finds the seams of column lines read across, in a tenth of the lines or more', () => {
    const rows = readAcross(prose.flatMap((p) => wrap(p, 36)));
    expect(stopsBeforeSmall(rows)).toBeGreaterThanOrEqual(rows.length * 0.1);
  });

  it('leaves abbreviations and sentences ending before a capital alone', () => {
    expect(stopsBeforeSmall(['Ships, boats etc. are welcome. Visitors pay at the gate.'])).toBe(0);
    expect(stopsBeforeSmall(['The quays are closed at night.', 'the gate stays open'])).toBe(1);
  });
});

describe('readAcrossLayout on plain prose', () => {
  it('reads a long ragged page of one column as one column', () => {
    const layout = readAcrossLayout(prose.flatMap((p) => wrap(p, 72)));
    expect(layout.columns).toBe(1);
    expect(layout.gain).toBe(0);
  });
});
