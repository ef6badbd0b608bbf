import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrameCredit } from '../src/flow-control.js';

test('a credit frees when a result arrives, and whoever waited for it goes on', async () => {
  const credit = new FrameCredit();
  credit.grant(2, 5000);
  await credit.available();
  credit.sent(1);
  await credit.available();
  credit.sent(2);
  let released = false;
  const waiting = credit.available().then(() => { released = true; });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(released, false, 'two frames in flight: no third');
  assert.equal(typeof credit.answered(1), 'number');
  await waiting;
  assert.equal(credit.inFlight, 1);
});

test('a frame never answered stops counting after the timeout and its margin', async () => {
  let now = 0;
  const credit = new FrameCredit({ marginMs: 10, now: () => now });
  credit.grant(1, 20);
  credit.sent(1);
  now = 25;
  assert.equal(credit.inFlight, 1, 'the server timeout passed, not the margin');
  now = 30;
  assert.equal(credit.inFlight, 0);
  assert.equal(credit.answered(1), undefined, 'a late result no longer counts');
});

test('a waiter is released by the timeout when no result comes', async () => {
  const credit = new FrameCredit({ marginMs: 0 });
  credit.grant(1, 30);
  credit.sent(1);
  const started = Date.now();
  await credit.available();
  assert.ok(Date.now() - started >= 25, 'released by the timeout, not at once');
});

test('a server without flow control (0) limits nothing, and closing releases waiters', async () => {
  const credit = new FrameCredit();
  credit.grant(0, 0);
  for (let sequence = 1; sequence <= 100; sequence += 1) {
    await credit.available();
    credit.sent(sequence);
  }
  credit.grant(1, 0);
  const waiting = credit.available();
  credit.close();
  await waiting;
});

test('a Credit of 0 pauses the next frame until a later Credit', async () => {
  const credit = new FrameCredit();
  credit.grant(2, 5000);
  credit.update(0);
  let released = false;
  const waiting = credit.available().then(() => { released = true; });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(released, false, 'no frame while the turn is another session\'s');
  credit.update(1);
  await waiting;
});
