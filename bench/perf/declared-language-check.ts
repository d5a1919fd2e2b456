/**
 * Checks the declared-language gate's cheap path (`readsAsDeclared`) against the full identification it lets
 * the ingest skip: every text is declared in every supported language, and the gate's verdict with the cheap
 * path (functions/handlers/process-edition.ts `declaredLanguageProblem`) must equal the verdict of the full
 * identification alone. Texts: the corpus editions, the held-out OCR editions (bench/holdout, not blind), the
 * dev matrix pages, and UDHR paragraphs of 200+ characters of the supported and unsupported languages of the
 * language-detection bench (clean and with simulated OCR damage). Reports disagreements (must be 0) and how
 * often the cheap path decides for a text declared in its own language.
 *
 *   npx tsx bench/perf/declared-language-check.ts [--paragraphs N]
 */
import { SUPPORTED, UNSUPPORTED } from '../udhr-languages.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  identifyTextLanguage,
  knownLanguages,
  loadFrequencyLists,
  loadLanguage,
  loadLanguageFile,
} from '../../functions/adapters/resources/index.ts';
import { languageMismatchReason } from '../../functions/core/editions/text-gate.ts';
import { lexiconShare } from '../../functions/core/text/detect-language/lexicon-share.ts';
import { readsAsDeclared } from '../../functions/core/text/detect-language/reads-as-declared.ts';
import { declaredLanguageProblem, sampleWords } from '../../functions/handlers/process-edition.ts';
import { englishModelDamage, nativeModelDamage, udhrParagraphs } from '../udhr-text.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const arg = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
/** UDHR paragraphs per language and condition (every k-th, spread over the declaration). */
const PARAGRAPHS = Number(arg('--paragraphs') ?? 6);

/** A text, its language when known (null: unsupported or unknown) and where it comes from. */
interface Sample {
  name: string;
  lang: string | null;
  text: string;
}

function fileSamples(): Sample[] {
  const samples: Sample[] = [];
  for (const lang of ['sv', 'nb', 'da']) {
    const file = `corpus/charters/integrating-cities/editions/${lang}.txt`;
    samples.push({ name: file, lang, text: readFileSync(join(root, file), 'utf8') });
  }
  for (const name of readdirSync(join(root, 'bench/holdout')).filter((n) => n.endsWith('.txt'))) {
    samples.push({
      name: `holdout/${name}`,
      lang: name.slice(0, 2),
      text: readFileSync(join(root, 'bench/holdout', name), 'utf8'),
    });
  }
  const dev = join(root, 'bench/matrix/dev');
  for (const condition of readdirSync(dev).sort()) {
    for (const name of readdirSync(join(dev, condition))
      .filter((n) => n.endsWith('.txt'))
      .sort()) {
      const lang = /^(?:integrating-cities|udhr)-([a-z]{2})-/.exec(name)?.[1] ?? null;
      samples.push({
        name: `dev/${condition}/${name}`,
        lang,
        text: readFileSync(join(dev, condition, name), 'utf8'),
      });
    }
  }
  return samples;
}

function paragraphSamples(): Sample[] {
  const samples: Sample[] = [];
  const languages: Array<[string | null, string]> = [
    ...SUPPORTED,
    ...UNSUPPORTED.map(([, code]): [null, string] => [null, code]),
  ];
  for (const [lang, code] of languages) {
    const paragraphs = udhrParagraphs(code, 200);
    const step = Math.max(1, Math.floor(paragraphs.length / PARAGRAPHS));
    paragraphs.forEach((paragraph, i) => {
      if (i % step !== 0 || i / step >= PARAGRAPHS) return;
      for (const [condition, text] of [
        ['clean', paragraph],
        ['english-model', englishModelDamage(paragraph, i + 1)],
        ['native-model', nativeModelDamage(paragraph, i + 1)],
      ] as const) {
        samples.push({ name: `udhr ${code} #${i} ${condition}`, lang, text });
      }
    });
  }
  return samples;
}

const langs = await knownLanguages();
const resources = new Map(await Promise.all(langs.map(async (l) => [l, await loadLanguage(l)] as const)));
const iso = new Map(
  await Promise.all(langs.map(async (l) => [l, (await loadLanguageFile(l)).iso6393] as const)),
);
const lists = await loadFrequencyLists();
const samples = [...fileSamples(), ...paragraphSamples()];
let cheapTaken = 0;
let pairs = 0;
let disagreements = 0;
let rejected = 0;
/** Per source (corpus, holdout, dev, udhr): texts declared in their own language, and those the cheap path took. */
const own = new Map<string, { texts: number; cheap: number }>();
const started = process.cpuUsage();
for (const sample of samples) {
  const verdict = await identifyTextLanguage(sample.text);
  const words = sampleWords(sample.text);
  for (const declared of langs) {
    const lexicon = resources.get(declared)!;
    const share = words.length ? lexiconShare(lexicon.lexicon, words).folded : null;
    const full = languageMismatchReason(declared, verdict, share, sample.name);
    const gated = await declaredLanguageProblem(sample.text, declared, lexicon, sample.name);
    pairs++;
    if (full) rejected++;
    if (full !== gated) {
      disagreements++;
      console.log(`DISAGREE ${sample.name} declared ${declared}: full ${full} | cheap path ${gated}`);
    }
    const cheap =
      share !== null &&
      (await readsAsDeclared(sample.text, { lang: declared, iso6393: iso.get(declared)!, share }, lists));
    if (cheap) cheapTaken++;
    if (cheap && full) console.log(`CHEAP PATH ACCEPTS ${sample.name} declared ${declared}: ${full}`);
    if (declared === sample.lang) {
      const source = sample.name.split(/[/ ]/)[0]!;
      const tally = own.get(source) ?? { texts: 0, cheap: 0 };
      tally.texts++;
      if (cheap) tally.cheap++;
      own.set(source, tally);
    }
  }
}
const cpu = process.cpuUsage(started);
console.log(
  `${samples.length} texts x ${langs.length} declared languages = ${pairs} pairs; ${rejected} rejected by the full identification; ${disagreements} disagreements`,
);
console.log(
  `cheap path taken for ${cheapTaken} pairs; texts declared in their own language, cheap path taken:`,
);
for (const [source, tally] of own) console.log(`  ${source}: ${tally.cheap} of ${tally.texts}`);
console.log(`CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms`);
