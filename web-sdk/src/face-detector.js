/**
 * The client-side filters (FaceAbsent, FaceMultiple, FaceOffCenter, FacePartial, FaceTooLarge,
 * FaceTooSmall) on MediaPipe's BlazeFace, the front-camera model quality-service runs too (the
 * same file, from the same pinned npm package; Apache-2.0), decoded the same way, on
 * TensorFlow.js's WebAssembly backend (Apache-2.0), which is fast without a GPU. The model is
 * served by the gateway beside this file; nothing is fetched from elsewhere. Loaded on demand by
 * importKeylessWebAssemblyModuleOrThrow: pages that never call it do not download it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { triggeredFilters } from './client-filters.js';

const INPUT_SIDE = 128;
/** MediaPipe's operating point, as on the server. */
const MIN_SCORE = 0.5;
const NMS_IOU = 0.1;
const MAX_FACES = 8;
const KEYPOINTS = 6;

/** Anchor centres in input pixels: strides 8 and 16 with 2 and 6 anchors a cell (the 16x16 grid first). */
function anchors() {
  const centres = [];
  for (const [stride, perCell] of [[INPUT_SIDE / 16, 2], [INPUT_SIDE / 8, 6]]) {
    const cells = Math.ceil(INPUT_SIDE / stride);
    for (let y = 0; y < cells; y++) {
      for (let x = 0; x < cells; x++) {
        for (let n = 0; n < perCell; n++) {
          centres.push([stride * (x + 0.5), stride * (y + 0.5)]);
        }
      }
    }
  }
  return centres;
}

/** Loads the model and the wasm backend from `base` (the folder this module was served from). */
export async function loadFaceDetector(base) {
  setWasmPaths(new URL('wasm/', base).href);
  if (!(await tf.setBackend('wasm'))) {
    throw new Error('the WebAssembly backend did not start');
  }
  await tf.ready();
  const model = await loadGraphModel(new URL('models/blazeface-front.json', base).href);
  const centres = anchors();
  const warmUp = document.createElement('canvas');
  warmUp.width = INPUT_SIDE;
  warmUp.height = INPUT_SIDE;
  await detect(model, centres, warmUp);
  return {
    /** The triggered client filters of one frame drawn on `canvas`. */
    async check(canvas) {
      return triggeredFilters(await detect(model, centres, canvas), canvas.width, canvas.height);
    },
  };
}

/** The faces on `canvas`, in its pixels: `{box, keypoints, score}`, best first. */
async function detect(model, centres, canvas) {
  const [rowsTensor, boxesTensor, scoresTensor] = tf.tidy(() => {
    // Functional ops only: the modular tfjs-core bundles no chained tensor methods.
    const pixels = tf.expandDims(tf.cast(tf.browser.fromPixels(canvas), 'float32'), 0);
    // The whole frame stretched to the square input, as the server does.
    const input = tf.sub(tf.div(tf.image.resizeBilinear(pixels, [INPUT_SIDE, INPUT_SIDE]), 127.5), 1);
    // Four outputs, scores and regressors of each grid, told apart by size as on the server.
    const [scoresCoarse, scoresFine, boxesCoarse, boxesFine] = [...model.execute(input)].sort((a, b) => a.size - b.size);
    const rows = tf.squeeze(tf.concat([tf.concat([scoresFine, boxesFine], 2), tf.concat([scoresCoarse, boxesCoarse], 2)], 1), [0]);
    const centresOut = tf.add(tf.slice(rows, [0, 1], [-1, 2]), tf.tensor2d(centres));
    const half = tf.div(tf.slice(rows, [0, 3], [-1, 2]), 2);
    // tf's non-max suppression takes [y1, x1, y2, x2]
    const corners = tf.concat([tf.reverse(tf.sub(centresOut, half), 1), tf.reverse(tf.add(centresOut, half), 1)], 1);
    const scores = tf.sigmoid(tf.squeeze(tf.slice(rows, [0, 0], [-1, 1]), [1]));
    return [rows, corners, scores];
  });
  const kept = await tf.image.nonMaxSuppressionAsync(boxesTensor, scoresTensor, MAX_FACES, NMS_IOU, MIN_SCORE);
  const [indices, rows, scores] = await Promise.all([kept.data(), rowsTensor.array(), scoresTensor.data()]);
  tf.dispose([kept, rowsTensor, boxesTensor, scoresTensor]);
  const scaleX = canvas.width / INPUT_SIDE;
  const scaleY = canvas.height / INPUT_SIDE;
  return Array.from(indices, (i) => {
    const row = rows[i];
    const [ax, ay] = centres[i];
    const cx = row[1] + ax;
    const cy = row[2] + ay;
    const keypoints = [];
    for (let k = 0; k < KEYPOINTS; k++) {
      keypoints.push({ x: (row[5 + 2 * k] + ax) * scaleX, y: (row[6 + 2 * k] + ay) * scaleY });
    }
    return {
      box: { x: (cx - row[3] / 2) * scaleX, y: (cy - row[4] / 2) * scaleY, width: row[3] * scaleX, height: row[4] * scaleY },
      keypoints,
      score: scores[i],
    };
  });
}
