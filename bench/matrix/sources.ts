/**
 * The texts the matrix prints: reviewed editions of the corpus charters (and the English integrating-cities
 * edition written for evaluation, bench/holdout/english/reviewed.json), as clauses in canonical order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One clause of a source, with its place in the structure. */
export interface SourceClause {
  id: string;
  kind: 'heading' | 'paragraph' | 'bullet' | 'footnote' | 'colophon';
  group: string;
  section: string;
  text: string;
}

/** A reviewed edition to print. */
export interface Source {
  charter: string;
  lang: string;
  clauses: SourceClause[];
}

const chartersRoot = join('corpus', 'charters');

/** Where the reviewed text of a charter's language lives (English integrating-cities is an evaluation text). */
export function reviewedPath(charter: string, lang: string): string {
  if (charter === 'integrating-cities' && lang === 'en')
    return join('bench', 'holdout', 'english', 'reviewed.json');
  return join(chartersRoot, charter, 'reviewed', `${lang}.json`);
}

/** Loads a source: the structure's clauses that the reviewed edition holds, in canonical order. */
export function loadSource(charter: string, lang: string): Source {
  const structure = JSON.parse(readFileSync(join(chartersRoot, charter, 'structure.json'), 'utf8')) as {
    clauses: Array<Omit<SourceClause, 'text'>>;
  };
  const reviewed = JSON.parse(readFileSync(reviewedPath(charter, lang), 'utf8')) as {
    clauses: Record<string, string>;
  };
  const clauses = structure.clauses
    .filter((c) => reviewed.clauses[c.id] !== undefined)
    .map((c) => ({
      id: c.id,
      kind: c.kind,
      group: c.group,
      section: c.section,
      text: reviewed.clauses[c.id]!,
    }));
  return { charter, lang, clauses };
}

/** Tesseract model of each language. */
export const TESSERACT_MODEL: Record<string, string> = {
  en: 'eng',
  sv: 'swe',
  nb: 'nor',
  da: 'dan',
  de: 'deu',
  fr: 'fra',
  fi: 'fin',
};

/** Language groups of the report. */
export function languageGroup(lang: string): string {
  if (['sv', 'nb', 'da'].includes(lang)) return 'Scandinavian';
  if (lang === 'en') return 'English';
  if (['de', 'fr'].includes(lang)) return 'German/French';
  return 'other';
}

/** Running-header words per language: the publisher line of each charter and page-number patterns. */
export const PAGE_WORDS: Record<string, { un: string; pageNumbers: string[] }> = {
  en: { un: 'United Nations', pageNumbers: ['Page {n}', 'Page {n} of {N}', '- {n} -', '{n}'] },
  de: { un: 'Vereinte Nationen', pageNumbers: ['Seite {n}', 'Seite {n} von {N}', '- {n} -', '{n}'] },
  fr: { un: 'Nations Unies', pageNumbers: ['Page {n}', 'Page {n} sur {N}', '- {n} -', '{n}'] },
  sv: { un: 'Förenta nationerna', pageNumbers: ['Sida {n}', 'Sida {n} av {N}', '- {n} -', '{n}'] },
  nb: { un: 'De forente nasjoner', pageNumbers: ['Side {n}', 'Side {n} / {N}', '- {n} -', '{n}'] },
  da: { un: 'De Forenede Nationer', pageNumbers: ['Side {n}', 'Side {n} af {N}', '- {n} -', '{n}'] },
};
