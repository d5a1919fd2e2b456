/**
 * A guard in front of the embedded S3 server (s3rver keeps each object as a file named after its key under the
 * data folder): it refuses, before s3rver sees the request, any object key that could leave the folder or that
 * lies outside the pipeline's prefixes, a bucket name S3 would not accept (bucket names are folders too),
 * requests from web pages (an Origin header: the SDK sends none) and Host names that are not loopback (DNS
 * rebinding, virtual-host addressing).
 */
import { DEFAULT_KEY_PREFIXES, objectKeyProblem } from '../functions/core/auth/object-key.ts';

/** The part of a Koa context the guard reads and answers on. */
interface GuardContext {
  method: string;
  path: string;
  querystring: string;
  get(header: string): string;
  status: number;
  body: unknown;
  type: string;
}

/** The guard's settings. */
export interface S3GuardOptions {
  prefixes?: readonly string[];
}

/** S3's bucket naming rules: 3-63 lower-case letters, digits, dots and hyphens, no `..`, not an IP address. */
function bucketProblem(bucket: string): string | null {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..')) {
    return `"${bucket}" is not a bucket name`;
  }
  if (/^\d+\.\d+\.\d+\.\d+$/.test(bucket)) return `"${bucket}" is not a bucket name`;
  return null;
}

const LOOPBACK = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;

/** Why the request is refused, or null. */
export function s3RequestProblem(
  request: { method: string; path: string; query: string; host: string; origin: string; copySource: string },
  options: S3GuardOptions,
): string | null {
  if (!LOOPBACK.test(request.host)) return `host "${request.host}" is not this server`;
  if (request.origin) return 'requests from web pages are not accepted';
  const [, rawBucket = '', ...rest] = request.path.split('/');
  let bucket: string;
  let key: string;
  try {
    bucket = decodeURIComponent(rawBucket);
    key = decodeURIComponent(rest.join('/'));
  } catch {
    return 'a path with bad percent-encoding';
  }
  const method = request.method.toUpperCase();
  if (bucket === '') return method === 'GET' || method === 'HEAD' ? null : 'no bucket';
  const badBucket = bucketProblem(bucket);
  if (badBucket) return badBucket;
  if (rest.length === 0 || (rest.length === 1 && rest[0] === '')) {
    // Bucket requests: listing, HEAD, and creating it. POST on a bucket is a browser form upload (its key in
    // the form body) or a batch delete (its keys in the XML body): neither is used by the pipeline.
    return method === 'POST' ? 'POST on the bucket is not accepted' : null;
  }
  const problem = objectKeyProblem(key, options.prefixes ?? DEFAULT_KEY_PREFIXES);
  if (problem) return problem;
  if (request.copySource) {
    let source: string;
    try {
      source = decodeURIComponent(request.copySource.split('?')[0]!).replace(/^\//, '');
    } catch {
      return 'a copy source with bad percent-encoding';
    }
    const [sourceBucket = '', ...sourceKey] = source.split('/');
    const badSource = bucketProblem(sourceBucket);
    if (badSource) return `copy source: ${badSource}`;
    const sourceProblem = objectKeyProblem(sourceKey.join('/'), options.prefixes ?? DEFAULT_KEY_PREFIXES);
    if (sourceProblem) return `copy source: ${sourceProblem}`;
  }
  return null;
}

/** A Koa middleware for s3rver: answers 403 with an S3-style XML error, or passes the request on. */
export function s3KeyGuard(options: S3GuardOptions) {
  return async (ctx: GuardContext, next: () => Promise<unknown>) => {
    const problem = s3RequestProblem(
      {
        method: ctx.method,
        path: ctx.path,
        query: ctx.querystring,
        host: ctx.get('host'),
        origin: ctx.get('origin'),
        copySource: ctx.get('x-amz-copy-source'),
      },
      options,
    );
    if (!problem) return next();
    ctx.status = 403;
    ctx.type = 'application/xml';
    ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>${escapeXml(problem)}</Message></Error>`;
  };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
