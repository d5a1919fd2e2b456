/**
 * Object keys the local S3 server may store. The embedded server keeps each object as a file under the data
 * folder named after its key, so a key with `..` segments (or an absolute path, a backslash, a NUL) would write
 * outside it; keys are checked, decoded, before the server sees them.
 */

/** Key prefixes the pipeline uses: uploads in, processed output out. */
export const DEFAULT_KEY_PREFIXES: readonly string[] = ['uploads/', 'processed/'];

/** Null when the key is a safe key under one of the prefixes, else why not. */
export function objectKeyProblem(
  key: string,
  prefixes: readonly string[] = DEFAULT_KEY_PREFIXES,
): string | null {
  if (key === '') return 'an empty key';
  if (key.length > 1024) return 'a key longer than 1,024 characters';
  if (key.includes('\\') || [...key].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    return 'a key with a backslash or a control character';
  }
  if (key.startsWith('/')) return 'an absolute key';
  const segments = key.split('/');
  // A trailing slash names a folder marker; every other segment must be a name.
  const names = segments.at(-1) === '' ? segments.slice(0, -1) : segments;
  if (names.some((s) => s === '' || s === '.' || s === '..'))
    return 'a key with an empty, "." or ".." segment';
  if (!prefixes.some((prefix) => key.startsWith(prefix) && key.length > prefix.length)) {
    return `a key outside ${prefixes.join(', ')}`;
  }
  return null;
}
