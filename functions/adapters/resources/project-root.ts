import { fileURLToPath } from 'node:url';

/**
 * The folder holding `data/`, `corpus/` and `node_modules/@cspell/*`: the repository, or `CHARTER_ROOT` where a
 * bundle moved this code away from it (the Lambda bundles set it to their own folder).
 */
export const projectRoot: string = process.env.CHARTER_ROOT
  ? `${process.env.CHARTER_ROOT.replace(/\/$/, '')}/`
  : fileURLToPath(new URL('../../../', import.meta.url));
