import { describe, expect, it } from 'vitest';
import { KEEP_DAYS } from '../core/editions/version-expiry.ts';
import { keepDaysFromEnvironment } from './keep-days.ts';

describe('keepDaysFromEnvironment', () => {
  it('reads CHARTER_KEEP_DAYS, defaults to KEEP_DAYS and refuses what is not a positive number', () => {
    expect(keepDaysFromEnvironment({})).toBe(KEEP_DAYS);
    expect(keepDaysFromEnvironment({ CHARTER_KEEP_DAYS: ' 7 ' })).toBe(7);
    expect(keepDaysFromEnvironment({ CHARTER_KEEP_DAYS: '0.5' })).toBe(0.5);
    for (const bad of ['0', '-3', 'ten', 'Infinity']) {
      expect(() => keepDaysFromEnvironment({ CHARTER_KEEP_DAYS: bad })).toThrow(/CHARTER_KEEP_DAYS/);
    }
  });
});
