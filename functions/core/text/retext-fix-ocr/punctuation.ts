/** Punctuation OCR misreads between words: a comma read as a full stop. */
import type { Nodes, Paragraph, Root } from 'nlcst';
import { toString as nlcstToString } from 'nlcst-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { reportChange } from '../change-log.ts';

/** What the rule needs to know about words. */
export interface PunctuationWords {
  /** True for a word of the language (as written or in lower case). */
  isWord(word: string): boolean;
  /** True when the word written with a full stop is an abbreviation the language knows ("osv.", "bl.a."). */
  isAbbreviation(word: string): boolean;
}

const SOURCE = 'retext-fix-ocr';

/** The nodes of a paragraph in reading order, sentences flattened. */
function flatten(paragraph: Paragraph): Nodes[] {
  const out: Nodes[] = [];
  for (const child of paragraph.children) {
    if (child.type === 'SentenceNode') out.push(...child.children);
    else out.push(child);
  }
  return out;
}

/**
 * A full stop between a word and a word in small letters, in the same paragraph, is a comma the OCR
 * read as a stop: a sentence starts with a capital in every language supported, and abbreviations
 * (the lexicon knows them with their stop) are left alone. Messages: `ocr-punctuation`.
 */
export function commaForPeriod(tree: Root, words: PunctuationWords, file: VFile): void {
  visit(tree, 'ParagraphNode', (paragraph: Paragraph) => {
    const nodes = flatten(paragraph);
    for (let i = 0; i + 2 < nodes.length; i++) {
      const before = nodes[i]!;
      const space = nodes[i + 1]!;
      const after = nodes[i + 2]!;
      if (space.type !== 'WhiteSpaceNode' || after.type !== 'WordNode') continue;
      // The parser keeps a stop before a small letter inside the word ("frihet." + "rättvisa"), as
      // it would an abbreviation's; elsewhere the stop stands alone after the word.
      let stop: Nodes | undefined;
      let word: Nodes | undefined;
      if (before.type === 'WordNode' && before.children.length === 2) {
        const [text, mark] = before.children;
        if (text?.type === 'TextNode' && mark?.type === 'PunctuationNode') [word, stop] = [text, mark];
      } else if (before.type === 'PunctuationNode' && nodes[i - 1]?.type === 'WordNode') {
        const previous = nodes[i - 1]!;
        // Initials and abbreviations with stops inside ("bl.a.", "t.ex.") are not misread commas.
        if (nodes[i - 2]?.type !== 'PunctuationNode') [word, stop] = [previous, before];
      }
      if (!stop || !word || stop.type !== 'PunctuationNode' || stop.value !== '.') continue;
      const text = nlcstToString(word);
      const next = nlcstToString(after);
      if (!/^\p{L}{3,}$/u.test(text) || !/^\p{Ll}\p{L}*$/u.test(next)) continue;
      if (!words.isWord(text) || !words.isWord(next) || words.isAbbreviation(text)) continue;
      reportChange(
        file,
        'Replace `.` with `,` before a word in small letters (OCR)',
        stop.position,
        'ocr-punctuation',
        SOURCE,
        '.',
        ',',
      );
      stop.value = ',';
    }
  });
}
