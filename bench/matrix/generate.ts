/**
 * Generates the condition matrix: prints reviewed editions with Chromium, reads them back with Tesseract (or
 * pdftotext) and writes each page's text and gold to `bench/matrix/<split>/<condition>/<name>.txt|.gold.json`.
 * Images and PDFs stay in /tmp/matrix-work. Pages already written are kept unless `--force`.
 *
 *   npx tsx bench/matrix/generate.ts [--split dev|blind|tune|blind2] [--only cond[,cond]] [--limit N] [--force] [--dry-run]
 *
 * The blind splits print counts only, never page names or text.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type PagePlan, pageName, planSplit, type Split } from './conditions.ts';
import { renderHtml } from './layout.ts';
import { Rng } from './rng.ts';
import { checkTools, damage, ocr, pageCount, pdfText, printPdf, rasterise } from './tools.ts';

/** The gold of one page. */
export interface PageGold {
  charter: string;
  lang: string;
  condition: string;
  split: Split;
  variant: string;
  seed: number;
  /** Languages whose reviewed editions are the references when aligning this page. */
  references: string[];
  /** Reviewed text of each printed clause, in printed order. */
  clauses: Record<string, string>;
  /** The printed text (clauses in printed order, blank-line separated; no list marks, headers or page numbers). */
  text: string;
  print: PagePlan['spec'];
  read: PagePlan['read'];
  /** Sheets printed (OCR pages). */
  sheets: number;
}

const workRoot = '/tmp/matrix-work';

/** Reverses the word order of a seeded share of the lines (right-to-left extraction damage). */
export function reverseLines(text: string, fraction: number, rng: Rng): string {
  return text
    .split('\n')
    .map((line) => {
      const words = line.trim().split(/\s+/);
      return words.length > 1 && rng.chance(fraction) ? words.reverse().join(' ') : line;
    })
    .join('\n');
}

const SHRINK_PAPER = ['A3', 'A2'] as const;

/** Prints and reads one page; returns its text and the number of sheets. */
function makePage(plan: PagePlan, dir: string): { text: string; sheets: number } {
  mkdirSync(dir, { recursive: true });
  const html = join(dir, 'page.html');
  const pdf = join(dir, 'page.pdf');
  const spec = { ...plan.spec };
  printPdf(renderHtml(plan.clauses, spec, plan.lang), html, pdf);
  const read = plan.read;
  if (read.kind === 'ocr' && read.fitOnePage) {
    for (const paper of SHRINK_PAPER) {
      spec.page = paper;
      printPdf(renderHtml(plan.clauses, spec, plan.lang), html, pdf);
      if (pageCount(pdf) === 1) break;
    }
    plan.spec.page = spec.page;
  }
  if (read.kind === 'pdftotext') {
    const text = pdfText(pdf, read.mode);
    const rng = new Rng(`${pageName(plan)}/reverse`);
    return {
      text: read.reverseFraction ? reverseLines(text, read.reverseFraction, rng) : text,
      sheets: pageCount(pdf),
    };
  }
  const pngs = rasterise(pdf, dir, 'sheet', read.raster);
  const texts = pngs.map((png, i) => {
    if (read.damage) damage(png, read.damage, plan.seed * 100 + i);
    return ocr(png, read.model, read.psm);
  });
  return { text: texts.join(''), sheets: pngs.length };
}

function goldOf(plan: PagePlan, sheets: number): PageGold {
  return {
    charter: plan.charter,
    lang: plan.lang,
    condition: plan.condition,
    split: plan.split,
    variant: plan.variant,
    seed: plan.seed,
    references: plan.references,
    clauses: Object.fromEntries(plan.clauses.map((c) => [c.id, c.text])),
    text: plan.clauses.map((c) => c.text).join('\n\n'),
    print: plan.spec,
    read: plan.read,
    sheets,
  };
}

/** Deletes page files of the split that no plan makes any more (after the matrix was narrowed or changed). */
function pruneOrphans(split: Split, plans: PagePlan[]): void {
  const root = join('bench', 'matrix', split);
  if (!existsSync(root)) return;
  const wanted = new Set(plans.map((p) => join(p.condition, pageName(p))));
  let pruned = 0;
  for (const condition of readdirSync(root)) {
    for (const name of readdirSync(join(root, condition))) {
      const base = name.replace(/\.gold\.json$|\.txt$/, '');
      if (!wanted.has(join(condition, base))) {
        rmSync(join(root, condition, name));
        pruned++;
      }
    }
  }
  if (pruned) process.stdout.write(`${pruned} files of pages no longer planned removed\n`);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      split: { type: 'string', default: 'dev' },
      only: { type: 'string' },
      limit: { type: 'string' },
      force: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const split = values.split as Split;
  if (!['dev', 'blind', 'tune', 'blind2'].includes(split))
    throw new Error('--split must be dev, blind, tune or blind2');
  const quiet = split.startsWith('blind');
  const only = values.only?.split(',');
  let plans = planSplit(split).filter((p) => !only || only.includes(p.condition));
  if (values.limit) plans = plans.slice(0, Number(values.limit));
  if (!values['dry-run']) {
    checkTools([...new Set(plans.flatMap((p) => (p.read.kind === 'ocr' ? [p.read.model] : [])))]);
  }
  let made = 0;
  let kept = 0;
  const started = Date.now();
  for (const plan of plans) {
    const outDir = join('bench', 'matrix', split, plan.condition);
    const base = join(outDir, pageName(plan));
    if (!values.force && existsSync(`${base}.txt`) && existsSync(`${base}.gold.json`)) {
      kept++;
      continue;
    }
    if (values['dry-run']) {
      if (!quiet) process.stdout.write(`would make ${base}\n`);
      continue;
    }
    const work = join(workRoot, split, plan.condition, pageName(plan));
    rmSync(work, { recursive: true, force: true });
    const pageStarted = Date.now();
    const { text, sheets } = makePage(plan, work);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(`${base}.txt`, text);
    writeFileSync(`${base}.gold.json`, `${JSON.stringify(goldOf(plan, sheets), null, 1)}\n`);
    made++;
    if (!quiet)
      process.stdout.write(
        `${base} (${sheets} sheets, ${((Date.now() - pageStarted) / 1000).toFixed(1)} s)\n`,
      );
    else if (made % 10 === 0) process.stdout.write(`${made} pages made\n`);
  }
  if (!only && !values.limit && !values['dry-run']) pruneOrphans(split, plans);
  process.stdout.write(
    `${split}: ${made} pages made, ${kept} kept, ${plans.length} planned, ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) main();
