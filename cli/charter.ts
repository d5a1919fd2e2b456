/**
 * The `charter` command: one commander program whose sub-commands load their module on first use (a usage
 * error pays for no AWS SDK). Each module parses its own options with commander (cli/command.ts) and returns
 * its exit code; `charter <command> --help` is that module's full help.
 */
import { Command, CommanderError } from 'commander';
import { EXIT, VERSION } from './command.ts';

type Run = (argv: string[]) => Promise<number>;

/** The sub-commands: synopsis, one-line summary and the module that runs it. */
const COMMANDS: Record<string, { synopsis: string; summary: string; load: () => Promise<Run> }> = {
  ingest: {
    synopsis: 'ingest FILE... [--lang L] [--charter C] [--timeout S]',
    summary: 'upload editions, wait for the pipeline to align them',
    load: async () => (await import('./commands/ingest.ts')).run,
  },
  query: {
    synopsis: 'query CLAUSE_ID [--charter C] [--lang L]',
    summary: 'one clause in every stored language',
    load: async () => (await import('./commands/query.ts')).run,
  },
  edition: {
    synopsis: 'edition LANG [--charter C]',
    summary: 'a stored edition in canonical order',
    load: async () => (await import('./commands/edition.ts')).run,
  },
  review: {
    synopsis: 'review list|show|accept|dismiss|correct|reopen ...',
    summary: 'the review queue and decisions',
    load: async () => (await import('./commands/review.ts')).run,
  },
  export: {
    synopsis: 'export [--charter C] [--format tmx|csv|json] [--out FILE] [--bom]',
    summary: 'the aligned clauses, every language',
    load: async () => (await import('./commands/export.ts')).run,
  },
  import: {
    synopsis: 'import FILE.tmx [--charter C] [--by WHO] [--dry-run]',
    summary: 'reviewed clause texts from a TMX translation memory',
    load: async () => (await import('./commands/import.ts')).run,
  },
  serve: {
    synopsis: 'serve [--port N] [--host H] [--quiet]',
    summary: 'the HTTP API and the review page on the local store',
    load: async () => (await import('./commands/serve.ts')).run,
  },
  reset: {
    synopsis: 'reset [--yes]',
    summary: 'delete the local store (asks first)',
    load: async () => (await import('./commands/reset.ts')).run,
  },
  clean: {
    synopsis: 'clean FILE [--lang L]',
    summary: "clean an OCR'd edition, print the text",
    load: async () => (await import('./commands/clean.ts')).run,
  },
  align: {
    synopsis: 'align FILE [--lang L] [--charter C] [--references other|none]',
    summary: 'align an edition to clause ids without storing it',
    load: async () => (await import('./commands/align.ts')).run,
  },
  stack: {
    synopsis: 'stack [--refresh]',
    summary: 'the deployed stack CHARTER_STACK=aws uses: region, outputs',
    load: async () => (await import('./commands/stack.ts')).run,
  },
  warm: {
    synopsis: 'warm',
    summary: 'fill the dictionary and CLI caches (run after install)',
    load: async () => (await import('./commands/warm.ts')).run,
  },
  demo: {
    synopsis: 'demo [--once] [--port N] [--charter C]',
    summary: 'the main job on the embedded local stack (npm start)',
    load: async () => (await import('./commands/demo.ts')).run,
  },
};

/** The root program; `run` receives the chosen command and its arguments, untouched. */
function program(run: (name: string, argv: string[]) => Promise<void>): Command {
  const root = new Command('charter')
    .description(
      'Clean OCR editions of a charter, align them to its clause ids, store them and review divergences.\n' +
        'Every command takes --help and --json (errors too: {"error", "exitCode"} on stdout).',
    )
    .usage('<command> [options]')
    .version(VERSION, '-V, --version', 'print the version')
    .helpCommand(false)
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
    })
    .showHelpAfterError('(charter --help lists the commands)')
    .configureHelp({ subcommandTerm: (command) => COMMANDS[command.name()]?.synopsis ?? command.name() })
    .addHelpText(
      'after',
      '\nExit codes: 0 done, 1 failed, 2 usage error, 3 not found (charter, clause, edition, language),\n' +
        '4 the data folder is held by another process.',
    );
  for (const [name, spec] of Object.entries(COMMANDS)) {
    root
      .command(name)
      .usage(spec.synopsis.slice(name.length + 1) || '[options]')
      .summary(spec.summary)
      .description(`${spec.summary} (charter ${name} --help for its options)`)
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      .passThroughOptions()
      .argument('[arguments...]')
      .action(async (argv: string[]) => run(name, argv));
  }
  return root;
}

/** Runs `charter argv`; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  let name = '';
  const root = program(async (chosen, rest) => {
    name = chosen;
    code = await (await COMMANDS[chosen]!.load())(rest);
  });
  if (argv.length === 0) {
    root.outputHelp({ error: true });
    return EXIT.usage;
  }
  try {
    await root.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
      if (argv.includes('--json')) {
        process.stdout.write(
          `${JSON.stringify({ error: error.message.replace(/^error: /, ''), exitCode: EXIT.usage })}\n`,
        );
      }
      return EXIT.usage;
    }
    // A command module failed to load or threw past its own handling.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`charter ${name}: ${message.split('\n')[0]}\n`);
    if (process.env.CHARTER_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    if (argv.includes('--json'))
      process.stdout.write(`${JSON.stringify({ error: message, exitCode: EXIT.failed })}\n`);
    return EXIT.failed;
  }
}
