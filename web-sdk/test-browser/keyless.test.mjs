// Code written to Keyless's component documentation, run unchanged but for the import and URL: the
// dialog elements, their attributes (localization-packs, localization-variables, theme-options,
// operation-id) and `event.detail.transactionJWT`; and the cancel control every element offers.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { browser, camera, componentAttributes, newUsername, verifyAtBackend, webcam } from './harness.mjs';
import { accessible, mount, mountWith, seen, SHOTS, untilEvent, untilState } from './component-page.mjs';

const dialogOf = (page) => page.evaluate(() => {
  const dialog = document.getElementById('kl').shadowRoot.querySelector('dialog');
  return { open: dialog.open, modal: dialog.matches(':modal'), label: dialog.getAttribute('aria-label') };
});

test('<kl-auth-dialog> with Keyless attributes: a modal dialog, their strings, variables and colours, the operation signed, transactionJWT', async () => {
  const username = newUsername('keyless');
  await untilEvent(await mount(await browser({ video: webcam('grace-hopper', 640, 480) }), 'kl-enroll', username, 'enroll keyless'),
    'finished');

  // The operation the backend created is the transaction data of the user's token: no transaction-data attribute.
  const attributes = await componentAttributes('kl-auth-dialog', username, 'operation 7f3a');
  delete attributes['transaction-data'];
  const page = await mountWith(await browser({ video: webcam('grace-hopper', 640, 480) }), 'kl-auth-dialog', attributes, `
    operation-id="operation 7f3a" lang="en"
    localization-packs='{"en": {"finished": "All set, {{name}}", "sparkles": "unused"}}'
    localization-variables='{"name": "Grace"}'
    theme-options='{"primaryColor": "#b00020", "mode": "dark", "fontSize": 3}'`);
  await untilState(page, 'searching');
  assert.deepEqual(await dialogOf(page), { open: true, modal: true, label: 'Face check' });
  const styled = await page.evaluate(() => {
    const element = document.getElementById('kl');
    return { accent: getComputedStyle(element).getPropertyValue('--kl-accent').trim(), theme: element.getAttribute('theme'),
      problems: element.configurationProblems };
  });
  assert.deepEqual(styled, { accent: '#b00020', theme: 'dark', problems: [
    'localization-packs: en.sparkles is not one of STRING_KEYS', 'theme-options: fontSize is not used (unknown)'] });
  await accessible(page, 'dialog searching');
  await page.screenshot({ path: join(SHOTS, 'dialog-searching-dark-en.png'), animations: 'disabled' });

  await untilEvent(page, 'finished');
  const finished = (await seen(page)).events.find((e) => e.name === 'finished').detail;
  assert.equal(finished.transactionJWT, finished.transactionJwt, 'Keyless code reads event.detail.transactionJWT');
  const verdict = await verifyAtBackend(finished.transactionJWT);
  assert.equal(verdict.valid, true, JSON.stringify(verdict));
  assert.equal(verdict.claims.td, 'operation 7f3a', 'the JWT signs the operation');
  assert.equal((await seen(page)).spoken.at(-1), 'All set, Grace');
  assert.equal((await dialogOf(page)).open, false, 'the dialog closes once finished');
});

