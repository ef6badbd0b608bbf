// What the browser test files share: the running stack's addresses, fake cameras, Chromium, the
// integrator's site (its own origin, loading the SDK from the gateway) and the demo backend.
// The system tests start the stack and pass its addresses; see system-test/.../BrowserSystemTest.java.
//
// env: LIKENESS_GATEWAY_ORIGIN (http://localhost:PORT), LIKENESS_DEMO_BACKEND (http://localhost:PORT),
//      LIKENESS_FACES (testdata/faces), LIKENESS_WEBCAM (4:3 and 16:9 fake-camera files),
//      LIKENESS_SCREENSHOTS (where screenshots go), CHROMIUM (default /usr/bin/chromium)
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach } from 'node:test';
import { chromium } from 'playwright-core';

export const gateway = process.env.LIKENESS_GATEWAY_ORIGIN;
export const demoBackend = process.env.LIKENESS_DEMO_BACKEND;
export const faces = process.env.LIKENESS_FACES;
export const work = mkdtempSync(join(tmpdir(), 'likeness-browser-'));

/** A fake camera: the photo repeated as an MJPEG file, which Chromium loops. */
export function camera(photo) {
  const file = join(work, `${photo.replaceAll('/', '-')}.mjpeg`);
  const jpeg = readFileSync(join(faces, photo));
  writeFileSync(file, Buffer.concat(Array.from({ length: 10 }, () => jpeg)));
  return file;
}

/** A webcam-shaped fake camera (BrowserSystemTest writes them): e.g. webcam('grace-hopper', 640, 480). */
export function webcam(person, width, height) {
  return join(process.env.LIKENESS_WEBCAM, `${person}-${width}x${height}.mjpeg`);
}

export const browsers = [];
// Each test's browsers close when it ends: an attempt left streaming (a camera without a face
// streams until its session times out) would load the stack and the machine under the next tests.
afterEach(async () => {
  await Promise.all(browsers.splice(0).map((b) => b.close()));
});
// The fake cameras and browser files go with the run, not into the machine's temporary folder.
after(() => rmSync(work, { recursive: true, force: true }));

/** The web-sdk folder, and where the React and Vue test apps are built (browser.test.mjs builds them). */
export const sdkRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const frameworkPages = join(sdkRoot, 'dist', 'framework-pages');

// The integrator's site: its own origin, loading the SDK from the gateway as integrators do.
const pages = new Map();
/** Response headers of a page of the site (a Content-Security-Policy, say), by path. */
const pageHeaders = new Map();

/** Serves `body` at `path` on the site, with extra response headers. */
export function serve(path, body, headers = {}) {
  pages.set(path, body);
  pageHeaders.set(path, headers);
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript' };
const site = createServer((request, response) => {
  const path = new URL(request.url, 'http://site').pathname;
  const built = path.startsWith('/frameworks/') ? join(frameworkPages, path.slice('/frameworks/'.length)) : undefined;
  const body = pages.get(path) ?? (built && !built.includes('..') && existsSync(built) ? readFileSync(built) : undefined);
  response.writeHead(body ? 200 : 404, { 'Content-Type': TYPES[extname(path)] ?? 'text/html', ...pageHeaders.get(path) });
  response.end(body ?? 'not found');
});
await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
after(() => site.close());
export const siteOrigin = `http://localhost:${site.address().port}`;
export const HEADLESS = `${gateway}/sdk/likeness-headless.js`;
export const COMPONENTS = `${gateway}/sdk/likeness-components.js`;

/** A headless Chromium; `video` feeds its fake camera, `grant` auto-accepts the permission prompt. */
export async function browser({ video, grant = true, cameras = 1 } = {}) {
  const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'];
  if (video) {
    // 'generated': Chromium's own moving test pattern instead of a file.
    args.push(`--use-fake-device-for-media-stream=device-count=${cameras}`);
    if (video !== 'generated') {
      args.push(`--use-file-for-fake-video-capture=${video}`);
    }
  }
  if (grant) {
    args.push('--use-fake-ui-for-media-stream');
  }
  const instance = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args });
  browsers.push(instance);
  return instance;
}

/**
 * A page of the integrator's site with the given body and response headers; pageOptions go to
 * Playwright (viewport, reducedMotion, ...), but for `initScript`, run in the page before its own.
 */
export async function pageWith(instance, body, { initScript, ...pageOptions } = {}, headers = {}) {
  const path = `/page-${pages.size}.html`;
  serve(path, `<!doctype html><html lang="en"><head><title>Likeness test page</title><link rel="icon" href="data:,"></head>`
    + `<body><main>${body}</main></body></html>`, headers);
  const page = await instance.newPage(pageOptions);
  if (initScript) {
    await page.addInitScript(initScript);
  }
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${siteOrigin}${path}`);
  page.errors = errors;
  return page;
}

export async function backend(path, body) {
  const response = await fetch(`${demoBackend}${path}`, body === undefined ? {} : {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
  return response.json();
}

/**
 * The demo backend's verdict on a transaction JWT, for the login its session began: the JWT's
 * `nonce` is the id of the user token that started it, which is how the backend names its logins.
 */
export async function verifyAtBackend(transactionJwt) {
  const { nonce } = JSON.parse(Buffer.from(transactionJwt.split('.')[1], 'base64url').toString('utf8'));
  return backend('/verify', { transactionJwt, login: nonce });
}

export const newUsername = (prefix) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

/** The operation a component performs, by its tag. */
const operationOf = (tag) => (tag.startsWith('kl-enroll') ? 'enroll' : 'auth');

/** The demo customer's session settings: the same for every attempt, so asked for once. */
let sessionSettings;

/** The session settings and a token for one operation ('enroll' or 'auth') on this transaction data, as a customer's page gets them. */
export async function credentials(username, operation, transactionData) {
  sessionSettings ??= backend('/config');
  const [config, { token }] = await Promise.all([sessionSettings, backend('/token', { username, operation, transactionData })]);
  return { config, token };
}

/**
 * What the demo customer's backend hands a page for one attempt, as the component's attributes:
 * the session settings and a fresh token for this operation and transaction data.
 */
export async function componentAttributes(tag, username, transactionData) {
  const { config, token } = await credentials(username, operationOf(tag), transactionData);
  return {
    'authorization-token': token, customer: config.customer, 'public-key': config.imageKey, 'key-id': config.keyId,
    'transaction-data': transactionData, username, 'ws-url': config.wsUrl,
  };
}

/** The attributes as HTML, values quoted. */
export const asHtml = (attributes) => Object.entries(attributes).map(([k, v]) => `${k}="${v.replaceAll('"', '&quot;')}"`).join(' ');
