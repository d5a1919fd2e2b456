/**
 * Alignment when the references share few words with the edition: one distant reference only, or an
 * edition whose most frequent words (its function words) are scrambled. Reports clause F1 with the first
 * pass only (`realignPasses: 0`) and with the realign pass (default).
 *
 * Cases:
 * - UDHR (`corpus/charters/udhr`, when present): German against only Swedish, French against only
 *   English, English against only German, Swedish against only French; and each with no reference.
 * - Integrating Cities: the held-out English edition (bench/holdout/english) against only one
 *   Scandinavian reference; the Swedish edition with its 60 most frequent words scrambled.
 *
 * Run: `npx tsx bench/distant-align.ts` (prints the table; bench/distant-align-report.md holds it with the
 * figures of the code before the realign work).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  defaultChartersRoot,
  loadCharterStructure,
  loadReviewedEditions,
} from '../functions/adapters/resources/charters.ts';
import { alignEdition } from '../functions/core/align/index.ts';
import type { AlignResult } from '../functions/core/align/types.ts';
import type { CharterStructure, ReviewedEdition } from '../functions/core/structure/types.ts';
import { editionText } from './align-corpus.ts';
import { clauseF1 } from './f1.ts';

interface Case {
  name: string;
  structure: CharterStructure;
  text: string;
  references: ReviewedEdition[];
  expected: Record<string, string>;
  lang: string;
}

function scramble(text: string, words: ReadonlySet<string>): string {
  // A fixed letter rotation of the chosen words only: same length, no shared spelling.
  const rotate = (w: string) =>
    w.replace(/\p{Ll}/gu, (ch) =>
      ch >= 'a' && ch <= 'z' ? String.fromCharCode(((ch.charCodeAt(0) - 84) % 26) + 97) : ch,
    );
  return text.replace(/\p{L}+/gu, (w) => (words.has(w.toLowerCase()) ? rotate(w) : w));
}

function cases(): Case[] {
  const out: Case[] = [];
  if (existsSync(join(defaultChartersRoot, 'udhr', 'structure.json'))) {
    const structure = loadCharterStructure('udhr');
    const reviewed = loadReviewedEditions(structure);
    const of = (lang: string) => reviewed.find((e) => e.lang === lang)!;
    const text = (lang: string) =>
      readFileSync(join(defaultChartersRoot, 'udhr', 'editions', `${lang}.txt`), 'utf8');
    for (const [lang, ref] of [
      ['de', 'sv'],
      ['fr', 'en'],
      ['en', 'de'],
      ['sv', 'fr'],
      ['de', 'fr'],
    ] as const) {
      out.push({
        name: `udhr ${lang} against only ${ref}`,
        structure,
        text: text(lang),
        references: [of(ref)],
        expected: of(lang).clauses,
        lang,
      });
    }
    for (const lang of ['de', 'fr']) {
      out.push({
        name: `udhr ${lang}, no reference`,
        structure,
        text: text(lang),
        references: [],
        expected: of(lang).clauses,
        lang,
      });
    }
  }
  const structure = loadCharterStructure('integrating-cities');
  const reviewed = loadReviewedEditions(structure);
  const english = JSON.parse(readFileSync('bench/holdout/english/reviewed.json', 'utf8')) as {
    clauses: Record<string, string>;
  };
  const enText = readFileSync('bench/holdout/english/en.bullets.tesseract-eng.txt', 'utf8');
  for (const ref of ['sv', 'da']) {
    out.push({
      name: `integrating-cities en (holdout OCR) against only ${ref}`,
      structure,
      text: enText,
      references: [reviewed.find((e) => e.lang === ref)!],
      expected: english.clauses,
      lang: 'en',
    });
  }
  const sv = reviewed.find((e) => e.lang === 'sv')!;
  const counts = new Map<string, number>();
  for (const w of editionText('sv')
    .toLowerCase()
    .match(/\p{L}+/gu) ?? [])
    counts.set(w, (counts.get(w) ?? 0) + 1);
  const frequent = new Set(
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 60)
      .map(([w]) => w),
  );
  out.push({
    name: 'integrating-cities sv, its 60 most frequent words scrambled, references nb+da',
    structure,
    text: scramble(editionText('sv'), frequent),
    references: reviewed.filter((e) => e.lang !== 'sv'),
    expected: Object.fromEntries(Object.entries(sv.clauses).map(([id, t]) => [id, scramble(t, frequent)])),
    lang: 'sv',
  });
  return out;
}

function f1(result: AlignResult, expected: Record<string, string>) {
  const score = clauseF1(Object.fromEntries(result.clauses.map((c) => [c.id, c.text])), expected);
  const right = new Set(score.outcomes.filter((o) => o.matched).map((o) => o.id));
  const sure = result.clauses.filter((c) => c.confidence >= 0.9);
  const sureWrong = sure.filter((c) => !right.has(c.id)).length;
  return { f1: score.f1, sure: sure.length, sureWrong };
}

const rows: string[] = [
  '| case | F1 first pass | F1 with realign | wrong at >= 0.9 (realign) |',
  '|---|---:|---:|---:|',
];
for (const c of cases()) {
  const run = (passes: number) =>
    f1(
      alignEdition(c.text, {
        structure: c.structure,
        references: c.references,
        lang: c.lang,
        realignPasses: passes,
      }),
      c.expected,
    );
  const before = run(0);
  const after = run(1);
  rows.push(
    `| ${c.name} | ${before.f1.toFixed(3)} | ${after.f1.toFixed(3)} | ${after.sureWrong}/${after.sure} |`,
  );
  process.stderr.write(`${rows[rows.length - 1]}\n`);
}
process.stdout.write(`${rows.join('\n')}\n`);
