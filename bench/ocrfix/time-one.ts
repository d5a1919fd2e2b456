/** Debugging aid: CPU ms of cleaning one file (best of 3 fresh runs). `npx tsx bench/ocrfix/time-one.ts LANG FILE` */
import { readFileSync } from 'node:fs';
import { loadConfusionModel, loadLanguage } from '../../functions/adapters/resources/index.ts';
import { cleanText } from '../../functions/core/text/clean-text.ts';

const [lang, file] = process.argv.slice(2) as [string, string];
const text = readFileSync(file, 'utf8');
const resources = await loadLanguage(lang);
const confusions = await loadConfusionModel();
let best = Number.POSITIVE_INFINITY;
for (let run = 0; run < 3; run++) {
  const started = process.cpuUsage();
  await cleanText(text, { resources, confusions });
  const used = process.cpuUsage(started);
  best = Math.min(best, (used.user + used.system) / 1000);
}
console.log(`${file}: ${best.toFixed(0)} ms`);
