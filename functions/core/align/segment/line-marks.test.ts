import { describe, expect, it } from 'vitest';
import { leadingMark, listOrdinals } from './line-marks.ts';
import { segmentLines, toSourceLines } from './segment-lines.ts';

describe('listOrdinals', () => {
  it('takes line-start numbers that run in sequence, whatever dot OCR read', () => {
    const marks = listOrdinals([
      'As buyers we will:',
      '1. apply principles of equality',
      '2, promote them among contractors',
      '3.. develop a supplier base',
    ]);
    expect([...marks].sort()).toEqual(['1.', '2.', '3.']);
  });

  it('leaves a lone number at a line start as text (a date or ordinal a line break put first)', () => {
    const marks = listOrdinals([
      'Die Versammlung tagte am',
      '10. Dezember in Paris',
      'und beschloss am',
      '12. März',
    ]);
    expect(marks.size).toBe(0);
  });

  it('leaves numbered headings their numbers ("17. artikla.", "18. artikla.")', () => {
    expect(listOrdinals(['17. artikla.', 'Jokaisella on oikeus', '18. artikla.']).size).toBe(0);
  });

  it('keeps the styles apart: "1." and "2)" are no sequence', () => {
    expect(listOrdinals(['1. the first item', '2) the second item']).size).toBe(0);
  });
});

describe('leadingMark with list ordinals', () => {
  it('drops an ordinal of the list as a bullet mark, and nothing else', () => {
    const ordinals = new Set(['1.', '2.']);
    expect(leadingMark('2. ensure equal access', new Set(), ordinals)).toMatchObject({
      length: 3,
      bullet: true,
    });
    expect(leadingMark('7. ensure equal access', new Set(), ordinals)).toMatchObject({
      length: 0,
      bullet: false,
    });
    expect(leadingMark('2004 was the year', new Set(), ordinals).length).toBe(0);
  });
});

describe('segmentLines with a numbered list', () => {
  it('makes each numbered item a bullet of its own, its number left out', () => {
    const text = [
      'As employers we will:',
      '1. take steps, where needed, to reflect the diversity of our city in',
      'our workforce;',
      '2. ensure that all staff receive fair and equal treatment;',
      '3. ensure that our staff understand diversity issues.',
    ].join('\n');
    const segments = segmentLines(toSourceLines(text));
    expect(segments[0]!.text).toBe('As employers we will:');
    expect(segments.slice(1).map((s) => [s.kind, s.text])).toEqual([
      ['bullet', 'take steps, where needed, to reflect the diversity of our city in our workforce;'],
      ['bullet', 'ensure that all staff receive fair and equal treatment;'],
      ['bullet', 'ensure that our staff understand diversity issues.'],
    ]);
  });
});
