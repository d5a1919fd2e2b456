/** Segmentation of an edition's lines into headings, paragraphs, bullets and footnotes. */
export { findColumnSplit } from './columns.ts';
export { segmentLines, toSourceLines } from './segment-lines.ts';
export type * from './types.ts';
