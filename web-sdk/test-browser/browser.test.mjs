// The SDK in Debian's Chromium, headless, with a fake camera, against a running Likeness stack:
// the headless API, the components in a plain page and in React and Vue apps, the error codes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  asHtml, browser, camera, componentAttributes, COMPONENTS, credentials, demoBackend, HEADLESS, newUsername, pageWith, sdkRoot,
  siteOrigin, verifyAtBackend,
} from './harness.mjs';

// The React and Vue test apps, built with Vite as integrators build theirs.
execFileSync(join(sdkRoot, 'node_modules', '.bin', 'vite'), ['build', '--config', 'test-frameworks/vite.config.mjs'],
  { cwd: sdkRoot, stdio: 'inherit' });

test('headless API: permission, devices, stream, open, frame-results, finished with a JWT the verifier accepts', async () => {
  const username = newUsername('headless');
  const { config, token } = await credentials(username, 'enroll', 'headless test');
  const page = await pageWith(await browser({ video: camera('grace-hopper/frame-01.jpg') }), '');
  const outcome = await page.evaluate(async ({ config, token, username, HEADLESS }) => {
    const sdk = await import(HEADLESS);
    await sdk.importKeylessWebAssemblyModuleOrThrow();
    await sdk.importKeylessWebAssemblyModuleOrThrow();
    const available = await sdk.isKeylessVideoMediaStreamAvailable();
    const permission = await sdk.getKeylessCameraPermissionState();
    const devices = await sdk.getKeylessVideoMediaDevices();
    const stream = await sdk.createKeylessMediaStream({ deviceId: devices[0].deviceId });
    const sym = sdk.createKeylessEnroll();
    const seen = { events: [], frameResults: 0, quality: [] };
    const ended = new Promise((resolve) => sdk.addKeylessEventListeners(sym, [
      { name: 'frame-results', callback: () => { seen.frameResults += 1; } },
      { name: 'video-frame-quality', callback: (q) => seen.quality.push(q.filters) },
      ...['ws-open', 'begin-stream', 'stop-stream', 'ws-close'].map((name) => ({ name, callback: () => seen.events.push(name) })),
      { name: 'finished', callback: (finished) => resolve({ finished }) },
      { name: 'error', callback: (error) => resolve({ error: error.message }) },
    ]));
    const opened = await sdk.openKeylessWebSocketConnection(sym, {
      authorization: { token }, customer: { name: config.customer }, key: { id: config.keyId, value: config.imageKey },
      transaction: { data: 'headless test' }, username, ws: { url: config.wsUrl }, stream,
    });
    const result = opened instanceof Error ? { error: opened.message } : await ended;
    return { available, permission, deviceCount: devices.length, opened: opened === undefined, ...result, seen,
      tracksLive: stream.getTracks().filter((t) => t.readyState === 'live').length,
      lastServerFilters: sdk.getLastKeylessServerFrameTriggeredBiometricFilters(sym) };
  }, { config, token, username, HEADLESS });

  assert.equal(outcome.error, undefined);
  assert.equal(outcome.available, true);
  assert.equal(outcome.permission, 'granted');
  assert.ok(outcome.deviceCount >= 1);
  assert.equal(outcome.opened, true);
  assert.ok(outcome.seen.frameResults >= 5);
  assert.ok(outcome.seen.quality.length >= 5, 'client filters ran on every captured frame');
  assert.ok(outcome.seen.quality.some((filters) => filters.length === 0), 'a centred portrait passes them');
  assert.deepEqual(outcome.lastServerFilters, []);
  assert.ok(outcome.seen.events.includes('ws-open') && outcome.seen.events.includes('begin-stream'));
  assert.equal(outcome.tracksLive, 0, 'camera released at finished');
  assert.equal(outcome.finished.type, 'enroll');
  assert.equal(outcome.finished.username, username);
  const verdict = await verifyAtBackend(outcome.finished.transactionJwt);
  assert.equal(verdict.valid, true, JSON.stringify(verdict));
  assert.equal(verdict.claims.td, 'headless test');
  assert.deepEqual(page.errors, []);
});

/** Runs <kl-enroll> or <kl-auth> in a plain HTML page and returns its finished detail or error code. */
async function component(tag, username, photo, extraAttributes = '') {
  const attributes = asHtml(await componentAttributes(tag, username, `${tag} test`));
  const page = await pageWith(await browser({ video: camera(photo) }),
    `<script type="module" src="${COMPONENTS}"></script><${tag} id="kl" ${attributes} ${extraAttributes}></${tag}>`);
  const outcome = await page.evaluate(() => new Promise((resolve) => {
    const element = document.getElementById('kl');
    element.onfinished = (event) => resolve({ finished: event.detail });
    element.addEventListener('error', (event) => resolve({ error: event.message }));
  }));
  const guidance = await page.evaluate(() => {
    const region = document.getElementById('kl').shadowRoot.querySelector('[aria-live]');
    return { live: region.getAttribute('aria-live'), text: region.textContent };
  });
  return { ...outcome, guidance, page };
}

