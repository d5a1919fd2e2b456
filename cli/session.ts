/**
 * Opens the configured stack for one command, lets work left by an earlier run finish first (so reads see
 * finished editions), and closes it on the way out, Ctrl-C included.
 */
import { loadCharterStructure } from '../functions/adapters/resources/charters.ts';
import type { CharterStructure } from '../functions/core/structure/types.ts';
import { CliError, EXIT } from './command.ts';
import { stackConfig } from './config.ts';
import type { Stack } from './stack.ts';

export interface SessionOptions {
  command: string;
  /** Say where the data is, on stderr. */
  announce?: boolean;
  readOnly?: boolean;
  /** The command reaches the data through the deployed API only (see OpenOptions). */
  apiOnly?: boolean;
  /**
   * On Ctrl-C or SIGTERM: `exit` (default) exits 130 at once (the lock is released on exit); `return` resolves the `stopped`
   * promise given to `work`, which then ends normally (a server's way out).
   */
  signals?: 'exit' | 'return';
  /** Ingest in a worker thread, off the event loop serving the API (see OpenOptions). */
  ingestThread?: boolean;
}

/** Runs `work` on the open stack; the stack closes however `work` ends. */
export async function withStack<T>(
  options: SessionOptions,
  work: (stack: Stack, stopped: Promise<void>) => Promise<T>,
): Promise<T> {
  // Loaded here, not at the top: a usage error should not pay for the AWS SDK and the servers.
  const { openStack } = await import('./stack.ts');
  const stack = await openStack(stackConfig(), {
    command: options.command,
    readOnly: options.readOnly,
    apiOnly: options.apiOnly,
    ingestThread: options.ingestThread,
  });
  let closing: Promise<void> | null = null;
  const close = () => (closing ??= stack.close());
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const interrupt = () => {
    process.stderr.write('\ncharter: stopping\n');
    if (options.signals === 'return') stop();
    // Work in flight is safe to drop: the queue is on disk and the next start delivers it again.
    else process.exit(130);
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    if (options.announce) process.stderr.write(`charter: ${stack.description}\n`);
    const left = stack.queue?.size ?? 0;
    if (left > 0) {
      const what = stack.requeued.length ? `, ${stack.requeued.length} found unprocessed in the bucket` : '';
      process.stderr.write(`charter: finishing ${left} upload(s) left by an earlier run${what}\n`);
    }
    await stack.settle();
    return await work(stack, stopped);
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await close();
  }
}

/** The charter's structure, or a not-found error naming the charters there are. */
export function charterStructure(charter: string): CharterStructure {
  try {
    return loadCharterStructure(charter);
  } catch (error) {
    if ((error as Error).name === 'UnknownCharterError')
      throw new CliError((error as Error).message, EXIT.notFound);
    throw error;
  }
}

/** A language code as the upload keys accept it. */
export function checkLang(lang: string): string {
  if (!/^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$/.test(lang)) {
    throw new CliError(`"${lang}" is not a language code (such as sv, nb, da)`, EXIT.usage);
  }
  return lang;
}
