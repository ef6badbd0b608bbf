// The npm package as an integrator gets it: `npm pack` of the built SDK, installed into a fresh
// Vite project (offline: the package needs nothing else), imported by name and built.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const sdkRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('npm pack holds the entry points with their maps and types, the detector with its model and wasm, the licence, changelog and README', () => {
  assert.ok(existsSync(join(sdkRoot, 'dist', 'sdk', 'likeness-headless.js')), 'build first: npm run build');
  const [packed] = JSON.parse(npm(['pack', '--dry-run', '--json'], sdkRoot));
  const files = packed.files.map((f) => f.path).sort();
  for (const needed of ['dist/sdk/likeness-headless.js', 'dist/sdk/likeness-headless.d.ts', 'dist/sdk/likeness-components.js',
    'dist/sdk/likeness-components.d.ts', 'dist/sdk/likeness-react.d.ts', 'dist/sdk/likeness-vue.d.ts', 'dist/sdk/keyless-error-code.d.ts',
    'dist/sdk/likeness-face-detector.js', 'dist/sdk/integrity.json', 'dist/sdk/models/blazeface-front.json',
    'dist/sdk/models/blazeface-front.bin', 'dist/sdk/wasm/tfjs-backend-wasm-simd.wasm', 'dist/sdk/THIRD-PARTY.md', 'README.md',
    'CHANGELOG.md', 'LICENSE', 'package.json']) {
    assert.ok(files.includes(needed), `${needed} missing from ${files.join(', ')}`);
  }
  assert.deepEqual(files.filter((f) => f.startsWith('src/') || f.startsWith('test') || f.includes('node_modules')), []);
  // Every bundle names its source map, and the map is in the package: a debugger finds it.
  for (const bundle of files.filter((f) => f.endsWith('.js'))) {
    const named = readFileSync(join(sdkRoot, bundle), 'utf8').match(/\/\/# sourceMappingURL=(\S+)\s*$/)?.[1];
    assert.ok(named, `${bundle} names no source map`);
    assert.ok(files.includes(join(dirname(bundle), named)), `${bundle}'s map ${named} is not shipped`);
  }
  assert.equal(readFileSync(join(sdkRoot, 'LICENSE'), 'utf8'), readFileSync(join(sdkRoot, '..', 'LICENSE'), 'utf8'), 'the project\'s licence');
  const manifest = JSON.parse(readFileSync(join(sdkRoot, 'package.json'), 'utf8'));
  assert.equal(manifest.dependencies, undefined, 'the bundles are self-contained: installing them pulls in nothing');
  assert.equal(manifest.private, undefined, 'publishable');
  assert.match(readFileSync(join(sdkRoot, 'CHANGELOG.md'), 'utf8'), new RegExp(`^## ${manifest.version.replaceAll('.', '\\.')} `, 'm'),
    'the changelog has an entry for this version');
});

test('npm publish --dry-run passes: the package is publishable as it is', () => {
  const output = execFileSync('npm', ['publish', '--dry-run'], { cwd: sdkRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.match(output, /\+ @likeness\/web-sdk@\d+\.\d+\.\d+/);
});

test('the README lists the Subresource Integrity hash of each module the build made, under its pinned path', () => {
  const { version, integrity } = JSON.parse(readFileSync(join(sdkRoot, 'dist', 'sdk', 'integrity.json'), 'utf8'));
  const readme = readFileSync(join(sdkRoot, 'README.md'), 'utf8');
  for (const [file, hash] of Object.entries(integrity)) {
    assert.ok(readme.includes(`| \`${file}\` | \`${hash}\` |`), `README: ${file} ${hash} (run npm run build and copy what it prints)`);
  }
  assert.ok(readme.includes(`/sdk/${version}/likeness-components.js`), `README: the pinned path of ${version}`);
});

test('the tarball installs into a fresh Vite project, which imports it by name and builds', (t) => {
  const work = mkdtempSync(join(tmpdir(), 'likeness-package-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], sdkRoot));
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'integrator-app', private: true, type: 'module' }));
  writeFileSync(join(app, 'index.html'), `<!doctype html><html lang="en"><head><title>Integrator</title></head>
    <body><kl-enroll id="enroll"></kl-enroll><script type="module" src="/main.js"></script></body></html>`);
  // One import for both the elements and the headless API, as the README shows.
  writeFileSync(join(app, 'main.js'), `import { createKeylessEnroll, KeylessError } from '@likeness/web-sdk/components';
    document.getElementById('enroll').onfinished = (event) => console.log(event.detail.transactionJWT);
    console.log(typeof createKeylessEnroll, KeylessError.SERVER_FORBIDDEN);
  `);
  npm(['install', '--offline', '--no-audit', '--no-fund', join(work, packed.filename)], app);
  const installed = join(app, 'node_modules', '@likeness', 'web-sdk');
  assert.ok(existsSync(join(installed, 'dist', 'sdk', 'likeness-components.d.ts')));
  assert.deepEqual(readdirSync(join(app, 'node_modules')).filter((name) => !name.startsWith('.')), ['@likeness'], 'nothing but the SDK installed');

  execFileSync(process.execPath, [join(sdkRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    { cwd: app, stdio: 'inherit' });
  const assets = join(app, 'dist', 'assets');
  const code = readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(assets, f), 'utf8')).join('\n');
  assert.match(code, /kl-enroll/, 'the components are in the built app');
  assert.match(code, /SERVER_FORBIDDEN/, 'the headless module is in the built app');
  assert.equal(code.split('likeness-enroll').length - 1, 1, 'one copy of the core (one attempts map), not two');
});
