// @ts-check
/**
 * Builds the review page: web/src/main.ts (typed TypeScript, checked by `tsc --noEmit`) bundled by esbuild into
 * one browser module, beside index.html and style.css. Used at serve time from a checkout (the api handler loads
 * this file on first request) and at Lambda bundle time through `reviewPageDefine()`, which embeds the files in
 * the api bundle as `process.env.CHARTER_REVIEW_PAGE`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const dir = fileURLToPath(new URL('.', import.meta.url));

/** @type {import('esbuild').BuildOptions & { write: false }} */
const options = {
  entryPoints: [`${dir}src/main.ts`],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  write: false,
  legalComments: 'none',
};

/**
 * @param {string} js
 * @returns {Record<string, { type: string, body: string }>}
 */
function assets(js) {
  return {
    'index.html': { type: 'text/html; charset=utf-8', body: readFileSync(`${dir}index.html`, 'utf8') },
    'style.css': { type: 'text/css; charset=utf-8', body: readFileSync(`${dir}style.css`, 'utf8') },
    'app.js': { type: 'text/javascript; charset=utf-8', body: js },
  };
}

/** The page's files, built now. */
export async function buildReviewPage() {
  const result = await esbuild.build(options);
  return assets(result.outputFiles[0]?.text ?? '');
}

/** The page's files, built synchronously (for CDK bundling options). */
export function buildReviewPageSync() {
  const result = esbuild.buildSync(options);
  return assets(result.outputFiles[0]?.text ?? '');
}

/** esbuild `define` entries that embed the page in a bundle of functions/handlers/api.ts. */
export function reviewPageDefine() {
  return { 'process.env.CHARTER_REVIEW_PAGE': JSON.stringify(JSON.stringify(buildReviewPageSync())) };
}
