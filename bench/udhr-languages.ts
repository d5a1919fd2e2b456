/** The UDHR declarations the language benches read (bench/udhr-text.ts), by our language code. */

/** Supported languages: our code and the udhr declaration used. */
export const SUPPORTED: ReadonlyArray<[string, string]> = [
  ['en', 'eng'],
  ['de', 'deu_1996'],
  ['fr', 'fra'],
  ['es', 'spa'],
  ['it', 'ita'],
  ['nl', 'nld'],
  ['pl', 'pol'],
  ['pt', 'por_PT'],
  ['fi', 'fin'],
  ['sv', 'swe'],
  ['nb', 'nob'],
  ['da', 'dan'],
];

/**
 * Unsupported languages, among them close relatives of supported ones (Nynorsk, Galician, Catalan, Afrikaans,
 * Slovak, Icelandic, Faroese, Luxembourgish) where a wrong answer is most likely.
 */
export const UNSUPPORTED: ReadonlyArray<[string, string]> = [
  ['is', 'isl'],
  ['cs', 'ces'],
  ['hu', 'hun'],
  ['et', 'est'],
  ['ro', 'ron_2006'],
  ['nn', 'nno'],
  ['gl', 'glg'],
  ['ca', 'cat'],
  ['af', 'afr'],
  ['sk', 'slk'],
  ['fo', 'fao'],
  ['lb', 'ltz'],
  ['tr', 'tur'],
  ['lt', 'lit'],
];
