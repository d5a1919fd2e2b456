import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { reportChange, startChangeLog } from './change-log.ts';

const place = { start: { line: 3, column: 7, offset: 20 }, end: { line: 3, column: 9, offset: 22 } };

describe('reportChange', () => {
  it('adds a vfile message to a file without a change log', () => {
    const file = new VFile({ value: 'x' });
    reportChange(file, () => 'Replace `a` with `b`', place, 'ocr-word', 'retext-fix-ocr', 'a', 'b');
    expect(file.messages).toHaveLength(1);
    const [message] = file.messages;
    expect(message!.reason).toBe('Replace `a` with `b`');
    expect([message!.ruleId, message!.source, message!.actual, message!.expected]).toEqual([
      'ocr-word',
      'retext-fix-ocr',
      'a',
      ['b'],
    ]);
    expect([message!.line, message!.column]).toEqual([3, 7]);
  });

  it('records a plain change, at the start of its place, once the log is started', () => {
    const file = new VFile({ value: 'x' });
    const log = startChangeLog(file);
    let built = 0;
    reportChange(file, () => `reason ${++built}`, place, 'ocr-word', 'retext-fix-ocr', 'a', 'b');
    reportChange(file, 'point', { line: 1, column: 2 }, 'nfc', 'retext-normalise', 'c', 'd');
    reportChange(file, 'nowhere', undefined, 'debris', 'retext-normalise', 'e', '');
    expect(file.messages).toHaveLength(0);
    expect(built).toBe(0);
    expect(log).toEqual([
      { ruleId: 'ocr-word', source: 'retext-fix-ocr', actual: 'a', expected: 'b', line: 3, column: 7 },
      { ruleId: 'nfc', source: 'retext-normalise', actual: 'c', expected: 'd', line: 1, column: 2 },
      { ruleId: 'debris', source: 'retext-normalise', actual: 'e', expected: '', line: 0, column: 0 },
    ]);
  });
});
