import { describe, expect, it } from 'vitest';
import { splitAtGutters } from './layout-gutters.ts';
import { toSourceLines } from './segment-lines.ts';

const left = [
  'The harbour committee meets on the',
  'first Monday of every month to review',
  'the schedule of arrivals and the state',
  'of the quays before the winter comes.',
  'Fishing boats may moor at the eastern',
  'pier when the weather is calm and the',
  'harbour master has been told of their',
  'arrival in good time by radio.',
  'Cargo ships pay their dues before',
  'they leave, in cash or by transfer.',
];
const right = [
  'Visitors register at the office near',
  'the gate before they go aboard, and',
  'they leave the harbour before the',
  'lights are lit at dusk every evening.',
  'The pilots are booked through the',
  'same office, which keeps a list of the',
  'pilots on duty and of the ships that',
  'are waiting for one at the anchorage.',
  'Repairs to the lights and the buoys',
  'are made in the summer months.',
];

/** Two columns laid out side by side as a layout-preserving extraction prints them. */
function laidOut(rows: number, gap = 6): string {
  return Array.from({ length: rows }, (_, i) => `${left[i]!.padEnd(40)}${' '.repeat(gap)}${right[i]}`).join(
    '\n',
  );
}

describe('splitAtGutters', () => {
  it('reads columns laid out side by side one after the other, each line pointing at its source', () => {
    const text = laidOut(10);
    const lines = splitAtGutters(toSourceLines(text));
    expect(lines.filter((l) => l.text).map((l) => l.text)).toEqual([...left, ...right]);
    for (const line of lines) expect(text.slice(line.start, line.start + line.text.length)).toBe(line.text);
  });

  it('leaves single-spaced text (OCR read across columns) as it is', () => {
    const text = left.map((l, i) => `${l} ${right[i]}`).join('\n');
    const source = toSourceLines(text);
    expect(splitAtGutters(source)).toEqual(source);
  });

  it('leaves a page with too few lines to tell a gutter from chance as it is', () => {
    const source = toSourceLines(laidOut(5));
    expect(splitAtGutters(source)).toEqual(source);
  });

  it('cuts a line the extraction ran together at the columns usual share, and keeps a page per form feed', () => {
    const rows = laidOut(10).split('\n');
    rows[4] = `${left[4]} ${right[4]}`;
    const text = `${rows.join('\n')}\n\f${laidOut(10)}`;
    const lines = splitAtGutters(toSourceLines(text)).filter((l) => l.text);
    const texts = lines.map((l) => l.text.replace(/^\f/u, ''));
    expect(texts.slice(0, 10)).toEqual(left);
    expect(texts.slice(10, 20)).toEqual(right);
    expect(texts.slice(20)).toEqual([...left, ...right]);
  });
});
