/**
 * The real tools the matrix prints and reads pages with: Chromium (headless print to PDF), poppler's
 * pdftoppm/pdftotext/pdfinfo, ImageMagick for scan damage and Tesseract 5. Every heavy call runs under
 * `nice -n 10` with one OCR thread, one at a time.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('nice', ['-n', '10', command, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
}

/** Prints `html` to `pdf` with headless Chromium (no browser header or footer). */
export function printPdf(html: string, htmlPath: string, pdf: string): void {
  writeFileSync(htmlPath, html);
  run('chromium', [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-pdf-header-footer',
    `--print-to-pdf=${pdf}`,
    `file://${htmlPath}`,
  ]);
}

/** Number of pages of a PDF. */
export function pageCount(pdf: string): number {
  const info = run('pdfinfo', [pdf]);
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? '0');
}

/** Rasterises a PDF to grey PNGs, at `dpi` or scaled to `scaleToX` pixels wide; returns the files in page order. */
export function rasterise(
  pdf: string,
  dir: string,
  prefix: string,
  size: { dpi: number } | { scaleToX: number },
): string[] {
  const sizeArgs =
    'dpi' in size ? ['-r', String(size.dpi)] : ['-scale-to-x', String(size.scaleToX), '-scale-to-y', '-1'];
  run('pdftoppm', [...sizeArgs, '-gray', '-png', pdf, join(dir, prefix)]);
  return readdirSync(dir)
    .filter((name) => name.startsWith(`${prefix}-`) && name.endsWith('.png'))
    .sort((a, b) => Number(/-(\d+)\.png$/.exec(a)?.[1]) - Number(/-(\d+)\.png$/.exec(b)?.[1]))
    .map((name) => join(dir, name));
}

/** Scan damage of a low-quality scan. */
export interface ScanDamage {
  /** Degrees of rotation. */
  skew: number;
  /** Gaussian blur sigma in pixels. */
  blur: number;
  /** Strength of the grey noise (ImageMagick -attenuate). */
  noise: number;
  /** Strength of black/white specks (impulse noise). */
  specks: number;
}

/** Applies scan damage to a PNG in place. */
export function damage(png: string, d: ScanDamage, seed: number): void {
  run('convert', [
    png,
    '-seed',
    String(seed),
    '-background',
    'white',
    '-rotate',
    d.skew.toFixed(2),
    '-blur',
    `0x${d.blur.toFixed(2)}`,
    '-attenuate',
    d.noise.toFixed(2),
    '+noise',
    'Gaussian',
    '-attenuate',
    d.specks.toFixed(2),
    '+noise',
    'Impulse',
    '-colorspace',
    'gray',
    png,
  ]);
}

/** Reads a page image with Tesseract; returns its text exactly as Tesseract prints it. */
export function ocr(png: string, model: string, psm: number): string {
  return run('tesseract', [png, '-', '-l', model, '--psm', String(psm)], { OMP_THREAD_LIMIT: '1' });
}

/** Text of a PDF by pdftotext with the given mode. */
export function pdfText(pdf: string, mode: 'default' | 'layout' | 'raw'): string {
  const args = mode === 'default' ? [] : [`-${mode}`];
  return run('pdftotext', [...args, '-enc', 'UTF-8', pdf, '-']);
}

/** The commands the generator runs, with the Debian package that provides each. */
const TOOLS: Record<string, string> = {
  chromium: 'chromium',
  pdftoppm: 'poppler-utils',
  pdftotext: 'poppler-utils',
  pdfinfo: 'poppler-utils',
  convert: 'imagemagick',
  tesseract: 'tesseract-ocr',
};

/** Throws, naming what to install, when a tool or a Tesseract model the matrix needs is missing. */
export function checkTools(models: readonly string[]): void {
  const missing = Object.keys(TOOLS).filter((tool) => {
    try {
      execFileSync('which', [tool], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  const packages = missing.map((tool) => TOOLS[tool]!);
  if (!missing.includes('tesseract')) {
    const listed = execFileSync('tesseract', ['--list-langs'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const have = new Set(listed.split('\n').map((line) => line.trim()));
    packages.push(...models.filter((m) => !have.has(m)).map((m) => `tesseract-ocr-${m}`));
  }
  if (packages.length) {
    throw new Error(
      `missing tools or OCR models; install: apt-get install ${[...new Set(packages)].join(' ')}`,
    );
  }
}
