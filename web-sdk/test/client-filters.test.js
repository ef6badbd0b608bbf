import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { LIMITS, triggeredFilters } from '../src/client-filters.js';

const W = 640;
const H = 480;
const box = (x, y, width, height, keypoints) => ({ box: { x, y, width, height }, keypoints });

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

test('an eye, the nose or the mouth outside the frame is partial; an ear may be', () => {
  const inside = [{ x: 280, y: 220 }, { x: 360, y: 220 }, { x: 320, y: 260 }, { x: 320, y: 300 }];
  assert.deepEqual(triggeredFilters([box(220, 140, 200, 200, [...inside, { x: -5, y: 240 }, { x: 420, y: 240 }])], W, H), []);
  assert.deepEqual(triggeredFilters([box(220, 140, 200, 200, [{ x: 280, y: -3 }, ...inside.slice(1)])], W, H), ['FacePartial']);
});

test('the limits are the ones quality-service applies, read from the proto module', () => {
  const declared = JSON.parse(readFileSync(new URL('../../proto/src/main/resources/dev/likeness/proto/face-geometry-limits.json', import.meta.url)));
  assert.equal(LIMITS.minFaceWidthOfShorterSide, declared.minFaceWidthOfShorterSide);
  assert.equal(LIMITS.maxOffCenterOfHeight, declared.maxOffCenterOfHeight);
  assert.equal(LIMITS.edgeMarginPx, declared.edgeMarginPx);
});
