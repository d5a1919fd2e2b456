import { describe, expect, it } from 'vitest';
import { parseFrequencyList } from './frequency-list.ts';

describe('parseFrequencyList', () => {
  it('reads word-count lines, merging case variants and skipping malformed lines', () => {
    const list = parseFrequencyList('och 50\nFör 7\nför 3\n\nbroken\nzero 0\nsist 1');
    expect(list.count('och')).toBe(50);
    expect(list.count('för')).toBe(10);
    expect(list.count('FÖR')).toBe(10);
    expect(list.count('broken')).toBe(0);
    expect(list.count('zero')).toBe(0);
    expect(list.total).toBe(61);
    expect(list.words).toEqual(['och', 'för', 'sist']);
  });

  it('orders the words most frequent first when the file does not', () => {
    expect(parseFrequencyList('a 1\nb 5\nc 3\n').words).toEqual(['b', 'c', 'a']);
  });
});
