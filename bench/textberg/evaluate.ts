/**
 * Text+Berg German-French sentence alignment (Bleualign's test set, used by vecalign and Bertalign) cast
 * as charters: one clause per gold bead (kind paragraph, one section, no anchors), the French side as the
 * reviewed reference edition, the German side as the edition to align. The aligned clauses are mapped
 * back to beads and scored with strict and lax bead F1 exactly as vecalign's `score.py` does.
 *
 * The data is read at run time from `../shared/data/textberg-de-fr` (never copied into the repository).
 *
 * Run: `npx tsx bench/textberg/evaluate.ts [--split dev|test|all] [--layout lines|beads|all] [--write]`
 * (`--write` writes bench/textberg/report.md; tune on dev only).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alignEdition } from '../../functions/core/align/index.ts';
import type { AlignResult } from '../../functions/core/align/types.ts';
import type { CharterStructure, ClauseDef, ReviewedEdition } from '../../functions/core/structure/types.ts';
import { type Bead, type BeadCounts, beadCounts, beadScores, sumCounts } from './score.ts';

/** `../shared` beside the repository (TEXTBERG_DIR overrides it); a fresh clone has none: see the check in main. */
const dataDir = process.env.TEXTBERG_DIR ?? join(import.meta.dirname, '../../../shared/data/textberg-de-fr');

/** How the German edition is laid out: a sentence a line, or each gold bead's sentences on one line. */
export type Layout = 'lines' | 'beads';

interface Document {
  name: string;
  de: string[];
  fr: string[];
  gold: Bead[];
}

function readLines(path: string): string[] {
  const text = readFileSync(path, 'utf8').replace(/\n$/, '');
  return text.length ? text.split('\n') : [];
}

function parseBeads(path: string): Bead[] {
  return readLines(path).map((line) => {
    const [de, fr] = line.split(':').map((side) => JSON.parse(side) as number[]);
    return [de!, fr!];
  });
}

/** Loads one document (`dev`, `test0`, ...). */
export function loadDocument(name: string): Document {
  return {
    name,
    de: readLines(join(dataDir, `${name}.de`)),
    fr: readLines(join(dataDir, `${name}.fr`)),
    gold: parseBeads(join(dataDir, `${name}.defr`)),
  };
}

/**
 * The gold beads in reading order. The files list some one-sided beads out of order; a bead sits by its
 * French position, a German-only bead right after the bead holding the German sentence before it.
 */
export function orderedBeads(gold: readonly Bead[]): Bead[] {
  const frOfDe = new Map<number, number>();
  for (const [de, fr] of gold) if (fr.length) for (const d of de) frOfDe.set(d, fr[0]!);
  const key = ([de, fr]: Bead): number => {
    if (fr.length) return fr[0]!;
    for (let d = de[0]! - 1; d >= 0; d--) {
      const at = frOfDe.get(d);
      if (at !== undefined) return at + 0.5 + de[0]! / 1e6;
    }
    return -1 + de[0]! / 1e6;
  };
  return [...gold].sort((a, b) => key(a) - key(b));
}

