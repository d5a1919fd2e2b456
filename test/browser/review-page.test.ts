/**
 * The review page in a real browser: Debian's chromium, headless, driven by playwright-core, on `charter serve`
 * over a temporary data folder into which the three corpus editions were ingested. The queue grouped by
 * finding, the evidence highlighted in every language, decisions by keyboard at 1280 and 390 px with the page
 * moving on, a correction shown against its OCR text and then served by the API, the CLI and the exports (and
 * kept over a re-ingest of the same text), a dismiss-all, and axe-core on the queue and an open flag.
 * Screenshots go to test/artifacts/.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, editions, json, RunningCli, root, runCli, tempDataDir } from '../e2e/run-cli.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHARTER = 'integrating-cities';
const ARTIFACTS = join(root, 'test', 'artifacts');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface Flag {
  id: string;
  clause: string;
  langs: string[];
  kind: string;
  status: string;
  history: Array<{ status: string; by: string; note: string }>;
}

let dataDir: string;
let env: NodeJS.ProcessEnv;
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

async function text(path: string): Promise<string> {
  const response = await fetch(`${url}${path}`, { headers: { authorization } });
  expect(response.status, path).toBe(200);
  return response.text();
}

/** The queue's items (first flag id and number of places), once it has settled. */
async function queueItems(): Promise<Array<{ id: string; places: number }>> {
  await page.waitForFunction(
    () => !document.getElementById('queue-status')?.textContent?.startsWith('Loading'),
  );
  return page.$$eval('#queue-list li', (items) =>
    items.map((li) => ({
      id: li.getAttribute('data-id') ?? '',
      places: Number(li.getAttribute('data-places')),
    })),
  );
}

