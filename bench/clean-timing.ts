/**
 * How long `charter clean` takes, end to end and phase by phase.
 * Run: `npx tsx bench/clean-timing.ts` (writes bench/clean-timing.md).
 *
 * End to end: `node cli/bin.mjs clean <edition>` as a real process, after one warm-up run (which
 * builds the CLI bundle and the dictionary caches), with and without `--lang`, and through tsx
 * (CHARTER_NO_BUNDLE=1) for comparison. CPU is the children's user+system time (Linux /proc).
 * Phases: one fresh process per edition, timing each step of the command on its first call.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { retext } from 'retext';
import type { Plugin } from 'unified';
import { VFile } from 'vfile';

const root = fileURLToPath(new URL('..', import.meta.url));
const edition = (lang: string) => `corpus/charters/integrating-cities/editions/${lang}.txt`;
const LANGS = ['sv', 'nb', 'da'];
const RUNS = 5;

/** User+system CPU seconds of this process's finished children (Linux only). */
function childCpu(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): { wall: number; cpu: number | undefined } {
  const cpuBefore = childCpu();
  const start = performance.now();
  const result = spawnSync('node', ['cli/bin.mjs', ...args], { cwd: root, env: { ...process.env, ...env } });
  const wall = performance.now() - start;
  if (result.status !== 0) throw new Error(`charter ${args.join(' ')} failed: ${result.stderr}`);
  const cpuAfter = childCpu();
  return {
    wall,
    cpu: cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) * 1000,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number | undefined) => (value === undefined ? 'n/a' : `${Math.round(value)}`);

function endToEnd(label: string, args: string[], env?: NodeJS.ProcessEnv): string {
  runCli(args, env);
  const runs = Array.from({ length: RUNS }, () => runCli(args, env));
  const walls = runs.map((r) => r.wall);
  const cpu = runs.every((r) => r.cpu !== undefined) ? median(runs.map((r) => r.cpu!)) : undefined;
  return `| ${label} | ${ms(Math.min(...walls))} | ${ms(median(walls))} | ${ms(cpu)} |`;
}

/** Runs in a child process: times each step of `charter clean` once, cold. */
async function phases(lang: string): Promise<Record<string, number>> {
  const times: Record<string, number> = {};
  let mark = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    times[name] = now - mark;
    mark = now;
  };
  const resources = await import('../functions/adapters/resources/index.ts');
  const { default: retextNormalise } = await import('../functions/core/text/retext-normalise/index.ts');
  const { default: retextDehyphenate } = await import('../functions/core/text/retext-dehyphenate/index.ts');
  const { default: retextFixOcr } = await import('../functions/core/text/retext-fix-ocr/index.ts');
  const { default: retextParagraphs } = await import('../functions/core/text/retext-paragraphs/index.ts');
  step('import modules (tsx)');
  const text = readFileSync(`${root}/${edition(lang)}`, 'utf8');
  const detected = (await resources.identifyTextLanguage(text)).lang;
  step("detect language (trigrams; frequency lists and the candidates' lexicons loaded)");
  if (detected !== lang) throw new Error(`detected ${detected} for ${lang}`);
  const language = await resources.loadLanguage(lang);
  step('load lexicon + settings');
  const confusions = await resources.loadConfusionModel();
  step('load confusion model');

  const timed = (name: string, plugin: Plugin<never[]>, options?: unknown): Plugin<[]> =>
    function attach(this: unknown) {
      const transform = (plugin as (this: unknown, o: unknown) => (t: unknown, f: unknown) => void).call(
        this,
        options,
      );
      return (tree: unknown, file: unknown) => {
        const start = performance.now();
        transform(tree, file);
        times[name] = performance.now() - start;
      };
    };
  const conjunctions = language.settings.conjunctions;
  const processor = retext()
    .use(timed('retext-normalise', retextNormalise as never))
    .use(timed('retext-dehyphenate', retextDehyphenate as never, { conjunctions, lexicon: language.lexicon }))
    .use(timed('retext-fix-ocr', retextFixOcr as never, { resources: language, confusions }))
    .use(timed('retext-paragraphs', retextParagraphs as never, { conjunctions }));
  const file = new VFile({ value: text });
  const start = performance.now();
  const tree = processor.parse(file);
  times['parse (retext-latin)'] = performance.now() - start;
  processor.runSync(tree, file);
  processor.stringify(tree, file);
  return times;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--phases') {
    process.stdout.write(JSON.stringify(await phases(process.argv[3]!)));
    return;
  }
  const loadBefore = loadavg()[0]!.toFixed(2);
  const rows = [
    ...LANGS.map((lang) => endToEnd(`clean ${lang}.txt`, ['clean', edition(lang)])),
    ...LANGS.map((lang) =>
      endToEnd(`clean ${lang}.txt --lang ${lang}`, ['clean', edition(lang), '--lang', lang]),
    ),
    endToEnd('clean sv.txt (tsx, no bundle)', ['clean', edition('sv')], { CHARTER_NO_BUNDLE: '1' }),
    endToEnd('startup only (charter --help)', ['--help']),
  ];
  const phaseRows = new Map<string, Record<string, number>>();
  for (const lang of LANGS) {
    const output = execFileSync('npx', ['tsx', 'bench/clean-timing.ts', '--phases', lang], {
      cwd: root,
      encoding: 'utf8',
    });
    phaseRows.set(lang, JSON.parse(output) as Record<string, number>);
  }
  const names = Object.keys(phaseRows.get(LANGS[0]!)!);
  const loadAfter = loadavg()[0]!.toFixed(2);
  const report = [
    '# `charter clean` timing',
    '',
    'Produced by `npx tsx bench/clean-timing.ts`. Target: under 1.5 s for one edition, lexicon loading',
    `included. Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; load`,
    `average ${loadBefore} before and ${loadAfter} after (other jobs share the CPUs: wall times above`,
    'the CPU times mean the process waited for a CPU).',
    '',
    `## End to end (ms, ${RUNS} runs after a warm-up)`,
    '',
    '| command | wall min | wall median | CPU median |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
    '## Phases, first call in a fresh process (ms)',
    '',
    `| phase | ${LANGS.join(' | ')} |`,
    `|---|${LANGS.map(() => '---:').join('|')}|`,
    ...names.map(
      (name) => `| ${name} | ${LANGS.map((lang) => ms(phaseRows.get(lang)![name])).join(' | ')} |`,
    ),
    '',
  ].join('\n');
  writeFileSync(`${root}/bench/clean-timing.md`, report);
  process.stdout.write(`${report}\n`);
}

await main();
