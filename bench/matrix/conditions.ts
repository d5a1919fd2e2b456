/**
 * The condition matrix: which pages each condition prints and how they are read. Pure: every page is a plan drawn
 * from a seeded random source; generate.ts carries the plans out with the real tools.
 */
import type { BulletGlyph, PrintSpec } from './layout.ts';
import { Rng } from './rng.ts';
import { loadSource, PAGE_WORDS, type Source, type SourceClause, TESSERACT_MODEL } from './sources.ts';
import type { ScanDamage } from './tools.ts';

/**
 * The splits: dev is developed on; blind is generated once and scored only by the lead at the end; tune is a wider
 * tuning set (other seeds and fonts than both) generated for the cleaning conditions, to check that what is fitted
 * on dev generalises; blind2 is a second blind split (the sixth session's), made when the first had been scored
 * ten times, with seeds, fonts and sizes of none of the others.
 */
export type Split = 'dev' | 'blind' | 'tune' | 'blind2';

/** Print settings each split draws from (the blind split uses other seeds, fonts, sizes and glyphs). */
export const SPLITS: Record<
  Split,
  {
    seeds: number[];
    fonts: string[];
    sizes: number[];
    bullets: BulletGlyph[];
    perSeed: (n: number) => number;
  }
> = {
  dev: {
    seeds: [1, 2, 3],
    fonts: ['Liberation Serif', 'DejaVu Sans', 'FreeSerif', 'Noto Sans'],
    sizes: [10, 10.5, 11],
    bullets: ['•', '-', '*', 'number'],
    perSeed: (n) => n,
  },
  blind: {
    seeds: [21, 22, 23],
    fonts: ['Liberation Sans', 'DejaVu Serif', 'Noto Serif', 'FreeSans', 'C059'],
    sizes: [9.5, 10.25, 11.5],
    bullets: ['–', '▪', '•', 'number'],
    perSeed: (n) => Math.max(1, Math.round(n / 2)),
  },
  blind2: {
    seeds: [61, 62, 63],
    fonts: ['URW Gothic', 'DejaVu Sans Condensed', 'Liberation Sans Narrow', 'DejaVu Serif Condensed'],
    sizes: [9.25, 10, 12],
    bullets: ['▪', '–', '*', 'number'],
    perSeed: (n) => Math.max(1, Math.round(n / 2)),
  },
  tune: {
    seeds: [41, 42, 43],
    fonts: ['Nimbus Roman', 'Nimbus Sans', 'P052', 'URW Bookman'],
    sizes: [9.75, 10.75, 11.25],
    bullets: ['•', '-', '*', 'number'],
    perSeed: (n) => n + 1,
  },
};

/** How a printed page is read back. */
export type ReadPlan =
  | {
      kind: 'ocr';
      model: string;
      psm: number;
      raster: { dpi: number } | { scaleToX: number };
      damage?: ScanDamage;
      /** Shrink onto one sheet: print on larger paper until it fits one page, then rasterise to A4 width. */
      fitOnePage?: boolean;
    }
  | { kind: 'pdftotext'; mode: 'default' | 'layout' | 'raw'; reverseFraction: number };

/** One page of the matrix. */
export interface PagePlan {
  split: Split;
  condition: string;
  charter: string;
  lang: string;
  variant: string;
  seed: number;
  references: string[];
  clauses: SourceClause[];
  spec: PrintSpec;
  read: ReadPlan;
}

/** File name of a page, without extension. */
export function pageName(plan: PagePlan): string {
  return `${plan.charter}-${plan.lang}-${plan.variant}-s${plan.seed}`;
}

type SourceKey = readonly [charter: string, lang: string];

const IC: SourceKey[] = [
  ['integrating-cities', 'sv'],
  ['integrating-cities', 'nb'],
  ['integrating-cities', 'da'],
  ['integrating-cities', 'en'],
];
const UDHR: SourceKey[] = ['en', 'de', 'fr', 'sv', 'nb', 'da'].map((lang) => ['udhr', lang] as const);
/** Both charters interleaved, so that a few consecutive sources cover every language group. */
const ALL = IC.flatMap((ic, k) => [ic, UDHR[k]!]).concat(UDHR.slice(IC.length));
const NATIVE_NOT_ENGLISH = ALL.filter(([, lang]) => lang !== 'en');

/** The reviewed languages used as references by default: every other language of the charter's print set. */
export function defaultReferences(charter: string, lang: string): string[] {
  const pool = charter === 'integrating-cities' ? ['sv', 'nb', 'da'] : ['en', 'de', 'fr', 'sv', 'nb', 'da'];
  return pool.filter((l) => l !== lang);
}

