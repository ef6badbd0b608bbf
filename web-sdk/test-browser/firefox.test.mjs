// A second browser engine: the headless flow in Debian's Firefox ESR (Gecko), driven over WebDriver
// BiDi by puppeteer-core, with Firefox's own fake camera (a synthetic picture, no face): the camera
// opens, frames are encrypted and streamed, and guidance comes back from the client filters and from
// the server's. Chromium covers everything else; Safari's WebKit is not in Debian.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { credentials, HEADLESS, newUsername, serve, siteOrigin } from './harness.mjs';

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';

/** Firefox, headless, with a fake camera it grants without asking. */
async function firefox() {
  assert.ok(existsSync(FIREFOX), `no Firefox at ${FIREFOX}: apt-get install firefox-esr (.ci/run does), or set FIREFOX`);
  const instance = await puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, headless: true,
    extraPrefsFirefox: { 'media.navigator.streams.fake': true, 'media.navigator.permission.disabled': true },
  });
  after(() => instance.close());
  return instance;
}

test('Firefox (Gecko): the headless flow opens the camera, streams encrypted frames and gets guidance from both filters', async () => {
  const username = newUsername('gecko');
  const { config, token } = await credentials(username, 'enroll', 'gecko test');
  serve('/firefox.html', '<!doctype html><html lang="en"><head><title>Firefox</title></head><body><main></main></body></html>');
  const page = await (await firefox()).newPage();
  await page.goto(`${siteOrigin}/firefox.html`);
  const outcome = await page.evaluate(async ({ config, token, username, HEADLESS }) => {
    const sdk = await import(HEADLESS);
    const detector = await sdk.importKeylessWebAssemblyModuleOrThrow().then(() => 'loaded', (failure) => `failed: ${failure.message}`);
    const sym = sdk.createKeylessEnroll();
    const seen = { events: [], client: [], server: [] };
    const ended = new Promise((resolve) => sdk.addKeylessEventListeners(sym, [
      { name: 'video-frame-quality', callback: (quality) => seen.client.push(quality.filters) },
      { name: 'frame-results', callback: (result) => seen.server.push(sdk.reduceKeylessBiometricFiltersToTriggered(result.filters)) },
      ...['ws-open', 'begin-stream', 'stop-stream'].map((name) => ({ name, callback: () => seen.events.push(name) })),
      { name: 'finished', callback: () => resolve('finished') },
      { name: 'error', callback: (error) => resolve(error.message) },
    ]));
    // sendRejected: frames the client filters reject go to the server too, so both verdicts come back.
    const opened = await sdk.openKeylessWebSocketConnection(sym, {
      authorization: { token }, customer: { name: config.customer }, key: { id: config.keyId, value: config.imageKey },
      transaction: { data: 'gecko test' }, username, ws: { url: config.wsUrl }, frames: { sendRejected: true },
      session: { timeoutMs: 8000 },
    });
    return { detector, opened: opened === undefined ? 'open' : opened.message, ended: await ended, seen, agent: navigator.userAgent };
  }, { config, token, username, HEADLESS });

  assert.match(outcome.agent, /Gecko\/\d+ Firefox\//);
  assert.equal(outcome.opened, 'open');
  assert.equal(outcome.detector, 'loaded', 'the client filters (WebAssembly) load in Gecko');
  assert.deepEqual(outcome.seen.events.slice(0, 2), ['ws-open', 'begin-stream']);
  assert.ok(outcome.seen.client.length >= 3 && outcome.seen.client.every((filters) => filters.includes('FaceAbsent')),
    `client guidance on every frame: ${JSON.stringify(outcome.seen.client)}`);
  assert.ok(outcome.seen.server.length >= 3 && outcome.seen.server.every((filters) => filters.includes('face_missing')),
    `server guidance on the frames sent: ${JSON.stringify(outcome.seen.server)}`);
  assert.equal(outcome.ended, 'SESSION_MEDIA_STREAM_TIMEOUT', 'no face, no decision');
  assert.ok(outcome.seen.events.includes('stop-stream'), 'the camera is released');
});
