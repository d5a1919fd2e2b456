#!/usr/bin/env node
// Runs the TypeScript CLI: from a cached esbuild bundle when it is current (see fast-start.mjs),
// else through tsx, so `npx charter` works right after `npm ci`.
import { loadBundledMain } from './fast-start.mjs';

// The Lambdas run on Node 22; locally the SDK's notice about Node 20 is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// A reader that stops early (`charter edition sv | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}
let main = await loadBundledMain();
if (!main) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./charter.ts'));
}
process.exitCode = await main(process.argv.slice(2));