/** Serious and critical accessibility violations axe-core finds on the page as it is. */
async function axeViolations(): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe-core is injected as a global.
    const axe = (window as any).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return (results.violations as Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>)
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Decides the open flag from the keyboard: the key, a note, Ctrl+Enter; waits for the page to move on. */
async function decideByKeyboard(key: 'a' | 'd', note: string): Promise<string> {
  const before = await page.getAttribute('#detail', 'data-flag');
  await page.evaluate(() => {
    document.getElementById('page-status')!.textContent = '';
  });
  await page.keyboard.press(key);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('note');
  await page.keyboard.type(note);
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(
    (flag) =>
      Boolean(document.getElementById('page-status')?.textContent) &&
      document.getElementById('detail')?.dataset.flag !== flag,
    before,
  );
  // The next flag has the focus: the next decision is one key away.
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('detail-title');
  return before ?? '';
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`no chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  dataDir = tempDataDir();
  env = cliEnv(dataDir);
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
  // axe-core is injected as a script, which the page's Content-Security-Policy would rightly refuse.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  page = await context.newPage();
  mkdirSync(ARTIFACTS, { recursive: true });
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
  it('groups the open flags by finding, the funding colophon and statements first, each item a button', async () => {
    await page.goto(`${url}/review`);
    await page.waitForSelector('#queue-list li');
    const items = await queueItems();
    const open = await api<{ flags: Flag[] }>('/reviews?status=open&limit=200');
    expect(items.reduce((n, item) => n + item.places, 0)).toBe(open.flags.length);
    expect(items.length).toBeLessThanOrEqual(6);
    expect(items.slice(0, 3).map((item) => item.id.split(':').slice(1, 3).join(':'))).toEqual([
      'colophon.funding:missing-clause',
      'colophon.funding:number-mismatch',
      'colophon.funding:name-mismatch',
    ]);
    // Every item is reachable with Tab.
    await page.focus('#reviewer');
    const reached = new Set<string>();
    for (let i = 0; i < 20 && reached.size < items.length; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() =>
        document.activeElement?.closest('#queue-list li')?.getAttribute('data-id'),
      );
      if (id) reached.add(id);
    }
    expect(reached.size).toBe(items.length);
    await page.waitForSelector('#detail h2');
    expect(await axeViolations()).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'review-queue-1280.png'), fullPage: true });
  });

  it('highlights the evidence in every language and diffs no two languages', async () => {
    const items = await queueItems();
    const numbers = items.findIndex((item) => item.id.includes(':colophon.funding:number-mismatch:'));
    await page.click(`#queue-list li:nth-child(${numbers + 1}) button`);
    await page.locator('#detail h2', { hasText: 'colophon.funding · number-mismatch' }).waitFor();
    const langs = await page.$$eval('#detail article', (cols) =>
      cols.map((c) => c.getAttribute('data-lang')),
    );
    expect(langs.slice(0, 1)).toEqual(['nb']);
    const marked = await page.$$eval('#detail article[data-lang="nb"] mark.evidence', (m) =>
      m.map((x) => x.textContent),
    );
    expect(marked).toEqual(expect.arrayContaining(['2007', '2013']));
    // The two places of this finding (nb has the years, sv lacks them) are one item.
    expect(await page.$$eval('#detail .places button', (b) => b.map((x) => x.textContent))).toEqual([
      'colophon.funding (nb)',
      'colophon.funding (sv)',
    ]);
    expect(await page.locator('#detail .changed, #detail del, #detail ins').count()).toBe(0);
    // Each decision is explained in one line.
    const meanings = await page.$$eval('#detail .meanings li', (li) => li.map((x) => x.textContent ?? ''));
    expect(meanings[0]).toMatch(/^Accept: the editions really differ/);
    expect(await axeViolations()).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'review-flag-1280.png'), fullPage: true });
    // At 1024 x 768 the flagged column starts above the fold.
    await page.setViewportSize({ width: 1024, height: 768 });
    const top = await page.$eval('#detail article.flagged', (a) => a.getBoundingClientRect().top);
    expect(top).toBeLessThan(768 - 100);
    await page.screenshot({ path: join(ARTIFACTS, 'review-flag-1024.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('decides three flags by keyboard at 1280 px, moving on after each', async () => {
    await page.fill('#reviewer', 'browser-test');
    await page.click(`#queue-list li:nth-child(1) button`);
    await page.locator('#detail h2', { hasText: 'colophon.funding · missing-clause' }).waitFor();
    await page.locator('#detail h2').focus();
    const decided = [
      await decideByKeyboard('a', 'The Danish print has no funding statement.'),
      await decideByKeyboard('a', 'nb names the years of its programme; sv does not.'),
      await decideByKeyboard('a', 'The editions name different funding programmes.'),
    ];
    expect(decided[0]).toBe(`${CHARTER}:colophon.funding:missing-clause:da`);
    expect(new Set(decided).size).toBe(3);
    const accepted = await api<{ flags: Flag[] }>('/reviews?status=accepted&limit=200');
    expect(accepted.flags.map((f) => f.id).sort()).toEqual([...decided].sort());
    expect(accepted.flags.every((f) => f.history.at(-1)?.by === 'browser-test')).toBe(true);
    const listed = await runCli(['review', 'list', '--status', 'accepted', '--json'], env);
    expect(json<Flag[]>(listed)).toHaveLength(3);
  });

  it('works at 390 px: the flag as wide as the screen, decided by keyboard', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${url}/review`);
    await page.waitForSelector('#detail h2');
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      detail: document.getElementById('detail')!.getBoundingClientRect().width,
      column: document.querySelector('#detail article')!.getBoundingClientRect().width,
    }));
    expect(widths.page).toBeLessThanOrEqual(390);
    expect(widths.detail).toBeGreaterThan(350);
    expect(widths.column).toBeGreaterThan(300);
    expect(await axeViolations()).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'review-queue-390.png'), fullPage: true });
    await page.fill('#reviewer', 'browser-test');
    await page.locator('#detail h2').focus();
    const dismissed = [
      await decideByKeyboard('d', 'Checked on a phone: not a divergence (test 1).'),
      await decideByKeyboard('d', 'Checked on a phone: not a divergence (test 2).'),
      await decideByKeyboard('d', 'Checked on a phone: not a divergence (test 3).'),
    ];
    expect(new Set(dismissed).size).toBe(3);
    for (const id of dismissed) {
      expect((await api<{ flag: Flag }>(`/reviews/${encodeURIComponent(id)}`)).flag.status).toBe('dismissed');
    }
    await page.screenshot({ path: join(ARTIFACTS, 'review-flag-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('dismisses every place of a finding at once', async () => {
    await page.goto(`${url}/review`);
    const items = await queueItems();
    const many = items.findIndex((item) => item.places > 1);
    expect(many).toBeGreaterThanOrEqual(0);
    await page.click(`#queue-list li:nth-child(${many + 1}) button`);
    await page.waitForSelector('#dismiss-all');
    const ids = await page.$$eval('#detail .places button', (b) =>
      b.map((x) => x.getAttribute('data-flag') ?? ''),
    );
    await page.fill('#reviewer', 'browser-test');
    await page.fill('#note', 'English titles kept in the translations.');
    await page.click('#dismiss-all');
    await page.waitForSelector('#page-status.notice');
    expect((await queueItems()).length).toBe(items.length - 1);
    for (const id of ids) {
      const { flag } = await api<{ flag: Flag }>(`/reviews/${encodeURIComponent(id)}`);
      expect(flag.status === 'dismissed' || flag.status !== 'open').toBe(true);
    }
  });

  it('shows a correction against its OCR text; the API, the CLI and the exports serve it, also after a re-ingest', async () => {
    await page.selectOption('#f-status', '');
    await page.selectOption('#f-lang', 'sv');
    await page.selectOption('#f-kind', 'name-mismatch');
    const items = await queueItems();
    await page.click(`#queue-list li:nth-child(${items.length}) button`);
    const [, clause] = (
      (await page.getAttribute('#detail .places button[aria-current="true"]', 'data-flag')) ??
      items.at(-1)!.id
    ).split(':');
    await page.waitForSelector('#detail h2');
    await page.locator('#detail h2').focus();
    await page.keyboard.press('c');
    await page.keyboard.type('Checked against the printed edition.');
    const corrected = page.locator('#corrected');
    expect(await corrected.isVisible()).toBe(true);
    const ocr = await corrected.inputValue();
    expect(ocr.length).toBeGreaterThan(0);
    const fixed = `${ocr} (rättad)`;
    await corrected.fill(fixed);
    expect(await page.textContent('#correction-diff ins')).toBe(' (rättad)');
    await page.screenshot({ path: join(ARTIFACTS, 'review-correction-1280.png'), fullPage: true });
    const flagId = await page.getAttribute('#detail', 'data-flag');
    await page.evaluate(() => {
      document.getElementById('page-status')!.textContent = '';
    });
    await page.click('#save');
    await page.waitForFunction(
      () =>
        document.getElementById('page-status')?.textContent ||
        document.getElementById('decision-message')?.classList.contains('error'),
    );
    expect(await page.textContent('#decision-message')).toBe('');
    expect(flagId?.split(':')[1]).toBe(clause);

    const served = await api<{
      languages: Record<string, { text: string; status: string; reviewed?: { ocrText: string } }>;
    }>(`/charters/${CHARTER}/clauses/${encodeURIComponent(clause!)}`);
    expect(served.languages.sv).toMatchObject({
      text: fixed,
      status: 'reviewed',
      reviewed: { ocrText: ocr },
    });
    const query = json<{ languages: Record<string, { text: string; status: string }> }>(
      await runCli(['query', clause!, '--lang', 'sv', '--json'], env),
    );
    expect(query.languages.sv).toMatchObject({ text: fixed, status: 'reviewed' });
    const edition = json<{ clauses: Array<{ id: string; text: string }> }>(
      await runCli(['edition', 'sv', '--json'], env),
    );
    expect(edition.clauses.find((c) => c.id === clause)?.text).toBe(fixed);
    // CSV doubles the quotes the clause holds: look for the end of the correction and its reviewer.
    const csv = await text(`/charters/${CHARTER}/export?format=csv`);
    expect(csv).toContain('tredje land. (rättad)');
    expect(csv).toMatch(/,browser-test,/);
    expect(await text(`/charters/${CHARTER}/export?format=tmx`)).toContain(
      '<prop type="x-reviewed-by">browser-test</prop>',
    );

    // A new upload of the same text: the clause reads the same, the correction stays the record.
    const again = join(dataDir, 'sv-again.txt');
    copyFileSync(join(editions, 'sv.txt'), again);
    writeFileSync(again, `${readFileSync(again, 'utf8')}\n`);
    const reingest = await runCli(['ingest', again, '--lang', 'sv', '--json'], env);
    expect(reingest.code, reingest.stderr).toBe(0);
    const after = json<{ languages: Record<string, { text: string; status: string }> }>(
      await runCli(['query', clause!, '--lang', 'sv', '--json'], env),
    );
    expect(after.languages.sv).toMatchObject({ text: fixed, status: 'reviewed' });
    // The page shows the reviewed text with its diff against the OCR text.
    await page.goto(`${url}/review?status=all&lang=sv&kind=name-mismatch`);
    await page.waitForSelector('#detail h2');
    await page.screenshot({ path: join(ARTIFACTS, 'review-after-correction-1280.png'), fullPage: true });
  });

  it('promotes a held-back candidate from its flag', async () => {
    // The Danish edition's first third: held back by the quality gate, with a held-back-candidate flag.
    const part = join(dataDir, 'da-part.txt');
    const danish = readFileSync(join(editions, 'da.txt'), 'utf8');
    writeFileSync(part, danish.slice(0, Math.floor(danish.length / 3)));
    const held = await runCli(['ingest', part, '--lang', 'da', '--json'], env);
    expect(held.stdout, held.stderr).toMatch(/"status": "candidate"/);
    await page.goto(`${url}/review?status=open&kind=held-back-candidate`);
    await page.waitForSelector('#promote');
    expect(await axeViolations()).toEqual([]);
    const flagId = await page.getAttribute('#detail', 'data-flag');
    await page.click('#promote');
    await page.waitForFunction(() =>
      document.getElementById('page-status')?.textContent?.startsWith('Promoted'),
    );
    const edition = await api<{ edition: { sourceKey: string; restoredFrom?: number } }>(
      `/charters/${CHARTER}/editions/da`,
    );
    expect(edition.edition.sourceKey).toMatch(/da-part\.txt$/);
    const { flag } = await api<{ flag: Flag }>(`/reviews/${encodeURIComponent(flagId!)}`);
    expect(flag.status).toBe('resolved');
    expect(flag.history.at(-1)?.note).toMatch(
      /^promoted: da version \d+ is candidate version \d+ made current/,
    );
  });
});
