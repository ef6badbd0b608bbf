// Server-side rendering imports the SDK's entry points (Next.js, Nuxt, Astro, ...): in Node, with no
// window, document, HTMLElement or customElements, importing them must throw nothing and do nothing
// (no global, no timer, no registration) until a browser uses them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'node:test';

const sdkRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(sdkRoot, 'package.json'), 'utf8'));

test('every entry point of the package imports under Node without a browser and leaves nothing behind', () => {
  // The entries with code (the others are types only, or the assets' folder).
  const entries = Object.entries(manifest.exports).filter(([, conditions]) => conditions.import);
  assert.deepEqual(entries.map(([path]) => path), ['.', './components']);
  for (const [path, conditions] of entries) {
    const file = join(sdkRoot, conditions.import);
    assert.ok(existsSync(file), 'build first: npm run build');
    // A fresh Node per entry: what it adds to the global object, and whether it lets the process exit.
    const probe = `
      const before = new Set(Object.getOwnPropertyNames(globalThis));
      const module = await import(${JSON.stringify(pathToFileURL(file).href)});
      const added = Object.getOwnPropertyNames(globalThis).filter((name) => !before.has(name));
      console.log(JSON.stringify({ exports: Object.keys(module), added, window: typeof window }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(run.error, undefined, `${path}: the import kept Node from exiting (a timer or a socket)`);
    assert.equal(run.status, 0, `${path} threw on import:\n${run.stderr}`);
    const result = JSON.parse(run.stdout);
    assert.equal(result.window, 'undefined');
    assert.deepEqual(result.added, [], `${path} added globals`);
    assert.ok(result.exports.includes('createKeylessAuth'), `${path} exports the headless API`);
  }
});

test('the components entry still defines its elements, for a browser to register', () => {
  const file = join(sdkRoot, manifest.exports['./components'].import);
  const probe = `
    const registered = [];
    globalThis.HTMLElement = class {};
    globalThis.customElements = { get: () => undefined, define: (tag, element) => registered.push([tag, typeof element]) };
    const module = await import(${JSON.stringify(pathToFileURL(file).href)});
    console.log(JSON.stringify({ registered, auth: typeof module.KlAuth }));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.deepEqual(result.registered.map(([tag]) => tag).sort(), ['kl-auth', 'kl-auth-dialog', 'kl-enroll', 'kl-enroll-dialog']);
  assert.equal(result.auth, 'function');
});