function baseSpec(rng: Rng, split: Split): PrintSpec {
  const s = SPLITS[split];
  const spacing = rng.chance(0.6);
  return {
    font: rng.pick(s.fonts),
    sizePt: rng.pick(s.sizes),
    columns: 1,
    spacing,
    indent: !spacing && rng.chance(0.5),
    justify: rng.chance(0.5),
    bullet: rng.pick(s.bullets),
    page: 'A4',
    landscape: false,
    marginMm: rng.int(12, 20),
  };
}

function sectionsOf(clauses: readonly SourceClause[]): string[] {
  return [...new Set(clauses.map((c) => c.section))];
}

/**
 * A run of whole consecutive sections of about `min`-`max` clauses (the UDHR is too long to OCR whole on every
 * page within the CPU budget); half the time it starts at the title.
 */
export function sectionWindow(
  rng: Rng,
  clauses: readonly SourceClause[],
  min = 16,
  max = 24,
): SourceClause[] {
  if (clauses.length <= max) return [...clauses];
  const sections = sectionsOf(clauses);
  const target = rng.int(min, max);
  const size = (s: string) => clauses.filter((c) => c.section === s).length;
  let start = rng.chance(0.5) ? 0 : rng.int(1, sections.length - 1);
  let count = 0;
  const chosen: string[] = [];
  for (let i = start; i < sections.length && count < target; i++) {
    chosen.push(sections[i]!);
    count += size(sections[i]!);
  }
  // Near the end: extend backwards.
  while (count < min && start > 0) {
    start--;
    chosen.unshift(sections[start]!);
    count += size(sections[start]!);
  }
  const keep = new Set(chosen);
  return clauses.filter((c) => keep.has(c.section));
}

/** Deletes about `fraction` of the clauses, whole sections first (never the title), then single clauses. */
export function abridge(rng: Rng, clauses: readonly SourceClause[], fraction: number): SourceClause[] {
  const target = Math.round(clauses.length * fraction);
  const deleted = new Set<string>();
  for (const section of rng.shuffle(sectionsOf(clauses).filter((s) => s !== 'title'))) {
    const ids = clauses.filter((c) => c.section === section).map((c) => c.id);
    if (deleted.size + ids.length <= target && (deleted.size === 0 || rng.chance(0.5))) {
      for (const id of ids) deleted.add(id);
    }
  }
  for (const clause of rng.shuffle(clauses)) {
    if (deleted.size >= target) break;
    if (clause.id !== 'title') deleted.add(clause.id);
  }
  return clauses.filter((c) => !deleted.has(c.id));
}

/** Moves two or three sections (not the title) to other places, keeping each section's inner order. */
export function reorderSections(rng: Rng, clauses: readonly SourceClause[]): SourceClause[] {
  const sections = sectionsOf(clauses);
  const movable = sections.filter((s) => s !== 'title');
  let order = [...sections];
  for (let moves = rng.int(2, 3); moves > 0 && movable.length > 1; moves--) {
    const section = rng.pick(movable);
    order = order.filter((s) => s !== section);
    const at = rng.int(order[0] === 'title' ? 1 : 0, order.length);
    order.splice(at, 0, section);
  }
  if (order.join() === sections.join() && movable.length > 1) {
    const [a, b] = [order.indexOf(movable[0]!), order.indexOf(movable[movable.length - 1]!)];
    [order[a], order[b]] = [order[b]!, order[a]!];
  }
  return order.flatMap((s) => clauses.filter((c) => c.section === s));
}

function damageOf(rng: Rng): ScanDamage {
  return {
    skew: (rng.chance(0.5) ? -1 : 1) * rng.between(0.5, 1.5),
    blur: rng.between(0.5, 1.0),
    noise: rng.between(0.3, 0.7),
    specks: rng.between(0.01, 0.04),
  };
}

function runningHeader(rng: Rng, source: Source) {
  const words = PAGE_WORDS[source.lang]!;
  const title = source.clauses.find((c) => c.id === 'title')?.text ?? '';
  const top =
    source.charter === 'integrating-cities'
      ? `EUROCITIES - ${title}   2010`
      : rng.chance(0.5)
        ? `${words.un} - ${title}`
        : title;
  const footer = source.charter === 'integrating-cities' ? 'www.eurocities.eu' : 'A/RES/217 A (III)';
  return {
    top,
    footer,
    pageNumber: rng.pick(words.pageNumbers),
    pageNumberAt: rng.pick(['bottom-right', 'bottom-center', 'top-right'] as const),
  };
}

