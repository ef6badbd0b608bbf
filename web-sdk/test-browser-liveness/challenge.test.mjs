// <kl-auth> under a liveness challenge, in Chromium, against a stack whose auth-service gives every
// session the same moves (its test profile; BrowserLivenessSystemTest starts it and passes the moves
// here): a fake camera cannot react, so it plays recordings made for those moves. The synthetic
// subject's recording shows each instruction with its cue, announced, axe-clean, and finishes; a
// print of the photo turned the same way ends with SERVER_LIVENESS_FAILED.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { text } from '../src/ui/strings.js';
import { browser, verifyAtBackend } from '../test-browser/harness.mjs';
import { accessible, mount, seen, SHOTS, untilEvent } from '../test-browser/component-page.mjs';

const USERNAME = process.env.LIKENESS_ENROLLED_USER;
const MOVES = process.env.LIKENESS_CHALLENGE.split(',');
const MOVE_STRINGS = { TURN_LEFT: 'moveTurnLeft', TURN_RIGHT: 'moveTurnRight', LOOK_UP: 'moveLookUp', LOOK_DOWN: 'moveLookDown' };

const cue = (page) => page.evaluate(() => document.getElementById('kl').shadowRoot.querySelector('.frame').dataset.move ?? '');

test('the subject following the challenge sees each move asked, with its cue, and is authenticated', async () => {
  const page = await mount(await browser({ video: process.env.LIKENESS_SUBJECT_RECORDING }), 'kl-auth', USERNAME, 'auth, challenged');
  await page.waitForFunction(() => document.getElementById('kl').shadowRoot.querySelector('.frame').dataset.move, null,
    { timeout: 60_000 });
  assert.equal(await cue(page), MOVES[0].toLowerCase(), 'the first move\'s arrow');
  await accessible(page, 'challenge');
  await page.screenshot({ path: join(SHOTS, 'kl-auth-challenge.png') });
  await untilEvent(page, 'finished');
  const { spoken, events } = await seen(page);
  for (const move of MOVES) {
    assert.ok(spoken.includes(text('en', MOVE_STRINGS[move])), `"${text('en', MOVE_STRINGS[move])}" announced: ${spoken}`);
  }
  assert.equal(await cue(page), '', 'no arrow once finished');
  const verdict = await verifyAtBackend(events.find((e) => e.name === 'finished').detail.transactionJwt);
  assert.equal(verdict.valid, true);
  assert.equal(verdict.claims.liveness.result, 'pass');
});

test('a print turned as the challenge asks is shown the move in Arabic, right to left, without motion, and refused', async () => {
  const page = await mount(await browser({ video: process.env.LIKENESS_PRINT_RECORDING }), 'kl-auth', USERNAME, 'auth, a print',
    'lang="ar"', { reducedMotion: 'reduce' });
  await page.waitForFunction(() => document.getElementById('kl').shadowRoot.querySelector('.frame').dataset.move, null,
    { timeout: 60_000 });
  const shown = await page.evaluate(() => {
    const root = document.getElementById('kl').shadowRoot;
    const arrow = [...root.querySelectorAll('.cue')].find((node) => getComputedStyle(node).display !== 'none');
    return { animation: arrow && getComputedStyle(arrow).animationName, direction: getComputedStyle(root.querySelector('.frame')).direction };
  });
  assert.equal(shown.animation, 'none', 'the arrow holds still under prefers-reduced-motion');
  assert.equal(shown.direction, 'rtl');
  await accessible(page, 'challenge, Arabic');
  await page.screenshot({ path: join(SHOTS, 'kl-auth-challenge-ar.png') });
  await untilEvent(page, 'error');
  const { spoken, events } = await seen(page);
  assert.ok(spoken.includes(text('ar', MOVE_STRINGS[MOVES[0]])), `the first move announced in Arabic: ${spoken}`);
  assert.equal(events.find((e) => e.name === 'error').message, 'SERVER_LIVENESS_FAILED');
  await accessible(page, 'failed liveness');
});
