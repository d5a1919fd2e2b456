/**
 * Lays reviewed clause texts out as an OCR'd page would come out of Tesseract (psm 4/6) reading a
 * multi-column print straight across: N justified columns of W characters, each OCR line holding the
 * left column's line, then the middle and right ones, joined by one or two spaces. Paragraph spacing
 * may be present or absent; pages may carry a running header, a footer and a page number.
 *
 * Used by bench/segment/evaluate-read-across.ts; run alone it prints one page set:
 * `npx tsx bench/segment/make-read-across.ts [columns] [width] [blank|tight] [furniture|plain] [seed]`.
 */

/** One clause to lay out: its kind decides bullets and headings. */
export interface LayoutClause {
  kind: string;
  text: string;
}

/** How to lay the text out. */
export interface ReadAcrossLayout {
  columns: 1 | 2 | 3;
  /** Column width in characters. */
  width: number;
  /** Blank line between paragraphs (inside each column). */
  blankLines: boolean;
  /** `one`: everything shrunk onto one sheet; `true`: true size over `sheets` sheets. */
  pages: 'one' | 'true';
  /** Sheets for `true` size. */
  sheets?: number;
  /** Running header, footer and page number on every sheet. */
  furniture: boolean;
  seed: number;
  /** Text of the running header (e.g. the charter's name and year). */
  header?: string;
}

/** The page set, and the furniture lines it holds (for checking that none reaches a clause). */
export interface ReadAcrossPages {
  text: string;
  furniture: string[];
}

/** Small deterministic generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Greedy wrap of `text` to lines of at most `width` characters (a longer word gets a line of its own). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

const PAGE_LABELS: Array<(k: number, n: number) => string> = [
  (k, n) => `Side ${k} / ${n}`,
  (k) => `Page ${k}`,
  (k) => `- ${k} -`,
  (k, n) => `Seite ${k} von ${n}`,
  (k, n) => `${k}/${n}`,
  (k) => `${k}`,
];

/** The column lines of the whole text, blank lines marking paragraph spacing. */
function columnLines(
  clauses: readonly LayoutClause[],
  layout: ReadAcrossLayout,
  next: () => number,
): string[] {
  const glyph = next() < 0.5 ? '•' : '-';
  const out: string[] = [];
  for (const clause of clauses) {
    const text = clause.kind === 'bullet' ? `${glyph} ${clause.text}` : clause.text;
    if (layout.blankLines && out.length) out.push('');
    out.push(...wrap(text, layout.width));
  }
  return out;
}

/** Lays `clauses` out as read-across OCR pages. */
export function layoutReadAcross(
  clauses: readonly LayoutClause[],
  layout: ReadAcrossLayout,
): ReadAcrossPages {
  const next = random(layout.seed);
  const lines = columnLines(clauses, layout, next);
  const sheets = layout.pages === 'one' ? 1 : (layout.sheets ?? 2);
  // A true-size sheet holds a few dozen lines at least: a short text fills fewer sheets.
  const rows = Math.max(
    Math.ceil(lines.length / layout.columns / sheets) + 1,
    layout.pages === 'one' ? 0 : 24,
  );
  const label = PAGE_LABELS[Math.floor(next() * PAGE_LABELS.length)]!;
  const header = layout.header ?? 'EUROCITIES - Charter   2010';
  const furniture: string[] = [];
  const pages: string[] = [];
  let at = 0;
  for (let sheet = 1; at < lines.length; sheet++) {
    const columns: string[][] = [];
    for (let c = 0; c < layout.columns; c++) {
      // A column never starts with paragraph spacing.
      while (at < lines.length && lines[at] === '') at++;
      columns.push(lines.slice(at, at + rows));
      at += rows;
    }
    const body: string[] = [];
    for (let r = 0; r < rows; r++) {
      const parts = columns.map((col) => col[r] ?? '').filter((part) => part !== '');
      body.push(parts.map((part, i) => (i === 0 ? part : `${next() < 0.5 ? ' ' : '  '}${part}`)).join(''));
    }
    while (body.length && body.at(-1) === '') body.pop();
    if (layout.furniture) {
      const total = Math.ceil(lines.length / (rows * layout.columns));
      const number = label(sheet, Math.max(total, sheet));
      furniture.push(header, number);
      pages.push([header, '', ...body, '', number].join('\n'));
    } else pages.push(body.join('\n'));
  }
  // Tesseract ends each page with a form feed; a page set pasted together often loses them.
  const join = next() < 0.5 ? '\n\f' : '\n\n';
  return { text: `${pages.join(join)}\n`, furniture: [...new Set(furniture)] };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { readFileSync } = await import('node:fs');
  const [columns = '2', width = '40', blank = 'tight', furniture = 'furniture', seed = '1'] =
    process.argv.slice(2);
  const structure = JSON.parse(readFileSync('corpus/charters/integrating-cities/structure.json', 'utf8')) as {
    clauses: Array<{ id: string; kind: string }>;
  };
  const reviewed = JSON.parse(
    readFileSync('corpus/charters/integrating-cities/reviewed/sv.json', 'utf8'),
  ) as {
    clauses: Record<string, string>;
  };
  const clauses = structure.clauses
    .filter((c) => reviewed.clauses[c.id])
    .map((c) => ({ kind: c.kind, text: reviewed.clauses[c.id]! }));
  const pages = layoutReadAcross(clauses, {
    columns: Number(columns) as 1 | 2 | 3,
    width: Number(width),
    blankLines: blank === 'blank',
    pages: furniture === 'furniture' ? 'true' : 'one',
    furniture: furniture === 'furniture',
    seed: Number(seed),
  });
  process.stdout.write(pages.text);
}