test('<kl-enroll> in a plain HTML page, then <kl-auth> for the same user', async () => {
  const username = newUsername('component');
  const enrolled = await component('kl-enroll', username, 'grace-hopper/frame-01.jpg', 'theme="dark" size="small" lang="fr"');
  assert.equal(enrolled.error, undefined);
  assert.equal(enrolled.finished.type, 'enroll');
  assert.equal(enrolled.guidance.live, 'polite');
  assert.equal(enrolled.guidance.text, 'Terminé', 'guidance in the lang attribute\'s language');
  assert.equal((await verifyAtBackend(enrolled.finished.transactionJwt)).valid, true);

  const authenticated = await component('kl-auth', username, 'grace-hopper-second-photo/frame-01.jpg');
  assert.equal(authenticated.error, undefined);
  assert.equal(authenticated.finished.type, 'auth');
  assert.equal((await verifyAtBackend(authenticated.finished.transactionJwt)).valid, true);

  const someoneElse = await component('kl-auth', username, 'eileen-collins/frame-01.jpg');
  assert.equal(someoneElse.error, 'SERVER_FACE_DOES_NOT_MATCH');
});

test('a camera without a face gets FaceAbsent and face_missing guidance, then SESSION_MEDIA_STREAM_TIMEOUT', async () => {
  const username = newUsername('noface');
  const { config, token } = await credentials(username, 'enroll', ''); // no transaction data given: the SDK sends ''
  const page = await pageWith(await browser({ video: camera('no-face/frame-01.jpg') }), '');
  const outcome = await page.evaluate(async ({ config, token, username, HEADLESS }) => {
    const sdk = await import(HEADLESS);
    const sym = sdk.createKeylessEnroll();
    await sdk.importKeylessWebAssemblyModuleOrThrow();
    const triggered = new Set();
    const ended = new Promise((resolve) => sdk.addKeylessEventListeners(sym, [
      { name: 'frame-results', callback: (e) => sdk.reduceKeylessBiometricFiltersToTriggered(e.filters).forEach((f) => triggered.add(f)) },
      { name: 'video-frame-quality', callback: (q) => q.filters.forEach((f) => triggered.add(f)) },
      { name: 'error', callback: (error) => resolve(error.message) },
      { name: 'finished', callback: () => resolve('finished') },
    ]));
    const opened = await sdk.openKeylessWebSocketConnection(sym, {
      authorization: { token }, customer: { name: config.customer }, key: { id: config.keyId, value: config.imageKey },
      username, ws: { url: config.wsUrl }, session: { timeoutMs: 4000 },
      // Frames failing a client filter are withheld by default; send them too, to see the server's guidance.
      frames: { sendRejected: true },
    });
    return { code: opened instanceof Error ? opened.message : await ended, triggered: [...triggered] };
  }, { config, token, username, HEADLESS });
  assert.equal(outcome.code, 'SESSION_MEDIA_STREAM_TIMEOUT');
  assert.deepEqual(outcome.triggered.sort(), ['FaceAbsent', 'face_missing']);
});

test('a camera that stops mid-attempt is MEDIA_STREAM_NOT_READABLE at once, not a session that times out on its last frame', async () => {
  const username = newUsername('stopped');
  const { config, token } = await credentials(username, 'enroll', '');
  const page = await pageWith(await browser({ video: camera('no-face/frame-01.jpg') }), '');
  const outcome = await page.evaluate(async ({ config, token, username, HEADLESS }) => {
    const sdk = await import(HEADLESS);
    const sym = sdk.createKeylessEnroll();
    const stream = await sdk.createKeylessMediaStream();
    let stoppedAt;
    const ended = new Promise((resolve) => sdk.addKeylessEventListeners(sym, [
      { name: 'begin-stream', callback: () => setTimeout(() => {
        stoppedAt = performance.now();
        stream.getVideoTracks()[0].stop(); // as the system does when the camera is unplugged
      }, 500) },
      { name: 'error', callback: (error) => resolve(error.message) },
      { name: 'finished', callback: () => resolve('finished') },
    ]));
    const opened = await sdk.openKeylessWebSocketConnection(sym, {
      authorization: { token }, customer: { name: config.customer }, key: { id: config.keyId, value: config.imageKey },
      username, ws: { url: config.wsUrl }, stream, session: { timeoutMs: 20_000 }, frames: { sendRejected: true },
    });
    const code = opened instanceof Error ? opened.message : await ended;
    return { code, afterStopMs: performance.now() - stoppedAt };
  }, { config, token, username, HEADLESS });
  assert.equal(outcome.code, 'MEDIA_STREAM_NOT_READABLE');
  assert.ok(outcome.afterStopMs < 5_000, `ended ${outcome.afterStopMs} ms after the camera stopped; the session would have timed out at 20 s`);
});

