/** Alignment of an edition to its charter's canonical clauses. */
export { alignEdition, cutPoints } from './align-edition.ts';
export { foldedSimilarity, foldText } from './fold.ts';
export type * from './types.ts';
