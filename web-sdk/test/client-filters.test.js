import assert from 'node:assert/strict';
import { test } from 'node:test';
import { triggeredFilters } from '../src/client-filters.js';

const W = 640;
const H = 480;
const box = (x, y, width, height) => ({ x, y, width, height });

test('a centred face of a good size triggers nothing', () => {
  assert.deepEqual(triggeredFilters([box(220, 140, 200, 200)], W, H), []);
});

test('each client filter triggers on its own case', () => {
  assert.deepEqual(triggeredFilters([], W, H), ['FaceAbsent']);
  assert.ok(triggeredFilters([box(220, 140, 200, 200), box(20, 20, 150, 150)], W, H).includes('FaceMultiple'));
  assert.deepEqual(triggeredFilters([box(290, 210, 60, 60)], W, H), ['FaceTooSmall']);
  assert.deepEqual(triggeredFilters([box(100, 40, 500, 400)], W, H), ['FaceTooLarge']);
  assert.deepEqual(triggeredFilters([box(20, 140, 200, 200)], W, H), ['FaceOffCenter']);
  assert.ok(triggeredFilters([box(-30, 140, 200, 200)], W, H).includes('FacePartial'));
});