test('no camera, and permission denied, give their documented codes', async () => {
  const noCamera = await pageWith(await browser({ video: undefined, grant: true }), '');
  const withoutCamera = await noCamera.evaluate(async (HEADLESS) => {
    const sdk = await import(HEADLESS);
    const devices = await sdk.getKeylessVideoMediaDevices();
    const stream = await sdk.createKeylessMediaStream();
    return { devices: devices instanceof Error ? devices.message : 'devices', stream: stream instanceof Error ? stream.message : 'stream' };
  }, HEADLESS);
  assert.equal(withoutCamera.devices, 'MEDIA_DEVICES_NO_VIDEO_INPUTS');
  assert.equal(withoutCamera.stream, 'MEDIA_STREAM_NOT_FOUND');

  const denied = await pageWith(await browser({ video: camera('grace-hopper/frame-01.jpg'), grant: false }), '');
  const refused = await denied.evaluate(async (HEADLESS) => {
    const sdk = await import(HEADLESS);
    const stream = await sdk.createKeylessMediaStream();
    return { stream: stream instanceof Error ? stream.message : 'stream', available: await sdk.isKeylessVideoMediaStreamAvailable() };
  }, HEADLESS);
  assert.equal(refused.stream, 'MEDIA_STREAM_NOT_ALLOWED');
  assert.equal(refused.available, false);
});

/** Mounts the component in the React or Vue test app and returns its finished detail or error code. */
async function inFramework(framework, tag, username, photo) {
  const attributes = { ...await componentAttributes(tag, username, `${framework} test`), lang: 'en' };
  const page = await (await browser({ video: camera(photo) })).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript((test) => { window.likenessTest = test; }, { components: COMPONENTS, tag, attributes });
  await page.goto(`${siteOrigin}/frameworks/${framework}/index.html`);
  await page.waitForFunction(() => window.likenessResult !== undefined, null, { timeout: 90_000 })
    .catch((timeout) => assert.fail(`${framework}: no outcome; page errors: ${JSON.stringify(errors)}; ${timeout.message}`));
  assert.deepEqual(errors, []);
  return page.evaluate(() => window.likenessResult);
}

test('the component mounted from a React app and from a Vue app', async () => {
  const username = newUsername('frameworks');
  const enrolled = await inFramework('react', 'kl-enroll', username, 'grace-hopper/frame-01.jpg');
  assert.equal(enrolled.error, undefined);
  assert.equal(enrolled.finished.type, 'enroll');
  assert.equal((await verifyAtBackend(enrolled.finished.transactionJwt)).valid, true);

  const authenticated = await inFramework('vue', 'kl-auth', username, 'grace-hopper-second-photo/frame-01.jpg');
  assert.equal(authenticated.error, undefined);
  assert.equal(authenticated.finished.type, 'auth');
  assert.equal((await verifyAtBackend(authenticated.finished.transactionJwt)).valid, true);
});

test('the demo backend answers pages of localhost only, and checks what it is asked', async () => {
  const ask = (path, origin, body) => fetch(`${demoBackend}${path}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...(origin ? { Origin: origin } : {}) }, body: JSON.stringify(body),
  });
  const local = await ask('/token', 'http://localhost:3000', { username: 'alice', operation: 'auth', transactionData: 'pay' });
  assert.equal(local.status, 200);
  assert.equal(local.headers.get('access-control-allow-origin'), 'http://localhost:3000');
  const begun = await local.json();
  assert.match(begun.token, /^eyJ/);
  assert.equal((await ask('/token', 'https://evil.example', { username: 'alice', operation: 'auth', transactionData: 'pay' })).status, 403);
  assert.equal((await ask('/token', undefined, { username: 'alice', operation: 'pay', transactionData: 'pay' })).status, 400);
  assert.equal((await ask('/token', undefined, { username: 'not a name' })).status, 400);
  assert.equal((await ask('/verify', undefined, {})).status, 400);
  assert.equal((await ask('/verify', undefined, { transactionJwt: 'a.b.c', login: 'never-begun' })).status, 400);
  const forged = await (await ask('/verify', undefined, { transactionJwt: 'a.b.c', login: begun.login })).json();
  assert.equal(forged.valid, false);
});