interface Draft {
  variant: string;
  clauses: SourceClause[];
  spec: PrintSpec;
  read: ReadPlan;
  references?: string[];
}

interface Condition {
  name: string;
  sources: SourceKey[];
  /** Sources per seed in the dev split (the blind split takes about two thirds). */
  perSeed: number;
  draft(rng: Rng, source: Source, split: Split, seedIndex: number): Draft;
  /** Pages every seed makes besides the rotating sources. */
  extra?: (rng: Rng, split: Split, seedIndex: number) => Array<{ source: Source; draft: Draft }>;
}

const native = (lang: string) => TESSERACT_MODEL[lang]!;
const printable = (rng: Rng, source: Source) =>
  source.charter === 'udhr' ? sectionWindow(rng, source.clauses) : source.clauses;

function columnsDraft(columns: 2 | 3) {
  return (rng: Rng, source: Source, split: Split, seedIndex: number): Draft => {
    const spec = { ...baseSpec(rng, split), columns } as PrintSpec;
    if (rng.chance(0.5)) spec.spacing = false;
    const psm = seedIndex % 2 === 0 ? 6 : 4;
    const shrunk = rng.chance(0.5);
    if (shrunk) spec.page = 'A3';
    else if (columns === 3) spec.landscape = rng.chance(0.5);
    if (columns === 3) spec.sizePt = Math.max(9, spec.sizePt - 1);
    return {
      variant: `psm${psm}-${shrunk ? 'shrunk' : 'true'}${spec.spacing ? '' : '-nospace'}`,
      clauses: printable(rng, source),
      spec,
      read: {
        kind: 'ocr',
        model: native(source.lang),
        psm,
        raster: shrunk ? { scaleToX: 2000 } : { dpi: 200 },
        fitOnePage: shrunk,
      },
    };
  };
}

/** Every condition of the matrix, in report order. */
export const CONDITIONS: Condition[] = [
  {
    name: 'one-column',
    sources: ALL,
    perSeed: 3,
    draft: (rng, source, split) => ({
      variant: 'psm3',
      clauses: printable(rng, source),
      spec: baseSpec(rng, split),
      read: { kind: 'ocr', model: native(source.lang), psm: 3, raster: { dpi: 200 } },
    }),
  },
  { name: 'two-column-read-across', sources: ALL, perSeed: 3, draft: columnsDraft(2) },
  { name: 'three-column-read-across', sources: ALL, perSeed: 3, draft: columnsDraft(3) },
  {
    name: 'running-headers',
    sources: ALL,
    perSeed: 3,
    draft: (rng, source, split) => {
      const spec = { ...baseSpec(rng, split), header: runningHeader(rng, source) };
      spec.sizePt += 1; // at least two sheets
      return {
        variant: 'psm3',
        clauses: printable(rng, source),
        spec,
        read: { kind: 'ocr', model: native(source.lang), psm: 3, raster: { dpi: 200 } },
      };
    },
  },
  {
    name: 'low-quality-scan',
    sources: ALL,
    perSeed: 3,
    draft: (rng, source, split) => ({
      variant: 'scan150',
      clauses: printable(rng, source),
      spec: baseSpec(rng, split),
      read: { kind: 'ocr', model: native(source.lang), psm: 3, raster: { dpi: 150 }, damage: damageOf(rng) },
    }),
  },
  {
    name: 'english-model',
    sources: NATIVE_NOT_ENGLISH,
    perSeed: 3,
    draft: (rng, source, split) => ({
      variant: 'eng',
      clauses: printable(rng, source),
      spec: baseSpec(rng, split),
      read: { kind: 'ocr', model: 'eng', psm: 3, raster: { dpi: 200 } },
    }),
  },
  {
    name: 'abridged',
    sources: ALL,
    perSeed: 2,
    draft: (rng, source, split) => {
      const fraction = rng.between(0.3, 0.7);
      return {
        variant: `cut${Math.round(fraction * 100)}`,
        clauses: abridge(rng, source.clauses, fraction),
        spec: baseSpec(rng, split),
        read: { kind: 'ocr', model: native(source.lang), psm: 3, raster: { dpi: 200 } },
      };
    },
    // The English integrating-cities edition holding about 19 of its 42 clauses, Scandinavian references only.
    extra: (rng, split) => {
      const source = loadSource('integrating-cities', 'en');
      const clauses = abridge(rng, source.clauses, 1 - 19 / source.clauses.length);
      return [
        {
          source,
          draft: {
            variant: `keep${clauses.length}`,
            clauses,
            spec: baseSpec(rng, split),
            read: { kind: 'ocr', model: 'eng', psm: 3, raster: { dpi: 200 } },
            references: ['sv', 'nb', 'da'],
          },
        },
      ];
    },
  },
  {
    name: 'reordered',
    sources: ALL,
    perSeed: 3,
    draft: (rng, source, split) => {
      const fraction = rng.between(0.1, 0.3);
      const window = source.charter === 'udhr' ? sectionWindow(rng, source.clauses, 24, 32) : source.clauses;
      return {
        variant: `moved-cut${Math.round(fraction * 100)}`,
        clauses: abridge(rng, reorderSections(rng, window), fraction),
        spec: baseSpec(rng, split),
        read: { kind: 'ocr', model: native(source.lang), psm: 3, raster: { dpi: 200 } },
      };
    },
  },
  {
    name: 'new-charter-few-shared-words',
    sources: UDHR.filter(([, lang]) => ['de', 'fr', 'en', 'sv'].includes(lang)),
    perSeed: 3,
    draft: (rng, source, split) => {
      const others = ['de', 'fr', 'en', 'sv'].filter((l) => l !== source.lang);
      const references = rng.shuffle(others).slice(0, rng.int(1, 2));
      const headings = rng.chance(0.4);
      return {
        variant: `${headings ? 'headings' : 'text'}-ref-${references.join('-')}`,
        clauses: headings
          ? source.clauses.filter((c) => c.kind === 'heading')
          : sectionWindow(rng, source.clauses),
        spec: baseSpec(rng, split),
        read: { kind: 'ocr', model: native(source.lang), psm: 3, raster: { dpi: 200 } },
        references,
      };
    },
  },
  {
    name: 'pdf-text-extraction',
    sources: ALL,
    perSeed: 6,
    draft: (rng, source, split) => {
      const spec = { ...baseSpec(rng, split), columns: rng.pick([2, 3] as const) };
      const mode = rng.pick(['default', 'layout', 'raw'] as const);
      const reverseFraction = rng.chance(0.7) ? rng.between(0.1, 0.3) : 0;
      return {
        variant: `${spec.columns}col-${mode}${reverseFraction ? `-rev${Math.round(reverseFraction * 100)}` : ''}`,
        clauses: source.clauses,
        spec,
        read: { kind: 'pdftotext', mode, reverseFraction },
      };
    },
  },
];

