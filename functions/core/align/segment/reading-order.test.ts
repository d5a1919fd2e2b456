import { describe, expect, it } from 'vitest';
import { wrap } from '../../../../test/fixtures/wrap-text.ts';
import { layOutLines, readingOrderText } from './reading-order.ts';
import { toSourceLines } from './segment-lines.ts';

const paragraphs = [
  'The harbour committee meets on the first Monday of every month to review the schedule of arrivals.',
  'Fishing boats may moor at the eastern pier when the weather is calm and the harbour master knows.',
  'Cargo ships pay their dues before they leave, in cash or by bank transfer, at the customs desk.',
  'Visitors register at the office near the gate before they go aboard and leave before dusk.',
  'The pilots are booked through the same office, which keeps a list of the pilots on duty today.',
  'Repairs to the lights and the buoys are made in the summer, when the sea is quiet enough.',
];

describe('readingOrderText', () => {
  it('puts two columns read straight across one after the other', () => {
    const left = paragraphs.slice(0, 3).flatMap((p) => wrap(p, 34));
    const right = paragraphs.slice(3).flatMap((p) => wrap(p, 34));
    const rows = left.map((l, i) => `${l} ${right[i] ?? ''}`.trim());
    const words = readingOrderText(rows.join('\n')).split(/\s+/u).join(' ');
    expect(words).toBe(paragraphs.join(' '));
  });

  it('keeps a list of short headings as it is, in order', () => {
    const headings = ['Harbour rules', 'Preamble', ...Array.from({ length: 12 }, (_, k) => `Rule ${k + 1}`)];
    const text = headings.join('\n\n');
    expect(readingOrderText(text).split('\n').filter(Boolean)).toEqual(headings);
  });

  it('leaves one column of text as it is', () => {
    const text = paragraphs.flatMap((p) => [...wrap(p, 60), '']).join('\n');
    expect(readingOrderText(text).trimEnd()).toBe(text.trimEnd());
  });

  it('doubts the order of every line on a sheet of words scattered one to a block, and no other line', () => {
    const prose = paragraphs.flatMap((p) => [...wrap(p, 60), '']).join('\n');
    const scattered = paragraphs.join(' ').split(/\s+/u).join('\n\n');
    const source = toSourceLines(`${prose}\f${scattered}`);
    const { reversalDoubt } = layOutLines(source);
    const feed = source.findIndex((l) => l.text.includes('\f'));
    expect(reversalDoubt!.slice(0, feed).every((d) => d < 0.1)).toBe(true);
    expect(reversalDoubt!.slice(feed).every((d) => d >= 0.5)).toBe(true);
  });
});
