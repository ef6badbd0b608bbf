// Bundles the modules (ES modules, minified, with source maps) into dist/sdk, reports each size
// min+gzip against its budget, and prints the Subresource Integrity hash of each (also written to
// dist/sdk/integrity.json, which the gateway reads to serve /sdk/<version>/).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// dist/sdk is what `npm pack` ships; LIKENESS_SDK_DIST (Maven: the jar the gateway serves /sdk/ from)
// gets a copy of it, and the demo page beside it.
const dist = join(root, 'dist', 'sdk');
const servedCopy = process.env.LIKENESS_SDK_DIST;
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
// The detector's model and the WebAssembly backend, served beside the modules; never fetched from elsewhere.
// BlazeFace is the very file quality-service converts: taken from face-models' pinned npm packages
// (that module builds first), so browser and server run one model.
const modelFolder = join(root, '..', 'face-models', 'node_modules', '@vladmandic', 'human-models', 'models');
mkdirSync(join(dist, 'models'), { recursive: true });
for (const file of ['blazeface-front.json', 'blazeface-front.bin']) {
  copyFileSync(join(modelFolder, file), join(dist, 'models', file));
}
const wasmFolder = join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
mkdirSync(join(dist, 'wasm'), { recursive: true });
for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
  copyFileSync(join(wasmFolder, file), join(dist, 'wasm', file));
}
copyFileSync(join(root, 'THIRD-PARTY.md'), join(dist, 'THIRD-PARTY.md'));
// The project's licence, which the package and its bundled notices need beside them: one file at the
// repository's root, copied into the package's root (npm ships a LICENSE there) at each build.
copyFileSync(join(root, '..', 'LICENSE'), join(root, 'LICENSE'));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// Two self-contained modules: the components one also exports the whole headless API, so a page
// imports one of them, never both. Each has a budget in KiB min+gzip (what a page downloads before
// the camera starts); the build fails over it.
const modules = [
  ['likeness-headless', 'index.js', 'index.d.ts', 25],
  ['likeness-components', 'components.js', 'components.d.ts', 40],
  // loaded on demand by the two above, from beside them, once the page asks for client filters
  ['likeness-face-detector', 'face-detector.js', undefined, undefined],
];
const overBudget = [];
const integrity = {};
for (const [name, entry, types, budgetKiB] of modules) {
  const outfile = join(dist, `${name}.js`);
  await build({
    entryPoints: [join(root, 'src', entry)],
    outfile,
    bundle: true,
    format: 'esm',
    minify: true,
    sourcemap: true,
    target: ['es2022'],
    legalComments: 'eof',
  });
  if (types) {
    copyFileSync(join(root, 'src', types), join(dist, `${name}.d.ts`));
  }
  const bytes = readFileSync(outfile);
  const gzipKiB = gzipSync(bytes).length / 1024;
  const budget = budgetKiB ? ` (budget ${budgetKiB} KiB)` : ' (on demand)';
  console.log(`${name}.js: ${(bytes.length / 1024).toFixed(1)} KiB min, ${gzipKiB.toFixed(1)} KiB min+gzip${budget}`);
  if (budgetKiB && gzipKiB > budgetKiB) {
    overBudget.push(`${name}.js is ${gzipKiB.toFixed(1)} KiB min+gzip, over its ${budgetKiB} KiB budget`);
  }
  integrity[`${name}.js`] = `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}
writeFileSync(join(dist, 'integrity.json'), `${JSON.stringify({ version, integrity }, null, 2)}\n`);
console.log(`Subresource Integrity, for <script type="module" src=".../sdk/${version}/<file>" integrity="...">:`);
for (const [file, hash] of Object.entries(integrity)) {
  console.log(`  ${file}: ${hash}`);
}
// The declarations: each module's, the JSX and Vue typings, and the generated error-code union they share.
for (const [from, to] of [['react.d.ts', 'likeness-react.d.ts'], ['vue.d.ts', 'likeness-vue.d.ts'],
  ['generated/keyless-error-code.d.ts', 'keyless-error-code.d.ts']]) {
  copyFileSync(join(root, 'src', from), join(dist, to));
}
if (overBudget.length > 0) {
  console.error(overBudget.join('\n'));
  process.exit(1);
}
// The demo page goes only where the gateway serves it from, at /demo/ beside /sdk/: the package does not ship it.
if (servedCopy) {
  rmSync(servedCopy, { recursive: true, force: true });
  cpSync(dist, servedCopy, { recursive: true });
  cpSync(join(root, 'demo'), join(servedCopy, '..', 'demo'), { recursive: true });
}