/** The document as a charter: its structure, the French reference and the German edition's text. */
export function castAsCharter(
  doc: Document,
  layout: Layout,
): {
  structure: CharterStructure;
  reference: ReviewedEdition;
  text: string;
  /** Line of the edition text -> the German sentences it holds. */
  lineSentences: number[][];
  clauseFr: number[][];
} {
  const beads = orderedBeads(doc.gold);
  const clauses: ClauseDef[] = beads.map((_, i) => ({
    id: `b${i}`,
    kind: 'paragraph',
    group: `b${i}`,
    section: 'text',
    anchors: [],
    footnoteRef: false,
    order: i,
    leadIn: false,
    bulletIndex: 0,
    groupSize: 0,
  }));
  const referenceClauses: Record<string, string> = {};
  beads.forEach(([, fr], i) => {
    if (fr.length) referenceClauses[`b${i}`] = fr.map((f) => doc.fr[f]!).join(' ');
  });
  let lineSentences: number[][];
  if (layout === 'lines') lineSentences = doc.de.map((_, i) => [i]);
  else {
    // Gold German groups in German order; a German sentence in no bead stays a line of its own.
    const inBead = new Set(doc.gold.flatMap(([de]) => de));
    const groups = beads.filter(([de]) => de.length).map(([de]) => [...de]);
    for (let i = 0; i < doc.de.length; i++) if (!inBead.has(i)) groups.push([i]);
    lineSentences = groups.sort((a, b) => a[0]! - b[0]!);
  }
  const text = lineSentences.map((group) => group.map((d) => doc.de[d]!).join(' ')).join('\n');
  return {
    structure: { charter: doc.name, title: doc.name, clauses },
    reference: { charter: doc.name, lang: 'fr', clauses: referenceClauses, residue: [] },
    text,
    lineSentences,
    clauseFr: beads.map(([, fr]) => fr),
  };
}

/**
 * Beads of an alignment: each clause's German sentences with the clause's French sentences, a clause with
 * no German text as French-only, and German sentences in no clause as German-only. A line goes to the
 * clause that holds most of its characters.
 */
export function predictedBeads(
  result: AlignResult,
  text: string,
  lineSentences: readonly number[][],
  clauseFr: readonly number[][],
): { beads: Bead[]; confidences: number[] } {
  const lineStarts: number[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    lineStarts.push(at);
    at += line.length + 1;
  }
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const best = lineSentences.map(() => ({ clause: -1, chars: 0 }));
  const cover = new Map<string, number>();
  const indexOf = new Map(result.clauses.map((c) => [c.id, Number(c.id.slice(1))]));
  for (const clause of result.clauses) {
    const c = indexOf.get(clause.id)!;
    for (const span of clause.spans) {
      for (let offset = span.start; offset < span.end; ) {
        const line = lineOf(offset);
        const end = Math.min(span.end, (lineStarts[line + 1] ?? Number.POSITIVE_INFINITY) - 1);
        const key = `${line}:${c}`;
        cover.set(key, (cover.get(key) ?? 0) + Math.max(0, end - offset));
        offset = Math.max(end, offset) + 1;
      }
    }
  }
  for (const [key, chars] of cover) {
    const [line, c] = key.split(':').map(Number) as [number, number];
    if (chars > best[line]!.chars) best[line] = { clause: c, chars };
  }
  const deOfClause = new Map<number, number[]>();
  const beads: Bead[] = [];
  const confidences: number[] = [];
  best.forEach(({ clause }, line) => {
    if (clause < 0) {
      for (const d of lineSentences[line]!) beads.push([[d], []]);
      for (const _ of lineSentences[line]!) confidences.push(Number.NaN);
      return;
    }
    const list = deOfClause.get(clause) ?? [];
    list.push(...lineSentences[line]!);
    deOfClause.set(clause, list);
  });
  const confidenceOf = new Map(result.clauses.map((c) => [indexOf.get(c.id)!, c.confidence]));
  clauseFr.forEach((fr, c) => {
    const de = (deOfClause.get(c) ?? []).sort((a, b) => a - b);
    if (!de.length && !fr.length) return;
    beads.push([de, [...fr]]);
    confidences.push(de.length ? (confidenceOf.get(c) ?? 0) : Number.NaN);
  });
  return { beads, confidences };
}

interface DocResult {
  name: string;
  layout: Layout;
  counts: BeadCounts;
  ms: number;
  /** Beads with German text given confidence >= 0.9, and how many of them are not gold beads. */
  confident: number;
  confidentWrong: number;
}

