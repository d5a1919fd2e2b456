/**
 * The `charter` command: dispatches to one module per sub-command.
 * Every command returns its exit code; errors print one line to stderr.
 */
import { parseArgs } from 'node:util';

type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, { describe: string; load: () => Promise<Command> }> = {
  clean: {
    describe: 'clean FILE [--lang L] [--json]          clean an OCR edition, print the text',
    load: async () => (await import('./commands/clean.ts')).run,
  },
  align: {
    describe: 'align FILE [--lang L] [--charter C] [--references other|none] [--json]   align to clause ids',
    load: async () => (await import('./commands/align.ts')).run,
  },
  ingest: {
    describe: 'ingest FILE... [--lang L] [--charter C] [--json]   upload editions, wait for the pipeline',
    load: async () => (await import('./commands/ingest.ts')).run,
  },
  query: {
    describe: 'query CLAUSE_ID [--charter C] [--lang L] [--json]  one clause in every stored language',
    load: async () => (await import('./commands/query.ts')).run,
  },
  edition: {
    describe: 'edition LANG [--charter C] [--json]      a stored edition in canonical order',
    load: async () => (await import('./commands/edition.ts')).run,
  },
  review: {
    describe: 'review list|show|accept|dismiss|correct|reopen ...   the review queue and decisions',
    load: async () => (await import('./commands/review.ts')).run,
  },
  export: {
    describe:
      'export [--charter C] [--format tmx|csv|json] [--out FILE]   the aligned clauses, every language',
    load: async () => (await import('./commands/export.ts')).run,
  },
  serve: {
    describe: 'serve [--port N] [--json]                the HTTP API and the review page on the local store',
    load: async () => (await import('./commands/serve.ts')).run,
  },
  reset: {
    describe: 'reset [--yes] [--json]                   delete the local store (asks first)',
    load: async () => (await import('./commands/reset.ts')).run,
  },
  warm: {
    describe:
      'warm                                     fill the dictionary and CLI caches (run after install)',
    load: async () => (await import('./commands/warm.ts')).run,
  },
  demo: {
    describe: 'demo                                     the main job on the embedded local stack (npm start)',
    load: async () => (await import('./commands/demo.ts')).run,
  },
};

function usage(): string {
  // Each description is "synopsis<two or more spaces>summary": the synopses and summaries line up in two blocks.
  const lines = Object.values(commands).map((c) => {
    const [synopsis, summary = ''] = c.describe.split(/\s{2,}/, 2);
    return { synopsis: synopsis!, summary };
  });
  return [
    'usage: charter <command> [options]   (charter <command> --help for its options; every command takes --json)',
    '',
    ...lines.map(({ synopsis, summary }) => `  ${synopsis}\n      ${summary}`),
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`charter: unknown command "${name}"\n${usage()}\n`);
    return 2;
  }
  try {
    const run = await command.load();
    return await run(rest);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`charter ${name}: ${message.split('\n')[0]}\n`);
    if (process.env.CHARTER_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

export { parseArgs };
