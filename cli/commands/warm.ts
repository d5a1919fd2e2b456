/**
 * `charter warm`: fills the on-disk caches (the CLI bundle is built by the bin on the way in; decoded
 * dictionaries and frequency-list indexes here) so the first real command after an install is fast.
 * Run by `npm ci` as the postinstall step; a failure only costs speed, never the install.
 */
import { warmResourceCaches } from '../../functions/adapters/resources/index.ts';

export async function run(): Promise<number> {
  const started = performance.now();
  const langs = await warmResourceCaches();
  process.stdout.write(
    `charter: caches warm for ${langs.join(', ')} (${Math.round(performance.now() - started)} ms)\n`,
  );
  return 0;
}
