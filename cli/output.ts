/**
 * Terminal output: colours only on a TTY and never with NO_COLOR (or with FORCE_COLOR to force them),
 * progress on stderr (one rewritten line on a TTY, plain lines otherwise), JSON on stdout.
 */
import type { WriteStream } from 'node:tty';

type Stream = NodeJS.WritableStream & Partial<Pick<WriteStream, 'isTTY' | 'columns'>>;

/** Whether `stream` gets ANSI colours. */
export function colourEnabled(
  stream: Stream,
  env: Record<string, string | undefined> = process.env,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

/** ANSI styles, or identity functions when colours are off. */
export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

/** The styles to use: real ones when `enabled`. */
export function paint(enabled: boolean): Paint {
  const wrap = (open: number, close: number) => (text: string) =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}

/** Colours a confidence by the calibrated bands of the aligner (>= 0.95, >= 0.5, below). */
export function confidenceColour(p: Paint, confidence: number): (text: string) => string {
  if (confidence >= 0.95) return p.green;
  if (confidence >= 0.5) return p.yellow;
  return p.red;
}

/** Colours a text quality: green from 0.95, yellow from 0.8 (the low-quality flag's default limit), red below. */
export function qualityColour(p: Paint, quality: number): (text: string) => string {
  if (quality >= 0.95) return p.green;
  if (quality >= 0.8) return p.yellow;
  return p.red;
}

/**
 * A text quality as printed: `q0.97`, coloured by {@link qualityColour}; `q--` when unknown (the language has no
 * lexicon, or the clause was stored before quality was measured).
 */
export function formatQuality(p: Paint, quality: number | null | undefined): string {
  if (typeof quality !== 'number') return p.dim('q--');
  return qualityColour(p, quality)(`q${quality.toFixed(2)}`);
}

/** Visible width of a string without its ANSI codes. */
export function visibleWidth(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape codes
  return [...text.replace(/\u001b\[[0-9;]*m/g, '')].length;
}

/** Left-aligned columns, padded to the widest cell; `right` lists columns aligned right. */
export function formatTable(rows: string[][], right: ReadonlySet<number> = new Set()): string {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, visibleWidth(cell));
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => {
          const pad = ' '.repeat(widths[i]! - visibleWidth(cell));
          return right.has(i) ? pad + cell : i === row.length - 1 ? cell : cell + pad;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Progress of multi-item work on stderr: a bar rewritten in place on a TTY, one line per step otherwise. */
export class Progress {
  private done = 0;
  private readonly tty: boolean;
  private lastLine = '';

  constructor(
    private readonly total: number,
    private readonly label: string,
    private readonly stream: Stream = process.stderr,
    private readonly quiet = false,
  ) {
    this.tty = Boolean(stream.isTTY) && process.env.TERM !== 'dumb';
  }

  /** Shows what is being worked on now without counting it done. */
  status(text: string): void {
    if (this.quiet) return;
    if (this.tty) this.draw(text);
    else this.stream.write(`${this.label}: ${text}\n`);
  }

  /** Counts one item done and says how it went. */
  step(text: string): void {
    this.done++;
    if (this.quiet) return;
    if (this.tty) {
      this.clear();
      this.stream.write(`${this.prefix()} ${text}\n`);
      if (this.done < this.total) this.draw('');
    } else {
      this.stream.write(`${this.prefix()} ${text}\n`);
    }
  }

  /** Removes the bar (TTY) before other output. */
  end(): void {
    if (this.tty) this.clear();
  }

  private prefix(): string {
    const digits = String(this.total).length;
    return `[${String(this.done).padStart(digits)}/${this.total}]`;
  }

  private draw(text: string): void {
    const width = 20;
    const filled = this.total ? Math.round((this.done / this.total) * width) : width;
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    const columns = this.stream.columns ?? 80;
    const line = `${this.label} [${bar}] ${this.done}/${this.total} ${text}`.slice(0, columns - 1);
    this.clear();
    this.stream.write(line);
    this.lastLine = line;
  }

  private clear(): void {
    if (this.lastLine) this.stream.write(`\r${' '.repeat(visibleWidth(this.lastLine))}\r`);
    this.lastLine = '';
  }
}
