/**
 * `charter warm [--json]`: fills the on-disk caches (the CLI bundle is built by the bin on the way in; decoded
 * dictionaries and frequency-list indexes here) so the first real command after an install is fast.
 * Run by `npm ci` as the postinstall step; a failure only costs speed, never the install.
 */
import { warmResourceCaches } from '../../functions/adapters/resources/index.ts';
import { command, EXIT, runCommand } from '../command.ts';

export async function run(argv: string[] = []): Promise<number> {
  const program = command('warm', 'fill the dictionary and CLI caches (run after install)');
  return runCommand(program, argv, async (_args, options) => {
    const started = performance.now();
    const langs = await warmResourceCaches();
    const ms = Math.round(performance.now() - started);
    if (options.json) process.stdout.write(`${JSON.stringify({ langs, ms })}\n`);
    else process.stdout.write(`charter: caches warm for ${langs.join(', ')} (${ms} ms)\n`);
    return EXIT.ok;
  });
}
