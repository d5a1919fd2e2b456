/** Blocks: paragraphs under construction while lines are routed, and what is done with them at the end. */
import { endsListConjunction, endsTerminal } from './line-marks.ts';
import type { ColumnSide, LinePart } from './types.ts';

/** A paragraph being rebuilt from line parts. */
export interface Block {
  parts: LinePart[];
  side: ColumnSide;
  /** Paragraph started with a lower-case continuation that found nothing to continue. */
  orphan: boolean;
  lastLine: number;
  /** Line of the part that last extended the block, for the "recent" window. */
  touched: number;
  merged: boolean;
}

/** Text of the block's last part. */
export function lastText(block: Block): string {
  return block.parts[block.parts.length - 1]?.text ?? '';
}

/** A single short line: a heading, finished whatever its punctuation. */
export function isFinishedHeading(block: Block, width: number): boolean {
  const last = lastText(block);
  return block.parts.length === 1 && last.length < width * 0.7;
}

/** The block's paragraph is complete: it ends a sentence or list item, or is a heading. */
export function isFinished(block: Block, width: number): boolean {
  const last = lastText(block);
  if (endsTerminal(last) || endsListConjunction(last)) return true;
  // A short single line without final punctuation reads as a heading (unless it breaks a word).
  return (
    block.parts.length === 1 &&
    !block.parts[0]!.bullet &&
    last.length < width * 0.7 &&
    !/[,;]/.test(last) &&
    !/\p{L}-$/u.test(last)
  );
}

/** The text ends like a lead-in or a list item, so a lower-case line after it starts the next item. */
export function listContext(text: string): boolean {
  return /[;:][)”"’*\d]?$/u.test(text.trimEnd()) || endsListConjunction(text);
}

/**
 * Re-joins a paragraph left unfinished with an orphan continuation (a block starting in lower case that
 * continues nothing), nearest first. With many orphans (lists that lost their marks, shuffled blocks)
 * layout alone cannot tell which half goes where: the halves stay apart and the aligner joins the two
 * that go to one clause.
 */
export function rejoinFarHalves(blocks: Block[], width: number): void {
  const dangling = blocks.filter((b) => !b.orphan && !isFinished(b, width) && !b.parts[0]!.mark);
  const orphans = blocks.filter((b) => b.orphan);
  if (orphans.length === 0 || orphans.length > 2) return;
  const pairs: { d: Block; o: Block; cost: number }[] = [];
  for (const d of dangling) {
    for (const o of orphans) {
      const distance =
        o.parts[0]!.line > d.lastLine ? o.parts[0]!.line - d.lastLine : d.parts[0]!.line - o.lastLine + 2;
      pairs.push({ d, o, cost: Math.abs(distance) });
    }
  }
  pairs.sort((a, b) => a.cost - b.cost);
  const used = new Set<Block>();
  for (const { d, o } of pairs) {
    if (used.has(d) || used.has(o)) continue;
    used.add(d);
    used.add(o);
    d.parts.push(...o.parts);
    o.merged = true;
  }
}

/** Reading order: blocks by first line, except that inside a two-column stretch the left column comes first. */
export function orderBlocks(blocks: Block[]): Block[] {
  const byLine = [...blocks].sort((a, b) => a.parts[0]!.line - b.parts[0]!.line);
  const out: Block[] = [];
  let i = 0;
  while (i < byLine.length) {
    if (byLine[i]!.side === 'unknown') {
      out.push(byLine[i]!);
      i++;
      continue;
    }
    let j = i;
    let lastSided = i;
    while (j < byLine.length) {
      if (byLine[j]!.side !== 'unknown') lastSided = j;
      else if (j - lastSided > 2) break;
      j++;
    }
    const stretch = byLine.slice(i, lastSided + 1);
    out.push(...stretch.filter((b) => b.side !== 'right'), ...stretch.filter((b) => b.side === 'right'));
    i = lastSided + 1;
  }
  return out;
}
