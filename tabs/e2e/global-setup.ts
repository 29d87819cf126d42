// Before any test: dist/tabs as `npm run build:tabs` makes it, rebuilt only when missing
// or older than its sources, once for the whole run (browser test files run in parallel
// and must not each rebuild the folder the host serves).
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TABS_SRC = fileURLToPath(new URL('..', import.meta.url));
const TABS_DIR = fileURLToPath(new URL('../../dist/tabs/', import.meta.url));

/** The newest modification time under a folder (the tabs' sources), in ms. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'e2e' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

const fresh = (index: string) => existsSync(index) && statSync(index).mtimeMs >= newest(TABS_SRC);

export default async function setup(): Promise<void> {
  const index = path.join(TABS_DIR, 'index.html');
  if (fresh(index)) return;
  // Two runs at once (two terminals) must not build into the same folder together: the
  // first takes the lock (mkdir is atomic), the other waits for it, then finds it fresh.
  const lock = path.join(TABS_DIR, '..', '.tabs-build.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(lock, { recursive: true, force: true }); // left by a killed run
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    if (!fresh(index)) await buildTabs();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function buildTabs(): Promise<void> {
  const { build } = await import('vite');
  // As `npm run build:tabs` builds it: React's production build, not the test runner's NODE_ENV=test.
  const saved = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(TABS_SRC, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    if (saved === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = saved;
  }
}
