/**
 * Debugging aid: the word errors left on one held-out page, as `printed | raw OCR | cleaned` rows.
 * Run: `npx tsx bench/ocrfix/diff.ts bench/ocrfix/pages/<page>.txt`.
 */
import { readFile } from 'node:fs/promises';
import { loadConfusionModel, loadLanguage } from '../../functions/adapters/resources/index.ts';
import { cleanText } from '../../functions/core/text/clean-text.ts';
import { tokens } from './tokens.ts';

function ops(a: string[], b: string[]): [string, string][] {
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  const cost = new Uint32Array((n + 1) * w);
  for (let j = 0; j <= m; j++) cost[j] = j;
  for (let i = 1; i <= n; i++) {
    cost[i * w] = i;
    for (let j = 1; j <= m; j++) {
      const same = a[i - 1] === b[j - 1] ? 0 : 1;
      cost[i * w + j] = Math.min(
        cost[(i - 1) * w + j - 1]! + same,
        cost[(i - 1) * w + j]! + 1,
        cost[i * w + j - 1]! + 1,
      );
    }
  }
  const out: [string, string][] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = cost[i * w + j]!;
    if (i > 0 && j > 0 && here === cost[(i - 1) * w + j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)) {
      out.push([a[i - 1]!, b[j - 1]!]);
      i--;
      j--;
    } else if (i > 0 && here === cost[(i - 1) * w + j]! + 1) {
      out.push([a[i - 1]!, '']);
      i--;
    } else {
      out.push(['', b[j - 1]!]);
      j--;
    }
  }
  return out.reverse();
}

const path = process.argv[2]!;
const [source, lang] = path.split('/').pop()!.split('.') as [string, string];
const raw = await readFile(path, 'utf8');
const gold = await readFile(path.replace(/[^/]+$/u, `${source}.${lang}.gold.txt`), 'utf8');
const cleaned = await cleanText(raw, {
  resources: await loadLanguage(lang),
  confusions: await loadConfusionModel(),
});
const rawOps = ops(tokens(gold), tokens(raw));
const cleanOps = ops(tokens(gold), tokens(cleaned.text));
// Index raw tokens by gold position.
/** The hypothesis tokens aligned with each printed token (insertions go with the token before). */
function byGold(pairs: [string, string][]): string[][] {
  const out: string[][] = [];
  let g = -1;
  for (const [a, b] of pairs) {
    if (a !== '') g++;
    const at = Math.max(0, g);
    out[at] = [...(out[at] ?? []), b];
  }
  return out;
}
const rawByGold = byGold(rawOps);
const cleanByGold = byGold(cleanOps);
const goldTokens = tokens(gold);
for (let i = 0; i < goldTokens.length; i++) {
  const r = (rawByGold[i] ?? []).join(' ');
  const c = (cleanByGold[i] ?? []).join(' ');
  if (r !== goldTokens[i] || c !== goldTokens[i]) {
    const mark = c === goldTokens[i] ? 'FIXED' : r === goldTokens[i] ? 'HARM ' : c === r ? 'left ' : 'wrong';
    console.log(`${mark} ${goldTokens[i]} | ${r} | ${c}`);
  }
}
if (process.argv.includes('--changes')) {
  for (const change of cleaned.changes) console.log(change.ruleId, change.actual, '->', change.expected);
}
