import { describe, expect, it } from 'vitest';
import { wrap } from '../../../../test/fixtures/wrap-text.ts';
import { planColumnCuts, streamContinuity } from './column-plan.ts';
import { leadingSpeckLength, splitLine } from './columns.ts';
import { segmentLines, toSourceLines } from './segment-lines.ts';

const LEFT =
  'The harbour board met on a grey morning to weigh the plans for the new quay and the old warehouses ' +
  'along the river, and after a long debate the members agreed to hear the traders first, then the ' +
  'fishermen, and last of all the families who had lived beside the water for many generations.';
const RIGHT =
  'Every lantern on the pier was lit at dusk by a keeper who walked the planks with a ladder and a can ' +
  'of oil, and the children of the town would follow him from post to post until their parents called ' +
  'them home for supper and the boats came in with the evening tide.';

describe('streamContinuity', () => {
  it('penalises an unfinished column line that had room for the next word of its stream', () => {
    const roomy = streamContinuity('the boats came', 'in with the tide', 30);
    const full = streamContinuity('the boats came in with the', 'evening tide', 30);
    expect(full).toBeGreaterThan(roomy);
  });

  it('rewards a line-end hyphen that joins the next word of the stream into a word', () => {
    const isWord = (w: string) => w === 'warehouses';
    const joined = streamContinuity('along the old ware-', 'houses by the river', 22, isWord);
    const broken = streamContinuity('along the old ware-', 'river by the houses', 22, isWord);
    expect(joined).toBeGreaterThan(broken);
  });

  it('lets a list item start in lower case after a semicolon but not after a full stop', () => {
    expect(streamContinuity('light the lanterns;', 'mend the nets.', 40)).toBeGreaterThan(
      streamContinuity('light the lanterns.', 'mend the nets.', 40),
    );
  });
});

describe('planColumnCuts', () => {
  it('cuts each line of two columns read across where the left column line ends', () => {
    const width = 34;
    const left = wrap(LEFT, width);
    const right = wrap(RIGHT, width);
    const rows = Math.min(left.length, right.length);
    const lines = Array.from({ length: rows }, (_, i) => `${left[i]} ${right[i]}`);
    const plan = planColumnCuts(lines, { widths: lines.map(() => width), conjunctions: new Set() });
    const expected = left.slice(0, rows).map((l) => l.length + 1);
    expect(plan).toEqual(expected);
  });

  it('keeps a fixed line out of the choice but uses it to place the cut above it', () => {
    const lines = ['Charter of the Harbour Towns light the lamps and sweep the old stone', '. quays;'];
    const plan = planColumnCuts(lines, {
      widths: [40, 40],
      conjunctions: new Set(),
      fixed: [undefined, { left: '', right: 'quays;' }],
    });
    expect(plan[0]).toBe('Charter of the Harbour Towns '.length);
    expect(plan[1]).toBeUndefined();
  });
});

describe('planColumnCuts: commas', () => {
  it('cuts after a comma that ends a full column line when the streams continue across it', () => {
    // Left column: "the boats, the nets," / "and the ropes". Right column: "Lanterns were lit" / "at dusk."
    const lines = [
      'we counted the boats, the nets, Lanterns were lit along',
      'and the ropes once more. the pier at dusk.',
    ];
    const plan = planColumnCuts(lines, { widths: [32, 32], conjunctions: new Set() });
    expect(plan[0]).toBe('we counted the boats, the nets, '.length);
  });
});

describe('two-column pages: trailing dash speck', () => {
  it('reads a lone dash after a one-column line as a gap in the right column, not as text', () => {
    const width = 34;
    const more =
      'When the tide turned the keeper sat on the harbour wall and counted the boats as they passed the ' +
      'light, writing each name in a small book that he kept in his coat for the winter reckoning.';
    const left = [...wrap(LEFT, width), '', ...wrap(more, width)];
    const right = wrap(RIGHT, width);
    // The right column ends first: the left column's last lines stand alone.
    const lines = left.map((l, i) => (right[i] ? `${l} ${right[i]}` : l));
    // A gap in the right column: the OCR read the printed separator there as a dash.
    lines.splice(2, 0, 'A short note on the tides. -');
    const segments = segmentLines(toSourceLines(lines.join('\n')));
    const texts = segments.map((s) => s.text);
    expect(texts.some((t) => t.includes('A short note on the tides.'))).toBe(true);
    expect(texts.some((t) => /\s-(\s|$)/.test(t))).toBe(false);
  });
});

describe('leadingSpeckLength', () => {
  it('reads a lone degree sign, dot or colon before the text as a gutter speck, never a bullet or a word', () => {
    expect(leadingSpeckLength('° together with the harbour board,')).toBe(2);
    expect(leadingSpeckLength('. together with the harbour board,')).toBe(2);
    expect(leadingSpeckLength(': together with the harbour board,')).toBe(2);
    expect(leadingSpeckLength('• together with the harbour board,')).toBe(0);
    expect(leadingSpeckLength('a together with the harbour board,')).toBe(0);
  });
});

describe('planned cuts', () => {
  it('cuts a line where the page plan put the cut even when the line alone shows no cue', () => {
    const line = { text: 'to the harbour wall and over the old stone quay', start: 10 };
    const pieces = splitLine(line, 40, new Set(), true, { planned: 'to the harbour wall and '.length });
    expect(pieces.map((p) => [p.text, p.side, p.start])).toEqual([
      ['to the harbour wall and', 'left', 10],
      ['over the old stone quay', 'right', 34],
    ]);
  });

  it('leaves whole a line that no cut fits instead of failing', () => {
    const long = 'a'.repeat(120);
    expect(planColumnCuts([long, 'the harbour wall'], { widths: [30, 30], conjunctions: new Set() })[0]).toBe(
      null,
    );
  });
});
