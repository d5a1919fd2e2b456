/** How a page is printed (pure): the print settings and the HTML that Chromium prints to PDF. */
import type { SourceClause } from './sources.ts';

/** A bullet mark printed before list items; `number` prints "1.", "2.", ... per list. */
export type BulletGlyph = '•' | '-' | '–' | '*' | '▪' | 'number';

/** Running header, footer and page number of a multi-page print. */
export interface RunningHeader {
  top: string;
  footer: string;
  /** Page-number template: `{n}` the page, `{N}` the page count. */
  pageNumber: string;
  /** Where the page number goes. */
  pageNumberAt: 'bottom-right' | 'bottom-center' | 'top-right';
}

/** Every print setting of a page. */
export interface PrintSpec {
  font: string;
  sizePt: number;
  columns: 1 | 2 | 3;
  /** Vertical space between paragraphs. */
  spacing: boolean;
  /** First-line indent of paragraphs. */
  indent: boolean;
  justify: boolean;
  bullet: BulletGlyph;
  page: 'A4' | 'A3' | 'A2';
  landscape: boolean;
  marginMm: number;
  header?: RunningHeader;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function cssString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** CSS `content` for a page-number template ("Side {n} / {N}" -> "Side " counter(page) " / " counter(pages)). */
export function pageNumberContent(template: string): string {
  return template
    .split(/(\{n\}|\{N\})/)
    .filter((part) => part !== '')
    .map((part) => (part === '{n}' ? 'counter(page)' : part === '{N}' ? 'counter(pages)' : cssString(part)))
    .join(' ');
}

/** The list mark of the k-th item (1-based) of a list. */
export function bulletMark(glyph: BulletGlyph, k: number): string {
  return glyph === 'number' ? `${k}.` : glyph;
}

/** The HTML of a print: the clauses in printed order, laid out by `spec`. */
export function renderHtml(clauses: readonly SourceClause[], spec: PrintSpec, lang: string): string {
  const counters = new Map<string, number>();
  const body = clauses.map((clause) => {
    const text = escapeHtml(clause.text);
    switch (clause.kind) {
      case 'heading':
        return clause.id === 'title' ? `<h1>${text}</h1>` : `<h2>${text}</h2>`;
      case 'bullet': {
        const k = (counters.get(clause.group) ?? 0) + 1;
        counters.set(clause.group, k);
        return `<p class="item"><span class="mark">${escapeHtml(bulletMark(spec.bullet, k))}</span>${text}</p>`;
      }
      case 'footnote':
      case 'colophon':
        return `<p class="note">${text}</p>`;
      default:
        return `<p>${text}</p>`;
    }
  });
  const gap = spec.spacing ? `${(0.5 + spec.sizePt / 40).toFixed(2)}em` : '0';
  const header = spec.header;
  const small = `font-family: '${spec.font}'; font-size: ${Math.max(7, spec.sizePt - 2)}pt;`;
  const margins = header
    ? [
        `@top-left { content: ${cssString(header.top)}; ${small} }`,
        `@bottom-left { content: ${cssString(header.footer)}; ${small} }`,
        `@${header.pageNumberAt} { content: ${pageNumberContent(header.pageNumber)}; ${small} }`,
      ].join('\n  ')
    : '';
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><style>
@page { size: ${spec.page}${spec.landscape ? ' landscape' : ''}; margin: ${spec.marginMm}mm;
  ${margins}
}
body { margin: 0; font-family: '${spec.font}'; font-size: ${spec.sizePt}pt; line-height: 1.25; }
.text { column-count: ${spec.columns}; column-gap: ${spec.columns > 1 ? 7 : 0}mm; text-align: ${spec.justify ? 'justify' : 'left'}; hyphens: manual; }
h1 { font-size: 1.5em; margin: 0 0 ${spec.spacing ? '0.8em' : '0.2em'} 0; }
h2 { font-size: 1.1em; margin: ${spec.spacing ? '0.9em' : '0.2em'} 0 ${spec.spacing ? '0.4em' : '0'} 0; break-after: avoid; }
p { margin: 0 0 ${gap} 0; text-indent: ${spec.indent ? '1.5em' : '0'}; }
p.item { padding-left: 1.6em; text-indent: -1.6em; }
p.item .mark { display: inline-block; width: 1.6em; text-indent: 0; }
p.note { font-size: 0.85em; }
</style></head><body><div class="text">
${body.join('\n')}
</div></body></html>
`;
}
