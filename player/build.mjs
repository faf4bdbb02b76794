// Bundles the browser player (TypeScript, no framework) into player/dist: one script for ES2017
// browsers (Chromium kiosks, Android WebView, smart-TV browsers) and the page that loads it.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'src', 'main.ts')],
  bundle: true,
  minify: true,
  sourcemap: true,
  target: 'es2017',
  format: 'iife',
  outfile: join(out, 'player.js'),
  logLevel: 'warning',
  // @loa/protocol resolves to its TypeScript source: the player ships only what it uses
  alias: { '@loa/protocol': join(here, '..', 'libs', 'protocol', 'src', 'index.ts') },
});
await build({
  entryPoints: [join(here, 'src', 'sw.ts')],
  bundle: true,
  minify: true,
  target: 'es2017',
  format: 'iife',
  outfile: join(out, 'sw.js'),
  logLevel: 'warning',
});
copyFileSync(join(here, 'src', 'index.html'), join(out, 'index.html'));
