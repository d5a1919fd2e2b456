/**
 * The review page in a real browser: Debian's chromium, headless, driven by playwright-core, on `charter serve`
 * over a temporary data folder into which the three corpus editions were ingested. Filters the queue, opens a
 * clause, accepts a flag with a note from the keyboard, and reads the decision back through the API.
 * Leaves a screenshot in test/artifacts/review-page.png.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, editions, json, RunningCli, root, runCli, tempDataDir } from '../e2e/run-cli.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHARTER = 'integrating-cities';
const ARTIFACTS = join(root, 'test', 'artifacts');

interface Flag {
  id: string;
  clause: string;
  langs: string[];
  kind: string;
  status: string;
  history: Array<{ status: string; by: string; note: string }>;
}

let dataDir: string;
let serve: RunningCli;
let url: string;
let browser: Browser;
let page: Page;

/** The local user's token, as `serve` keeps it in the data folder for API clients. */
let authorization: string;

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${url}${path}`, { headers: { authorization } });
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

/** Opens a flag from the queue and waits until the clause view shows it. */
async function openFlag(id: string) {
  await page.click(`#queue-list li[data-id="${id}"]`);
  const [, clause, kind] = id.split(':');
  await page.locator('#detail h2', { hasText: `${clause} · ${kind}` }).waitFor();
}

