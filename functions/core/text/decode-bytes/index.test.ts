import { describe, expect, it } from 'vitest';
import { encodeUtf8, encodeUtf16, encodeWindows1252 } from '../../../../test/fixtures/encode-text.ts';
import { BinaryInputError, CharterError, EmptyInputError, InputTooLargeError } from '../errors.ts';
import { decodeBytes } from './index.ts';

const sample = 'Avsiktsförklaring för integration i städer — ”Mångfald” och jämställdhet; Ærø, Øresund.\n';

describe('decodeBytes', () => {
  it('reads UTF-8 without a BOM', () => {
    const result = decodeBytes(encodeUtf8(sample));
    expect(result).toEqual({ text: sample, encoding: 'utf-8', messages: [] });
  });

  it('reads UTF-8 with a BOM and drops the BOM', () => {
    const result = decodeBytes(encodeUtf8(sample, true));
    expect(result.text).toBe(sample);
    expect(result.encoding).toBe('utf-8');
    expect(result.messages.map((m) => m.ruleId)).toEqual(['bom']);
  });

  it.each(['le', 'be'] as const)('reads UTF-16 %s with a BOM', (order) => {
    const result = decodeBytes(encodeUtf16(sample, order));
    expect(result.text).toBe(sample);
    expect(result.encoding).toBe(`utf-16${order}`);
  });

  it.each(['le', 'be'] as const)('detects UTF-16 %s without a BOM', (order) => {
    const result = decodeBytes(encodeUtf16(sample, order, false));
    expect(result.text).toBe(sample);
    expect(result.messages.map((m) => m.ruleId)).toEqual(['utf-16-without-bom']);
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8', () => {
    const result = decodeBytes(encodeWindows1252(sample));
    expect(result.text).toBe(sample);
    expect(result.encoding).toBe('windows-1252');
    expect(result.messages.map((m) => m.ruleId)).toEqual(['windows-1252-fallback']);
  });

  it('keeps UTF-8 with a few broken bytes as UTF-8, the broken bytes replaced', () => {
    const damaged = Uint8Array.from([
      ...encodeUtf8(sample.slice(0, 10)),
      0xff,
      ...encodeUtf8(sample.slice(10)),
      0xc3,
    ]);
    const result = decodeBytes(damaged);
    expect(result.encoding).toBe('utf-8');
    expect(result.text).toBe(`${sample.slice(0, 10)}\uFFFD${sample.slice(10)}\uFFFD`);
    expect(result.messages.map((m) => m.ruleId)).toEqual(['invalid-utf-8']);
  });

  it('reads Windows-1252 that happens to hold one valid UTF-8 pair as Windows-1252', () => {
    // "Ã©" in Windows-1252 is the UTF-8 encoding of "é": one accident among many non-UTF-8 bytes.
    const text = 'Ã© och så vidare: ä, ö, å, æ, ø';
    const result = decodeBytes(encodeWindows1252(text));
    expect(result.encoding).toBe('windows-1252');
    expect(result.text).toBe(text);
  });

  it('keeps pure ASCII as UTF-8', () => {
    expect(decodeBytes(encodeUtf8('plain text\n')).encoding).toBe('utf-8');
  });

  it.each([
    ['zero bytes', new Uint8Array()],
    ['a UTF-8 BOM only', encodeUtf8('', true)],
    ['a UTF-16 BOM only', encodeUtf16('', 'le')],
    ['only whitespace', encodeUtf8(' \n\t\n')],
  ])('rejects an empty file (%s)', (_label, bytes) => {
    expect(() => decodeBytes(bytes, 'x.txt')).toThrow(EmptyInputError);
  });

  it.each([
    ['PDF', encodeUtf8('%PDF-1.7\n%âãÏÓ\n1 0 obj')],
    ['PNG', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])],
    ['ZIP', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0])],
    ['NUL bytes', Uint8Array.from([0x41, 0x42, 0x00, 0x43, 0x44, 0x45, 0x00, 0x00, 0x12, 0x41])],
    ['control characters', encodeUtf8(`abc${'\u0001\u0002\u0003\u0004'.repeat(5)}def`)],
  ])('rejects a binary file (%s)', (_label, bytes) => {
    const error = (() => {
      try {
        decodeBytes(bytes, 'scan.bin');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(BinaryInputError);
    expect(error).toBeInstanceOf(CharterError);
    expect((error as Error).name).toBe('BinaryInputError');
    expect((error as Error).message).toMatch(/^scan\.bin is not a text file/);
  });

  it('rejects a file above the size limit', () => {
    expect(() => decodeBytes(encodeUtf8('a'.repeat(100)), 'big.txt', { maxBytes: 50 })).toThrow(
      InputTooLargeError,
    );
    expect(decodeBytes(encodeUtf8('a'.repeat(50)), 'ok.txt', { maxBytes: 50 }).text).toHaveLength(50);
  });

  it('tolerates a few stray control characters in a long text', () => {
    const text = `${'ord '.repeat(200)}\u0001 slut`;
    expect(decodeBytes(encodeUtf8(text)).text).toBe(text);
  });
});
