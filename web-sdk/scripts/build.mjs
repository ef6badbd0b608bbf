// Bundles the headless module (ES module, minified) into dist/ and reports its size min+gzip.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.env.LIKENESS_SDK_DIST ?? join(root, 'dist');
mkdirSync(dist, { recursive: true });

const outfile = join(dist, 'likeness-headless.js');
await build({
  entryPoints: [join(root, 'src', 'index.js')],
  outfile,
  bundle: true,
  format: 'esm',
  minify: true,
  sourcemap: true,
  target: ['es2022'],
  legalComments: 'eof',
});
copyFileSync(join(root, 'src', 'index.d.ts'), join(dist, 'likeness-headless.d.ts'));

const bytes = readFileSync(outfile);
console.log(`likeness-headless.js: ${(bytes.length / 1024).toFixed(1)} KiB min, ${(gzipSync(bytes).length / 1024).toFixed(1)} KiB min+gzip`);
