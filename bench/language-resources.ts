/** A language's resources for the benches, null for a language without them. */
import { loadLanguage, UnknownLanguageError } from '../functions/adapters/resources/index.ts';
import type { LanguageResources } from '../functions/core/text/types.ts';

const loaded = new Map<string, Promise<LanguageResources | null>>();

/** The resources of `lang` (loaded once per language), or null where the language has none. */
export function resourcesOrNull(lang: string): Promise<LanguageResources | null> {
  let found = loaded.get(lang);
  if (!found) {
    found = loadLanguage(lang).catch((error) => {
      if (error instanceof UnknownLanguageError) return null;
      throw error;
    });
    loaded.set(lang, found);
  }
  return found;
}
