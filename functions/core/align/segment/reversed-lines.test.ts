import { describe, expect, it } from 'vitest';
import reviewed from '../../../../corpus/charters/integrating-cities/reviewed/sv.json' with { type: 'json' };
import { judgeReversedLines, restoreReversedLines } from './reversed-lines.ts';
import { toSourceLines } from './segment-lines.ts';

/** The reviewed Swedish edition wrapped at 60 characters: prose the test did not write. */
function wrapped(): string[] {
  const lines: string[] = [];
  for (const text of Object.values(reviewed.clauses as Record<string, string>)) {
    let line = '';
    for (const word of text.split(/\s+/u)) {
      if (line && line.length + word.length + 1 > 60) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
  }
  return lines;
}

describe('restoreReversedLines', () => {
  it('turns round lines whose words came out backwards, far more of them than it breaks', () => {
    const lines = wrapped();
    const reversed = new Set<number>();
    const damaged = lines.map((line, i) => {
      const words = line.split(' ');
      if (i % 6 !== 3 || words.length < 6) return line;
      reversed.add(i);
      return words.reverse().join(' ');
    });
    const restored = restoreReversedLines(toSourceLines(damaged.join('\n')));
    const fixed = [...reversed].filter((i) => restored[i]!.text === lines[i]);
    const broken = restored.filter((l, i) => !reversed.has(i) && l.text !== lines[i]);
    // A short document knows few word pairs, but its word classes and line edges tell most reversed lines.
    expect(fixed.length).toBeGreaterThan(reversed.size * 0.6);
    // Reversed phrases elsewhere in the page can tip a line the right way round: rarely, and far less often than
    // a reversed line is restored.
    expect(broken.length * 5).toBeLessThanOrEqual(fixed.length);
    expect(restored.map((l) => l.start)).toEqual(toSourceLines(damaged.join('\n')).map((l) => l.start));
  });

  it('changes nothing in a text read the right way', () => {
    const lines = toSourceLines(wrapped().join('\n'));
    expect(restoreReversedLines(lines)).toEqual(lines);
  });
});

describe('judgeReversedLines', () => {
  it('leaves more doubt on the reversed lines it could not tell than on the lines read the right way', () => {
    const lines = wrapped();
    const reversed = new Set<number>();
    const damaged = lines.map((line, i) => {
      const words = line.split(' ');
      if (i % 5 !== 2 || words.length < 3) return line;
      reversed.add(i);
      return words.reverse().join(' ');
    });
    const { lines: restored, doubt } = judgeReversedLines(toSourceLines(damaged.join('\n')));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const leftReversed = [...reversed].filter((i) => restored[i]!.text !== lines[i]);
    const right = restored.map((_, i) => i).filter((i) => !reversed.has(i) && restored[i]!.text === lines[i]);
    expect(leftReversed.length).toBeGreaterThan(0);
    expect(mean(leftReversed.map((i) => doubt[i]!))).toBeGreaterThan(3 * mean(right.map((i) => doubt[i]!)));
    expect(doubt).toHaveLength(restored.length);
  });
});

describe('restoreReversedLines on a page laid out by position', () => {
  it('keeps the lines that hold a gutter and turns round the run-together lines that read backwards', () => {
    const lines = wrapped().map((line) => line.slice(0, 40).trim());
    const half = Math.floor(lines.length / 2);
    const rows: string[] = [];
    const merged = new Map<number, string>();
    for (let i = 0; i < half; i++) {
      const left = lines[i]!;
      const right = lines[half + i]!;
      // Every seventh row came out run together and backwards, as a right-to-left extraction writes it.
      if (i % 7 === 3 && left.includes(' ') && right.includes(' ')) {
        merged.set(rows.length, `${left} ${right}`);
        rows.push(`${left} ${right}`.split(' ').reverse().join(' '));
      } else rows.push(`${left.padEnd(44)}${right}`);
    }
    const restored = restoreReversedLines(toSourceLines(rows.join('\n')));
    restored.forEach((line, i) => {
      if (!merged.has(i)) expect(line.text).toBe(rows[i]);
    });
    const fixed = [...merged].filter(([i, text]) => restored[i]!.text === text).length;
    expect(fixed).toBeGreaterThan(merged.size / 2);
  });
});
