/**
 * The client-side filters: FaceAbsent, FaceMultiple, FaceOffCenter, FacePartial, FaceTooLarge and
 * FaceTooSmall, from @vladmandic/face-api's tiny face detector (MIT; its model ships in the npm
 * package and is served by the gateway beside this file, nothing is fetched from elsewhere) on
 * TensorFlow.js's WebAssembly backend (Apache-2.0), which is fast without a GPU. Loaded on demand
 * by importKeylessWebAssemblyModuleOrThrow: pages that never call it do not download it.
 */
import * as faceapi from '@vladmandic/face-api/dist/face-api.esm.js';
import { triggeredFilters } from './client-filters.js';

const INPUT_SIZE = 224;

/** Loads the model and the wasm backend from `base` (the folder this module was served from). */
export async function loadFaceDetector(base) {
  faceapi.tf.setWasmPaths(new URL('wasm/', base).href);
  if (!(await faceapi.tf.setBackend('wasm'))) {
    throw new Error('the WebAssembly backend did not start');
  }
  await faceapi.tf.ready();
  await faceapi.nets.tinyFaceDetector.loadFromUri(new URL('models/', base).href);
  const options = new faceapi.TinyFaceDetectorOptions({ inputSize: INPUT_SIZE, scoreThreshold: 0.5 });
  const warmUp = document.createElement('canvas');
  warmUp.width = INPUT_SIZE;
  warmUp.height = INPUT_SIZE;
  await faceapi.detectAllFaces(warmUp, options);
  return {
    /** The triggered client filters of one frame drawn on `canvas`. */
    async check(canvas) {
      const faces = await faceapi.detectAllFaces(canvas, options);
      return triggeredFilters(faces.map((f) => f.box), canvas.width, canvas.height);
    },
  };
}