test('cancel: the attempt stops, the camera goes off, `cancel` is dispatched; inline offers to start again, a dialog closes on Escape', async () => {
  // A camera with no face: the attempt runs until the user gives up.
  const inline = await mount(await browser({ video: camera('no-face/frame-01.jpg') }), 'kl-enroll', newUsername('cancel'), 'cancel inline');
  await untilState(inline, 'searching');
  await accessible(inline, 'searching, cancel offered');
  await inline.locator('#kl .cancel').click();
  await untilEvent(inline, 'cancel');
  await untilState(inline, 'cancelled');
  const after = await inline.evaluate(() => {
    const root = document.getElementById('kl').shadowRoot;
    return { video: root.querySelector('video').srcObject, retry: !root.querySelector('.retry').hidden,
      cancel: !root.querySelector('.cancel').hidden, focused: root.activeElement?.className };
  });
  assert.deepEqual(after, { video: null, retry: true, cancel: false, focused: 'retry' });
  assert.equal((await seen(inline)).spoken.at(-1), 'Cancelled. The camera is off.');
  assert.deepEqual((await seen(inline)).events.filter((e) => e.name === 'error'), [], 'a cancel is not an error');
  await accessible(inline, 'cancelled');

  const dialog = await mount(await browser({ video: camera('no-face/frame-01.jpg') }), 'kl-enroll-dialog', newUsername('escape'),
    'cancel dialog', 'lang="ar"');
  await untilState(dialog, 'searching');
  assert.equal((await dialogOf(dialog)).label, 'التحقق من الوجه');
  await dialog.keyboard.press('Escape');
  await untilEvent(dialog, 'cancel');
  assert.equal((await dialogOf(dialog)).open, false);
  assert.equal(await dialog.evaluate(() => document.getElementById('kl').shadowRoot.querySelector('video').srcObject), null);
});

/** What the element shows now: the guidance line, the instructions (when shown), and the buttons offered. */
const screenOf = (page) => page.evaluate(() => {
  const root = document.getElementById('kl').shadowRoot;
  const shown = (selector) => (root.querySelector(selector).hidden ? null : root.querySelector(selector).textContent);
  return { guidance: root.querySelector('.guidance').textContent, instructions: shown('.instructions'), retry: shown('.retry'),
    cancel: shown('.cancel'), camera: root.querySelector('video').srcObject !== null };
});

test('consent: with the attribute, the camera stays off until the user presses Start', async () => {
  const page = await mount(await browser({ video: webcam('grace-hopper', 640, 480) }), 'kl-enroll', newUsername('consent'), 'consent',
    'consent lang="de"', { initScript: () => {
      window.cameraRequests = 0;
      const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = (constraints) => {
        window.cameraRequests += 1;
        return open(constraints);
      };
    } });
  await page.waitForFunction(() => !document.getElementById('kl').shadowRoot.querySelector('.retry').hidden);
  const before = await screenOf(page);
  assert.equal(before.retry, 'Starten');
  assert.match(before.instructions, /Kamera/);
  assert.equal(before.camera, false);
  assert.equal(await page.evaluate(() => window.cameraRequests), 0, 'no camera request before consent');
  await accessible(page, 'consent');
  await page.locator('#kl').screenshot({ path: join(SHOTS, 'consent-de.png'), animations: 'disabled' });
  await page.locator('#kl .retry').click();
  await untilState(page, 'searching');
  assert.equal(await page.evaluate(() => window.cameraRequests), 1);
  assert.equal((await screenOf(page)).instructions, null, 'the consent text goes once the user agreed');
});

test('no dead ends: a refused camera says where to allow it and offers a retry; a final error says what to do instead', async () => {
  const denied = await mount(await browser({ video: camera('grace-hopper/frame-01.jpg'), grant: false }), 'kl-enroll',
    newUsername('denied'), 'denied', 'lang="en"');
  await untilEvent(denied, 'error');
  assert.equal((await seen(denied)).events.find((e) => e.name === 'error').message, 'MEDIA_STREAM_NOT_ALLOWED');
  const refused = await screenOf(denied);
  assert.equal(refused.guidance, 'Camera access is blocked for this page.');
  assert.match(refused.instructions, /address bar, allow the camera/, 'Chromium: where its camera setting is');
  assert.equal(refused.retry, 'Try again');
  await accessible(denied, 'camera refused');
  await denied.locator('#kl').screenshot({ path: join(SHOTS, 'failed-permission-en.png'), animations: 'disabled' });

  const notEnrolled = await mount(await browser({ video: webcam('grace-hopper', 640, 480) }), 'kl-auth', newUsername('stranger'),
    'stranger', 'lang="fr"');
  await untilEvent(notEnrolled, 'error');
  const final = await screenOf(notEnrolled);
  assert.equal(final.guidance, 'Votre visage n’est pas encore enregistré. Inscrivez-vous d’abord.');
  assert.equal(final.retry, null, 'nothing to retry: the text says what to do');
});
