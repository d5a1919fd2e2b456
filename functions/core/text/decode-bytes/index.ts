import { BinaryInputError, EmptyInputError, InputTooLargeError } from '../errors.ts';

/** Default size limit of an edition file: 5 MB, far above any charter. */
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

/** The encodings `decodeBytes` recognises. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** A note on how the bytes were read. */
export interface DecodeMessage {
  ruleId: 'bom' | 'utf-16-without-bom' | 'invalid-utf-8' | 'windows-1252-fallback';
  reason: string;
}

/** What `decodeBytes` returns. */
export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  messages: DecodeMessage[];
}

/** Options of `decodeBytes`. */
export interface DecodeOptions {
  /** Largest accepted input in bytes (default `DEFAULT_MAX_BYTES`). */
  maxBytes?: number;
}

const MAGIC: ReadonlyArray<{ bytes: number[]; format: string }> = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], format: 'PDF' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], format: 'PNG image' },
  { bytes: [0xff, 0xd8, 0xff], format: 'JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], format: 'GIF image' },
  { bytes: [0x49, 0x49, 0x2a, 0x00], format: 'TIFF image' },
  { bytes: [0x4d, 0x4d, 0x00, 0x2a], format: 'TIFF image' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], format: 'ZIP archive (docx, odt, ...)' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], format: 'ZIP archive' },
  { bytes: [0x1f, 0x8b], format: 'gzip archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], format: 'OLE document (doc, xls)' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], format: 'ELF executable' },
  { bytes: [0x25, 0x21, 0x50, 0x53], format: 'PostScript' },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], format: 'RTF document' },
];

/** Valid UTF-8 multi-byte characters needed per invalid byte to read damaged bytes as UTF-8 still. */
const MIN_VALID_PER_INVALID = 4;

/** Share of control characters (other than tab, line feed, carriage return, form feed) above which text is binary. */
const MAX_CONTROL_SHARE = 0.02;

/**
 * Decode an uploaded text file: UTF-8 (with or without BOM), UTF-16 LE/BE (BOM, or detected from the
 * zero-byte pattern), else Windows-1252. Throws `EmptyInputError`, `InputTooLargeError` or
 * `BinaryInputError` for input that is not a text.
 */
export function decodeBytes(bytes: Uint8Array, name?: string, options: DecodeOptions = {}): DecodedText {
  const limit = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > limit) throw new InputTooLargeError(bytes.length, limit, name);
  if (bytes.length === 0) throw new EmptyInputError(name);

  const magic = MAGIC.find((m) => m.bytes.every((b, i) => bytes[i] === b));
  if (magic) throw new BinaryInputError(`${magic.format} signature`, name);

  const messages: DecodeMessage[] = [];
  let encoding: TextEncodingName;
  let body = bytes;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    encoding = 'utf-8';
    body = bytes.subarray(3);
    messages.push({ ruleId: 'bom', reason: 'UTF-8 byte-order mark' });
  } else if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    throw new BinaryInputError('UTF-32 is not supported; save the file as UTF-8', name);
  } else if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    body = bytes.subarray(2);
    messages.push({ ruleId: 'bom', reason: `${encoding.toUpperCase()} byte-order mark` });
  } else {
    const utf16 = guessUtf16(bytes);
    if (utf16) {
      encoding = utf16;
      messages.push({
        ruleId: 'utf-16-without-bom',
        reason: `${utf16.toUpperCase()} detected from zero bytes`,
      });
    } else {
      if (bytes.includes(0)) throw new BinaryInputError('contains NUL bytes', name);
      const { valid, invalid } = utf8Sequences(bytes);
      if (invalid === 0) encoding = 'utf-8';
      else if (valid >= MIN_VALID_PER_INVALID * invalid) {
        // UTF-8 with a few broken bytes (a damaged copy, a cut character): keep it UTF-8, the
        // broken bytes become U+FFFD, which the cleaner removes and reports.
        encoding = 'utf-8';
        messages.push({
          ruleId: 'invalid-utf-8',
          reason: `${invalid} invalid UTF-8 byte(s) among ${valid} valid multi-byte characters; replaced by U+FFFD`,
        });
      } else {
        encoding = 'windows-1252';
        messages.push({ ruleId: 'windows-1252-fallback', reason: 'not valid UTF-8; read as Windows-1252' });
      }
    }
  }
  if (body.length === 0) throw new EmptyInputError(name);
  if (encoding.startsWith('utf-16') && body.length % 2 === 1) {
    throw new BinaryInputError(`odd number of bytes for ${encoding.toUpperCase()}`, name);
  }

  const text = encoding === 'windows-1252' ? decodeWindows1252(body) : new TextDecoder(encoding).decode(body);
  if (text.trim() === '') throw new EmptyInputError(name);
  if (text.includes('\u0000')) throw new BinaryInputError('contains NUL characters', name);
  const controls = countControls(text);
  if (controls > 1 && controls / text.length > MAX_CONTROL_SHARE) {
    throw new BinaryInputError(`${controls} control characters in ${text.length}`, name);
  }
  return { text, encoding, messages };
}

/** Bytes 0x80-0x9F of Windows-1252; the five undefined ones stay C1 controls, as in the WHATWG decoder. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Node's TextDecoder treats `windows-1252` as ISO-8859-1 in some builds, so the code page is mapped here. */
function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return text;
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** Valid UTF-8 multi-byte sequences and invalid bytes in `bytes`. */
function utf8Sequences(bytes: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0;
    if (length === 1) {
      i++;
      continue;
    }
    let ok = length > 0 && i + length <= bytes.length;
    for (let k = 1; ok && k < length; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok && length === 3) {
      const second = bytes[i + 1]!;
      ok = !(lead === 0xe0 && second < 0xa0) && !(lead === 0xed && second > 0x9f);
    }
    if (ok && length === 4) {
      const second = bytes[i + 1]!;
      ok = !(lead === 0xf0 && second < 0x90) && !(lead === 0xf4 && second > 0x8f);
    }
    if (ok) {
      valid++;
      i += length;
    } else {
      invalid++;
      i++;
    }
  }
  return { valid, invalid };
}

/** UTF-16 without BOM: text in a Latin script has a zero high byte in most code units. */
function guessUtf16(bytes: Uint8Array): TextEncodingName | undefined {
  const units = Math.min(bytes.length >> 1, 4096);
  if (units < 2) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < units; i++) {
    if (bytes[2 * i] === 0) evenZeros++;
    if (bytes[2 * i + 1] === 0) oddZeros++;
  }
  if (oddZeros > units * 0.6 && evenZeros < units * 0.05) return 'utf-16le';
  if (evenZeros > units * 0.6 && oddZeros < units * 0.05) return 'utf-16be';
  return undefined;
}

function countControls(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || (c >= 0x7f && c < 0xa0)) n++;
  }
  return n;
}
