// Fast start for the `charter` command.
//
// Through tsx, every run resolves and compiles each module over tsx's loader thread: about 0.8 s of
// CPU for `charter clean` before any work is done. This bundles the CLI once with esbuild (tsx's
// own dependency) into node_modules/.cache/charter-align/cli-<fingerprint>/ and reuses that bundle
// until a source file, the lockfile or Node changes. Each source module keeps its own
// `import.meta.url` (rewritten to the source file's URL), so paths resolved from it stay right.
// The server, Lambda-tooling and build packages stay outside the bundle and load natively. The AWS SDK is
// bundled (into the chunks that only commands opening a stack load): loaded natively it is CommonJS that
// Node parses module by module, about 0.15 s more CPU for `charter query`.
// Any failure returns undefined and the caller falls back to tsx; CHARTER_NO_BUNDLE=1 forces tsx.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SOURCE_DIRS = ['cli', 'functions'];
const SOURCE_FILE = /\.(?:[cm]?ts|[cm]?js|json)$/;
const LOCAL_ONLY_PACKAGES =
  /^(?:@aws-lambda-powertools|@aws-cdk|aws-cdk-lib|aws-cdk|constructs|aws-lambda|s3rver|dynalite|vitest|esbuild|tsx)(?:\/|$)/;

/** The CLI's `main`, from the cached bundle (built when missing), or undefined to use tsx. */
export async function loadBundledMain() {
  if (process.env.CHARTER_NO_BUNDLE) return undefined;
  try {
    const name = `cli-${fingerprint()}`;
    for (const base of cacheBases()) {
      const dir = join(base, name);
      const entry = join(dir, 'charter.mjs');
      // These sources did not bundle once: do not pay for the attempt on every run.
      if (existsSync(`${dir}.failed`)) return undefined;
      if (!existsSync(entry) && !(await buildOrMark(base, dir))) continue;
      return (await import(pathToFileURL(entry).href)).main;
    }
  } catch {
    // fall back to tsx
  }
  return undefined;
}

function cacheBases() {
  return [join(root, 'node_modules', '.cache', 'charter-align'), join(tmpdir(), 'charter-align-cache')];
}

/** Hash of every source file's path, size and mtime, the lockfile and the Node version. */
function fingerprint() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (SOURCE_FILE.test(entry.name) && !/\.test\.[cm]?ts$/.test(entry.name)) {
        const stat = statSync(path);
        hash.update(`${path}\0${stat.size}\0${stat.mtimeMs}\n`);
      }
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(root, dir));
  for (const file of ['package-lock.json', 'package.json', 'tsconfig.json']) {
    if (!existsSync(join(root, file))) continue;
    const stat = statSync(join(root, file));
    hash.update(`${file}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  hash.update(process.version);
  return hash.digest('hex').slice(0, 20);
}

async function buildOrMark(base, dir) {
  try {
    return await build(base, dir);
  } catch (error) {
    try {
      writeFileSync(`${dir}.failed`, String(error));
    } catch {
      // not writable: the next run tries again
    }
    throw error;
  }
}

/** Build the bundle into a temporary folder and move it into place; false when `base` is not writable. */
async function build(base, dir) {
  const { build: esbuild } = await import('esbuild');
  const temporary = `${dir}.${process.pid}.tmp`;
  try {
    mkdirSync(base, { recursive: true });
  } catch {
    return false;
  }
  await esbuild({
    absWorkingDir: root,
    entryPoints: { charter: join(root, 'cli', 'charter.ts') },
    outdir: temporary,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    logLevel: 'silent',
    banner: {
      js: "import { createRequire as __charterRequire } from 'node:module'; const require = __charterRequire(import.meta.url);",
    },
    plugins: [
      {
        name: 'charter-externals',
        setup(context) {
          context.onResolve({ filter: /^[^./]/ }, (args) =>
            LOCAL_ONLY_PACKAGES.test(args.path) ? { path: args.path, external: true } : undefined,
          );
        },
      },
      {
        name: 'keep-import-meta-url',
        setup(context) {
          context.onLoad({ filter: /\.[cm]?ts$/ }, (args) => ({
            contents: readFileSync(args.path, 'utf8').replaceAll(
              'import.meta.url',
              JSON.stringify(pathToFileURL(args.path).href),
            ),
            loader: 'ts',
          }));
        },
      },
    ],
  });
  try {
    renameSync(temporary, dir);
  } catch {
    // another process finished first: its bundle is the same
    rmSync(temporary, { recursive: true, force: true });
  }
  // Bundles of older sources go once nothing can still be loading their chunks.
  const stale = Date.now() - 10 * 60 * 1000;
  for (const entry of readdirSync(base)) {
    const path = join(base, entry);
    if (entry.startsWith('cli-') && !path.startsWith(dir) && statSync(path).mtimeMs < stale) {
      rmSync(path, { recursive: true, force: true });
    }
  }
  return existsSync(join(dir, 'charter.mjs'));
}
