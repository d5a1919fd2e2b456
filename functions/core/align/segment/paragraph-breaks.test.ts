import { describe, expect, it } from 'vitest';
import { segmentLines, toSourceLines } from './segment-lines.ts';

// One column, no blank lines anywhere: paragraphs, a heading, a lead-in and bullets must be told apart by
// the lines alone. Some line ends carry specks from a poor scan (" .", " ,", " '").
const lines = [
  'Rules for the small northern port',
  'These rules apply to every vessel that enters the port, to its crew and to',
  'the passengers who come ashore with them during the season. .',
  'The port authority publishes the rules each spring and sends a copy to every',
  'owner of a vessel registered with it, together with the table of dues.',
  'Short stays',
  'A vessel may stay for three nights without notice, after which the harbour ,',
  'master must be told of its plans in writing.',
  'As harbour masters we will:',
  '• inspect every quay and every ladder once a week;',
  "• keep the lights and the buoys working all through the winter; '",
  '• answer every call on the radio within ten minutes.',
  'Fees are paid at the office beside the gate, in cash or by bank transfer,',
  'before the vessel leaves the port.',
];

describe('segmentLines: paragraph boundaries without blank lines', () => {
  const segments = segmentLines(toSourceLines(lines.join('\n'))).filter((s) => s.kind !== 'debris');

  it('ends a paragraph at a sentence end on a line clearly shorter than the measure', () => {
    expect(segments.map((s) => s.text)).toEqual([
      'Rules for the small northern port',
      'These rules apply to every vessel that enters the port, to its crew and to the passengers who come ashore with them during the season.',
      'The port authority publishes the rules each spring and sends a copy to every owner of a vessel registered with it, together with the table of dues.',
      'Short stays',
      'A vessel may stay for three nights without notice, after which the harbour master must be told of its plans in writing.',
      'As harbour masters we will:',
      'inspect every quay and every ladder once a week;',
      'keep the lights and the buoys working all through the winter;',
      'answer every call on the radio within ten minutes.',
      'Fees are paid at the office beside the gate, in cash or by bank transfer, before the vessel leaves the port.',
    ]);
  });

  it('finds the kinds: headings, lead-in, bullets, paragraphs', () => {
    expect(segments.map((s) => s.kind)).toEqual([
      'heading',
      'paragraph',
      'paragraph',
      'heading',
      'paragraph',
      'heading',
      'bullet',
      'bullet',
      'bullet',
      'paragraph',
    ]);
  });
});

describe('segmentLines: paragraphs set apart by blank lines, one blank line lost', () => {
  it('keeps the sentence end where the blank line was lost as a place the aligner may cut', () => {
    const text = [
      'Rules for the small northern port',
      '',
      'These rules apply to every vessel that enters the port, to its crew and to',
      'the passengers who come ashore with them during the season.',
      '',
      'The port authority publishes the rules each spring and sends a copy to',
      'every owner of a vessel registered with it, together with the dues.',
      'A vessel may stay for three nights without notice, after which the harbour',
      'master must be told of its plans in writing.',
      '',
      'Fees are paid at the office beside the gate, in cash or by bank transfer,',
      'before the vessel leaves the port.',
    ].join('\n');
    const joined = segmentLines(toSourceLines(text)).find((s) => s.text.startsWith('The port authority'))!;
    expect(joined.softBreaks).toEqual([joined.text.indexOf('A vessel')]);
  });
});