/** Every page plan of a split, in condition order. */
export function planSplit(split: Split): PagePlan[] {
  const params = SPLITS[split];
  const cache = new Map<string, Source>();
  const source = ([charter, lang]: SourceKey) => {
    const key = `${charter}/${lang}`;
    let found = cache.get(key);
    if (!found) {
      found = loadSource(charter, lang);
      cache.set(key, found);
    }
    return found;
  };
  const plans: PagePlan[] = [];
  CONDITIONS.forEach((condition, conditionIndex) => {
    const k = Math.min(condition.sources.length, params.perSeed(condition.perSeed));
    // Each condition starts its rotation elsewhere (and the blind split elsewhere again), so that together the
    // conditions print every source.
    const offset =
      2 * conditionIndex + (split === 'blind' ? 5 : split === 'tune' ? 3 : split === 'blind2' ? 7 : 0);
    params.seeds.forEach((seed, seedIndex) => {
      const picked: Array<{ source: Source; draft: Draft }> = [];
      for (let j = 0; j < k; j++) {
        // j-major order: widening perSeed adds pages and keeps every page already made.
        const key =
          condition.sources[(offset + j * params.seeds.length + seedIndex) % condition.sources.length]!;
        const src = source(key);
        const rng = new Rng(`${split}/${condition.name}/${key.join('/')}/${seed}`);
        picked.push({ source: src, draft: condition.draft(rng, src, split, seedIndex) });
      }
      if (condition.extra) {
        picked.push(
          ...condition.extra(new Rng(`${split}/${condition.name}/extra/${seed}`), split, seedIndex),
        );
      }
      for (const { source: src, draft } of picked) {
        plans.push({
          split,
          condition: condition.name,
          charter: src.charter,
          lang: src.lang,
          variant: draft.variant,
          seed,
          references: draft.references ?? defaultReferences(src.charter, src.lang),
          clauses: draft.clauses,
          spec: draft.spec,
          read: draft.read,
        });
      }
    });
  });
  return plans;
}
