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

test('npm pack holds the ESM entry points, their types, the detector with its model and wasm, and the README; nothing else', () => {
  assert.ok(existsSync(join(sdkRoot, 'dist', 'sdk', 'likeness-headless.js')), 'build first: npm run build');
  const [packed] = JSON.parse(npm(['pack', '--dry-run', '--json'], sdkRoot));
  const files = packed.files.map((f) => f.path).sort();
  for (const needed of ['dist/sdk/likeness-headless.js', 'dist/sdk/likeness-headless.d.ts', 'dist/sdk/likeness-components.js',
    'dist/sdk/likeness-components.d.ts', 'dist/sdk/likeness-face-detector.js', 'dist/sdk/models/blazeface-front.json',
    'dist/sdk/models/blazeface-front.bin', 'dist/sdk/wasm/tfjs-backend-wasm-simd.wasm', 'dist/sdk/THIRD-PARTY.md', 'README.md', 'package.json']) {
    assert.ok(files.includes(needed), `${needed} missing from ${files.join(', ')}`);
  }
  assert.deepEqual(files.filter((f) => f.endsWith('.map') || f.startsWith('src/') || f.startsWith('test') || f.includes('node_modules')), []);
  const manifest = JSON.parse(readFileSync(join(sdkRoot, 'package.json'), 'utf8'));
  assert.equal(manifest.dependencies, undefined, 'the bundles are self-contained: installing them pulls in nothing');
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
  writeFileSync(join(app, 'main.js'), `import '@likeness/web-sdk/components';
    import { createKeylessEnroll, KeylessError } from '@likeness/web-sdk';
    document.getElementById('enroll').onfinished = (event) => console.log(event.detail.transactionJwt);
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
});
