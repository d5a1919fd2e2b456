/** Alignment of an edition to its charter's canonical clauses. */
export { alignEdition } from './align-edition.ts';
export { cutPoints } from './pieces.ts';
export { foldedSimilarity, foldText } from './fold.ts';
export type * from './types.ts';
