import { describe, expect, it } from 'vitest';
import { wrap } from '../../../../test/fixtures/wrap-text.ts';
import { scatteredSheetLines, unweaveStreams } from './line-streams.ts';
import { toSourceLines } from './segment-lines.ts';

const LEFT =
  `The river rises in the hills above the town and runs for many miles through farms and woods before it
reaches the sea. In spring the water is high and fast, and the old bridge is closed to carts and heavy loads
until the floods have passed. Fishermen wait on the banks for the water to clear, and children are told to
keep away from the edge. When summer comes the river falls again, the bridge is opened, and the market on the
far bank fills with traders from the villages along the valley, who bring cheese, wool and timber to sell.
In autumn the leaves turn and fall into the stream, which carries them down past the mill, where the wheel
still turns although no grain has been ground there for many years. The miller's house is now a school for
the children of the valley, and on fine days the teacher takes them down to the water to count the birds and
to learn the names of the trees that grow along the banks. In winter ice forms at the edges, and on the
coldest nights the whole river freezes from one bank to the other, so that people can walk across it.`.replace(
    /\s+/gu,
    ' ',
  );

const RIGHT =
  `Every member of the council is elected for four years by the people who live in the district, and
no member may serve more than three terms in a row. The council meets once a month in the hall beside the
square, and its meetings are open to anyone who wishes to listen. Questions from the public are taken at the
start of each meeting, and the answers are written into the minutes, which are kept in the library where any
resident may read them without charge during the hours when the library is open to visitors.
The district pays for its roads, its schools and its parks from a tax that every household pays once a
year, and the council must publish each spring how the money of the year before was spent. Any resident who
believes that the money was badly used may ask the auditor to look into it, and the auditor must answer
within three months. The council also keeps a register of the interests of its members, which lists the
companies they own or work for, so that no member votes on a matter in which they have a share.`.replace(
    /\s+/gu,
    ' ',
  );

/** A column cut into blocks of the given sizes (cycled), each with the line it starts at. */
function blocks(lines: string[], sizes: number[]): Array<{ top: number; lines: string[] }> {
  const out: Array<{ top: number; lines: string[] }> = [];
  let top = 0;
  for (let k = 0; top < lines.length; k++) {
    const size = sizes[k % sizes.length]!;
    out.push({ top, lines: lines.slice(top, top + size) });
    top += size;
  }
  return out;
}

/** Two columns' blocks printed by how far down the page each starts, the left one first on a tie. */
function woven(left: string[], right: string[]): string {
  const all = [
    ...blocks(left, [2, 1, 3]).map((b) => ({ ...b, column: 0 })),
    ...blocks(right, [1, 3, 2]).map((b) => ({ ...b, column: 1 })),
  ].sort((a, b) => a.top - b.top || a.column - b.column);
  return all.map((b) => b.lines.join('\n')).join('\n\n');
}

const textOf = (text: string) =>
  unweaveStreams(toSourceLines(text))
    .map((l) => l.text)
    .filter((t) => t.trim())
    .join('\n');

describe('unweaveStreams', () => {
  it('puts the blocks of two columns woven by height back into one column after the other', () => {
    const left = wrap(LEFT, 44);
    const right = wrap(RIGHT, 44);
    const text = woven(left, right);
    expect(text.split('\n').filter(Boolean).join('\n')).not.toBe([...left, ...right].join('\n'));
    expect(textOf(text)).toBe([...left, ...right].join('\n'));
  });

  it('keeps every line with its offset in the source', () => {
    const text = woven(wrap(LEFT, 44), wrap(RIGHT, 44));
    for (const line of unweaveStreams(toSourceLines(text)))
      expect(text.slice(line.start, line.start + line.text.length)).toBe(line.text);
  });

  it('leaves a page of one column with paragraphs set apart by blank lines as it is', () => {
    const paragraphs = [...wrap(LEFT, 60), ...wrap(RIGHT, 60)];
    const text = paragraphs.map((line, i) => (i % 3 === 2 ? `${line}\n` : line)).join('\n');
    const lines = toSourceLines(text);
    expect(unweaveStreams(lines)).toEqual(lines);
  });

  it('leaves words scattered one to a line as they are (no columns to find there)', () => {
    const words = `${LEFT} ${RIGHT}`.split(/\s+/u);
    const text = words.join('\n\n');
    const lines = toSourceLines(text);
    expect(unweaveStreams(lines)).toEqual(lines);
  });

  it('undoes the weave sheet by sheet and keeps the form feed between the sheets', () => {
    const sheet = woven(wrap(LEFT, 44), wrap(RIGHT, 44));
    const text = `${sheet}\n\f${sheet}`;
    const out = unweaveStreams(toSourceLines(text));
    const feed = out.findIndex((l) => l.text.includes('\f'));
    expect(feed).toBeGreaterThan(0);
    const before = out
      .slice(0, feed)
      .map((l) => l.text)
      .filter((t) => t.trim());
    expect(before).toEqual([...wrap(LEFT, 44), ...wrap(RIGHT, 44)]);
  });
});

describe('scatteredSheetLines', () => {
  const words = `${LEFT} ${RIGHT}`.split(/\s+/u);

  it('marks every line of a sheet whose words came out one to a block, and only that sheet', () => {
    const prose = wrap(LEFT, 60).join('\n');
    const lines = toSourceLines(`${prose}\n\f${words.join('\n\n')}`);
    const marked = scatteredSheetLines(lines);
    const feed = lines.findIndex((l) => l.text.includes('\f'));
    expect(marked.slice(0, feed).some(Boolean)).toBe(false);
    expect(marked.slice(feed).every(Boolean)).toBe(true);
  });

  it('does not mark a list of short headings set apart by blank lines', () => {
    const headings = Array.from({ length: 30 }, (_, i) => `Article ${i + 1}`).join('\n\n');
    expect(scatteredSheetLines(toSourceLines(headings)).some(Boolean)).toBe(false);
  });
});