/** Aligns one document in one layout and scores it. */
export function evaluateDocument(doc: Document, layout: Layout): DocResult {
  const cast = castAsCharter(doc, layout);
  const started = performance.now();
  const result = alignEdition(cast.text, {
    structure: cast.structure,
    references: [cast.reference],
    lang: 'de',
    realignPasses: process.env.REALIGN_PASSES === undefined ? undefined : Number(process.env.REALIGN_PASSES),
  });
  const ms = performance.now() - started;
  const { beads, confidences } = predictedBeads(result, cast.text, cast.lineSentences, cast.clauseFr);
  const gold = new Set(doc.gold.map(([de, fr]) => `${de.join(',')}:${fr.join(',')}`));
  let confident = 0;
  let confidentWrong = 0;
  beads.forEach(([de, fr], i) => {
    if (!(confidences[i]! >= 0.9)) return;
    confident++;
    if (!gold.has(`${de.join(',')}:${fr.join(',')}`)) confidentWrong++;
  });
  return {
    name: doc.name,
    layout,
    counts: beadCounts(doc.gold, beads),
    ms,
    confident,
    confidentWrong,
  };
}

const testNames = ['test0', 'test1', 'test2', 'test3', 'test4', 'test5', 'test6'];

function line(label: string, rows: DocResult[]): string {
  const s = beadScores(sumCounts(rows.map((r) => r.counts)));
  const confident = rows.reduce((n, r) => n + r.confident, 0);
  const wrong = rows.reduce((n, r) => n + r.confidentWrong, 0);
  const ms = rows.reduce((n, r) => n + r.ms, 0);
  return `| ${label} | ${s.f1Strict.toFixed(3)} | ${s.precisionStrict.toFixed(3)} | ${s.recallStrict.toFixed(3)} | ${s.f1Lax.toFixed(3)} | ${confident ? (wrong / confident).toFixed(3) : '-'} (${wrong}/${confident}) | ${(ms / 1000).toFixed(1)} |`;
}

function main(): void {
  if (!existsSync(dataDir))
    throw new Error(
      `no Text+Berg data at ${dataDir}: this benchmark reads ../shared/data/textberg-de-fr beside the repository (not in a fresh clone); set TEXTBERG_DIR to its folder`,
    );
  const args = process.argv.slice(2);
  const option = (name: string, fallback: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1]! : fallback;
  };
  const split = option('--split', 'all');
  const layoutArg = option('--layout', 'all');
  const layouts: Layout[] = layoutArg === 'all' ? ['lines', 'beads'] : [layoutArg as Layout];
  const names = split === 'dev' ? ['dev'] : split === 'test' ? testNames : ['dev', ...testNames];
  const rows: DocResult[] = [];
  for (const layout of layouts) {
    for (const name of names) {
      const r = evaluateDocument(loadDocument(name), layout);
      rows.push(r);
      const s = beadScores(r.counts);
      process.stderr.write(
        `${layout} ${name}: strict F1 ${s.f1Strict.toFixed(3)} lax ${s.f1Lax.toFixed(3)} (${(r.ms / 1000).toFixed(1)} s)\n`,
      );
    }
  }
  const header = [
    '| documents | strict F1 | strict P | strict R | lax F1 | wrong at >= 0.9 | s |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  const table: string[] = [];
  for (const layout of layouts) {
    const of = rows.filter((r) => r.layout === layout);
    table.push(`### German ${layout === 'lines' ? 'one sentence a line' : 'one gold bead a line'}`, '');
    table.push(...header);
    if (of.some((r) => r.name === 'dev'))
      table.push(
        line(
          'dev',
          of.filter((r) => r.name === 'dev'),
        ),
      );
    const tests = of.filter((r) => r.name.startsWith('test'));
    for (const r of tests) table.push(line(r.name, [r]));
    if (tests.length) table.push(line('**test0-6**', tests));
    table.push('');
  }
  process.stdout.write(`${table.join('\n')}\n`);
  if (args.includes('--write'))
    writeFileSync(join(import.meta.dirname, 'results.md'), `${table.join('\n')}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
