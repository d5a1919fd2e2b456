import { pathToFileURL } from 'node:url';
import { projectRoot } from '../adapters/resources/project-root.ts';

/** One file of the review page. */
export interface PageAsset {
  type: string;
  body: string;
}

/** The review page's files by name (`index.html`, `app.js`, `style.css`). */
export type ReviewPageAssets = Record<string, PageAsset>;

/** Gives the review page's files, or null when this deployment has none. */
export type ReviewPageSource = () => Promise<ReviewPageAssets | null>;

/**
 * The review page as the bundle carries it: in the Lambda bundle, esbuild's `define` replaces
 * `process.env.CHARTER_REVIEW_PAGE` with the page's files as JSON (see `reviewPageDefine` in web/build.mjs);
 * from a checkout, web/build.mjs compiles web/src with esbuild on first use. Loaded once.
 */
export function reviewPageFromBundle(): ReviewPageSource {
  let loading: Promise<ReviewPageAssets | null> | undefined;
  return () => {
    loading ??= loadReviewPage();
    return loading;
  };
}

async function loadReviewPage(): Promise<ReviewPageAssets | null> {
  const embedded = process.env.CHARTER_REVIEW_PAGE;
  if (embedded) return JSON.parse(embedded) as ReviewPageAssets;
  try {
    // A computed specifier: bundlers leave it alone, so esbuild never enters the Lambda bundle.
    const builder = pathToFileURL(`${projectRoot}web/build.mjs`).href;
    const { buildReviewPage } = (await import(builder)) as {
      buildReviewPage: () => Promise<ReviewPageAssets>;
    };
    return await buildReviewPage();
  } catch {
    return null;
  }
}