/** The flag ids the queue shows, once the list has settled after a filter change. */
async function queueIds(): Promise<string[]> {
  await page.waitForFunction(
    () => !document.getElementById('queue-status')?.textContent?.startsWith('Loading'),
  );
  return page.$$eval('#queue-list li', (items) => items.map((li) => li.getAttribute('data-id') ?? ''));
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`no chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  dataDir = tempDataDir();
  const env = cliEnv(dataDir);
  const ingest = await runCli(
    ['ingest', ...['sv', 'nb', 'da'].map((l) => join(editions, `${l}.txt`)), '--json'],
    env,
  );
  expect(ingest.code, ingest.stderr).toBe(0);
  // The server's local user (the token's user, recorded on decisions).
  serve = new RunningCli(['serve', '--port', '0', '--json', '--quiet'], {
    ...env,
    CHARTER_REVIEWER: 'browser-test',
  });
  await serve.until((cli) => cli.stdout.includes('\n'), 60_000);
  const started = JSON.parse(serve.stdout.split('\n')[0]!) as { url: string; tokenFile: string };
  url = started.url;
  authorization = `Bearer ${readFileSync(started.tokenFile, 'utf8').trim()}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (serve) {
    serve.child.kill('SIGINT');
    await serve.exit(30_000);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the review page in chromium', { timeout: 180_000 }, () => {
  it('shows the open queue of the ingested charter', async () => {
    await page.goto(`${url}/review`);
    await page.waitForSelector('#queue-list li');
    const ids = await queueIds();
    const open = await api<{ flags: Flag[] }>('/reviews?status=open&limit=200');
    expect(ids).toEqual(open.flags.slice(0, 50).map((f) => f.id));
    expect(ids.length).toBeGreaterThan(0);
    // Another flag of the open clause opens from the clause view.
    const missing = `${CHARTER}:colophon.funding:missing-clause:da`;
    const numbers = `${CHARTER}:colophon.funding:number-mismatch:nb`;
    await openFlag(missing);
    await page.click(`#detail a[data-flag="${numbers}"]`);
    await page.locator('#detail h2', { hasText: 'number-mismatch' }).waitFor();
    expect(await page.getAttribute(`#queue-list li[data-id="${numbers}"]`, 'aria-selected')).toBe('true');
  });

  it('filters the queue by language and kind, and keeps the filters in the URL', async () => {
    await page.selectOption('#f-lang', 'da');
    const danish = await queueIds();
    expect(danish.length).toBeGreaterThan(0);
    expect(danish.every((id) => id.split(':')[3]!.split('+').includes('da'))).toBe(true);
    await page.selectOption('#f-kind', 'missing-clause');
    expect(await queueIds()).toEqual([`${CHARTER}:colophon.funding:missing-clause:da`]);
    expect(new URL(page.url()).search).toBe('?lang=da&kind=missing-clause');
  });

  it('opens a clause side by side, with the evidence of a number flag highlighted', async () => {
    await page.selectOption('#f-lang', 'nb');
    await page.selectOption('#f-kind', 'number-mismatch');
    const ids = await queueIds();
    expect(ids).toContain(`${CHARTER}:colophon.funding:number-mismatch:nb`);
    await openFlag(`${CHARTER}:colophon.funding:number-mismatch:nb`);
    const langs = await page.$$eval('#detail article', (cols) =>
      cols.map((c) => c.getAttribute('data-lang')),
    );
    expect(langs).toEqual(['nb', 'sv']);
    const marked = await page.$$eval('#detail article[data-lang="nb"] mark.evidence', (m) =>
      m.map((x) => x.textContent),
    );
    expect(marked).toEqual(expect.arrayContaining(['2007', '2013']));
    // Each column gives the stored text quality beside the alignment confidence, as the API serves it.
    const served = await api<{ languages: Record<string, { quality: number | null }> }>(
      `/charters/${CHARTER}/clauses/colophon.funding`,
    );
    const labels = await page.$$eval('#detail article', (cols) =>
      cols.map((c) => [c.getAttribute('data-lang'), c.querySelector('h3 small.quality')?.textContent]),
    );
    expect(labels).toEqual(
      ['nb', 'sv'].map((lang) => [lang, `text quality ${served.languages[lang]!.quality!.toFixed(2)}`]),
    );
    expect(await page.locator('#f-kind option[value="low-quality"]').count()).toBe(1);
    // The word diff against the closest edition marks words of the flagged column only.
    expect(await page.locator('#detail article[data-lang="nb"] .changed').count()).toBeGreaterThan(0);
    expect(await page.locator('#detail article[data-lang="sv"] .changed').count()).toBe(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'review-page-evidence.png'), fullPage: true });
  });

  it('accepts the Danish missing colophon with a note from the keyboard; the API has the decision', async () => {
    await page.selectOption('#f-lang', 'da');
    await page.selectOption('#f-kind', 'missing-clause');
    const id = `${CHARTER}:colophon.funding:missing-clause:da`;
    expect(await queueIds()).toEqual([id]);
    await page.fill('#reviewer', 'browser-test');
    await page.locator('#reviewer').blur();
    await page.keyboard.press('j');
    await page.waitForSelector('#detail article[data-lang="da"] .missing');
    await page.keyboard.press('a');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('note');
    await page.keyboard.type('The Danish print has no funding statement.');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('#decision-message.notice');
    expect(await page.textContent('#flag-status')).toBe('accepted');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'review-page.png'), fullPage: true });

    const { flag } = await api<{ flag: Flag }>(`/reviews/${encodeURIComponent(id)}`);
    expect(flag.status).toBe('accepted');
    expect(flag.history).toEqual([
      expect.objectContaining({
        status: 'accepted',
        by: 'browser-test',
        note: 'The Danish print has no funding statement.',
      }),
    ]);
    const accepted = await api<{ flags: Flag[] }>('/reviews?status=accepted');
    expect(accepted.flags.map((f) => f.id)).toEqual([id]);
    const listed = await runCli(['review', 'list', '--status', 'accepted', '--json'], cliEnv(dataDir));
    expect(json<Flag[]>(listed).map((f) => f.id)).toEqual([id]);
  });

  it('corrects a flagged clause with new text; the reviewed text is served with the clause', async () => {
    await page.selectOption('#f-lang', 'nb');
    await page.selectOption('#f-kind', '');
    const ids = await queueIds();
    const id = ids.find((candidate) => candidate.endsWith(':nb'))!;
    expect(id).toBeTruthy();
    await openFlag(id);
    await page.keyboard.press('c');
    await page.keyboard.type('Checked against the printed edition.');
    const corrected = page.locator('#corrected');
    expect(await corrected.isVisible()).toBe(true);
    const original = await corrected.inputValue();
    expect(original.length).toBeGreaterThan(0);
    await corrected.fill(`${original} (corrected)`);
    await page.click('#save');
    await page.waitForSelector('#decision-message.notice');
    const clause = id.split(':')[1]!;
    const served = await api<{ reviewed: Record<string, { text: string; by: string }> }>(
      `/charters/${CHARTER}/clauses/${encodeURIComponent(clause)}`,
    );
    expect(served.reviewed.nb).toEqual(
      expect.objectContaining({ text: `${original} (corrected)`, by: 'browser-test' }),
    );
    expect(await page.textContent('#detail article[data-lang="nb"] .reviewed p')).toBe(
      `${original} (corrected)`,
    );
  });
});
