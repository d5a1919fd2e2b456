/** Types of web/build.mjs. */
export type ReviewPageAssets = Record<string, { type: string; body: string }>;
/** The page's files, built now. */
export function buildReviewPage(): Promise<ReviewPageAssets>;
/** The page's files, built synchronously (for CDK bundling options). */
export function buildReviewPageSync(): ReviewPageAssets;
/** esbuild `define` entries that embed the page in a bundle of functions/handlers/api.ts. */
export function reviewPageDefine(): Record<string, string>;
