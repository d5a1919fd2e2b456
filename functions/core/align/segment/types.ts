/** Shapes of the segmentation step: text lines in, segments with source offsets out. */

/** One line of the input text with the offset of its first character in the source. */
export interface SourceLine {
  text: string;
  start: number;
}

/** A range of the source text, [start, end). */
export interface SourceSpan {
  start: number;
  end: number;
}

/** Which column of a two-column page a piece came from: left, right, or unknown (a single-column line). */
export type ColumnSide = 'left' | 'right' | 'unknown';

/** A piece of one line: the whole line, or one column's half of an interleaved line. */
export interface LinePart {
  /** Text with any leading bullet or footnote mark removed. */
  text: string;
  span: SourceSpan;
  line: number;
  side: ColumnSide;
  bullet: boolean;
  /** Leading footnote mark (e.g. "*", "1") when the part starts a footnote candidate. */
  mark: string | null;
  /** The leading mark touches the first word ("*De som ..."), as footnote marks do. */
  gluedMark: boolean;
  /** Joined to the paragraph above across a blank line (a page break, or clauses set apart in one sentence). */
  afterGap?: boolean;
}

/** Segment kinds found by layout alone; `debris` is text with hardly any letters. */
export type SegmentKind = 'heading' | 'paragraph' | 'bullet' | 'footnote' | 'debris';

/** One heading, paragraph, bullet or footnote rebuilt from line parts, in reading order. */
export interface Segment {
  index: number;
  kind: SegmentKind;
  /** Source lines of the segment in reading order (marks removed, not yet cleaned). */
  lines: string[];
  /** The lines joined into one text (line-end hyphens of split words removed). */
  text: string;
  spans: SourceSpan[];
  side: ColumnSide;
  /** Ends with a colon: introduces the bullets that follow. */
  leadIn: boolean;
  /** Carries a trailing footnote reference mark (e.g. "vi:*", "vi:1"). */
  footnoteRef: boolean;
  /** 1-based index among the bullets after the preceding lead-in, 0 when not in a list. */
  bulletIndex: number;
  /** Number of bullets in the list this segment leads or belongs to, 0 when none. */
  groupSize: number;
  /** First source line, for ordering and reports. */
  firstLine: number;
  /**
   * Offsets in `text` where a line joined across a blank line starts ("enär ..." clauses of one sentence set
   * apart, or a paragraph broken by a page), or a line starts a sentence after a line that ended one (where a
   * paragraph's last line was full, nothing else shows its end): the aligner may cut the segment there.
   */
  softBreaks?: number[];
}
