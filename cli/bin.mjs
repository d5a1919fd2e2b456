#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx charter` works right after `npm ci`.
import { register } from 'tsx/esm/api';

// The Lambdas run on Node 22; locally the SDK's notice about Node 20 is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('./charter.ts');
process.exitCode = await main(process.argv.slice(2));
