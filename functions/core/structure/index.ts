/** Charter structure: types, errors and validation of the data files. */
export * from './errors.ts';
export * from './parse-structure.ts';
export * from './types.ts';
