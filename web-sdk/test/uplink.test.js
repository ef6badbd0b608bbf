import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UPLINK, UplinkQuality } from '../src/uplink.js';

const record = (uplink, ms, times = UPLINK.window) => {
  for (let i = 0; i < times; i += 1) {
    uplink.record(ms);
  }
  return uplink.quality;
};

test('quality steps down while round trips are slow, to its floor, and back up while they are fast, to its ceiling', () => {
  const uplink = new UplinkQuality();
  assert.equal(uplink.quality, 0.85);
  assert.equal(record(uplink, 900), 0.75);
  assert.equal(record(uplink, 900), 0.65);
  assert.equal(record(uplink, 900), 0.55);
  assert.equal(record(uplink, 900), 0.5, 'never under the floor');
  assert.equal(record(uplink, 900), 0.5);
  assert.equal(record(uplink, 400), 0.5, 'between the bounds: no change');
  assert.equal(record(uplink, 120), 0.55);
  for (let i = 0; i < 10; i += 1) {
    record(uplink, 120);
  }
  assert.equal(uplink.quality, 0.85, 'never over the ceiling');
});

test('one late result in a window changes nothing: the median decides, once per window', () => {
  const uplink = new UplinkQuality();
  [100, 2000, 120, 110, 130].forEach((ms) => uplink.record(ms));
  assert.equal(uplink.quality, 0.85);
  [700, 650, 90, 800, 720].forEach((ms) => uplink.record(ms));
  assert.equal(uplink.quality, 0.75);
  uplink.record(5000);
  assert.equal(uplink.quality, 0.75, 'a window not yet full decides nothing');
});
