import { UploadKeyError } from './errors.ts';

/** Where an upload belongs: read from its key, with the object's metadata filling what the key leaves out. */
export interface UploadTarget {
  charter: string;
  /** A language code, or null to detect it. */
  lang: string | null;
  name: string;
}

const CHARTER = /^[a-z0-9][a-z0-9-]*$/;
const LANG = /^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$/;
const AUTO = 'auto';

/** Parses `uploads/<charter>/<lang|auto>/<name>`; "auto" gives a null language (detect it). */
export function parseUploadKey(key: string): { charter: string; lang: string | null; name: string } {
  const parts = key.split('/');
  const [root, charter, lang, name] = parts;
  if (parts.length !== 4 || root !== 'uploads' || !CHARTER.test(charter!) || !name)
    throw new UploadKeyError(key);
  if (lang !== AUTO && !LANG.test(lang!)) throw new UploadKeyError(key);
  return { charter: charter!, lang: lang === AUTO ? null : lang!, name };
}

/**
 * Resolves an upload's charter and language: `uploads/<charter>/<lang|auto>/<name>`, `uploads/<charter>/<name>`
 * or `uploads/<name>`, where metadata `charter` and `lang` (S3 `x-amz-meta-charter`, `x-amz-meta-lang`) give
 * what the key leaves out or marks `auto`. A segment in the key wins over metadata. Without any language, the
 * language is detected.
 */
export function resolveUpload(key: string, metadata: Record<string, string> = {}): UploadTarget {
  const parts = key.split('/');
  if (parts[0] !== 'uploads' || parts.length < 2 || parts.length > 4 || parts.some((p) => p === '')) {
    throw new UploadKeyError(key);
  }
  const name = parts.at(-1)!;
  const keyCharter = parts.length >= 3 ? parts[1] : undefined;
  const keyLang = parts.length === 4 && parts[2] !== AUTO ? parts[2] : undefined;
  const charter = keyCharter ?? metadata.charter?.trim().toLowerCase();
  const metaLang = metadata.lang?.trim();
  const lang = keyLang ?? (metaLang && metaLang.toLowerCase() !== AUTO ? metaLang : undefined);
  if (!charter || !CHARTER.test(charter)) throw new UploadKeyError(key);
  if (lang !== undefined && !LANG.test(lang)) throw new UploadKeyError(key);
  return { charter, lang: lang ?? null, name };
}
