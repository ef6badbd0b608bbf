/**
 * Likeness headless SDK. The functions, events and error codes are those of CLIENT-SDK.md, names
 * included, so integration code written for that API runs with only the import and URL changed.
 * @module @likeness/web-sdk
 */
import { Attempt } from './attempt.js';
import { KeylessError, keylessError } from './errors.js';

export { KeylessError } from './errors.js';
export {
  createKeylessMediaStream,
  getKeylessCameraPermissionState,
  getKeylessVideoMediaDevices,
  isKeylessVideoMediaStreamAvailable,
} from './media.js';

/** The attempts that have not ended, by symbol. */
const attempts = new Map();
/**
 * What the most recent ended attempts leave behind: their last filter results, for a page that reads
 * them after the error event (what kept the user from passing), and their symbol, so a second open
 * is SESSION_ALREADY_STARTED. Bounded: a long-lived page keeps no more than this many.
 */
const ended = new Map();
const ENDED_KEPT = 16;
let faceDetector;

/** Keeps `attempt` under `sym` until it ends, then only its last results. */
function track(sym, attempt) {
  attempt.onEnded = () => {
    attempts.delete(sym);
    ended.set(sym, { lastServerFilters: attempt.lastServerFilters, lastVideoFrameQuality: attempt.lastVideoFrameQuality });
    if (ended.size > ENDED_KEPT) {
      ended.delete(ended.keys().next().value);
    }
  };
  attempts.set(sym, attempt);
  return sym;
}

/**
 * Prepares the client-side filters: loads the face detector module, its model and its WebAssembly
 * backend from beside this file (or from `options.baseUrl`), and warms it up. Harmless to call twice
 * (one load). Throws when something cannot load; attempts then run on the server-side filters alone.
 * @param {{baseUrl?: string}} [options]
 * @returns {Promise<void>}
 */
export async function importKeylessWebAssemblyModuleOrThrow(options = {}) {
  if (!globalThis.crypto?.subtle) {
    throw new Error('WebCrypto is unavailable: serve the page over https or from localhost');
  }
  // Beside this module when the gateway serves it; where the integrator copied dist/sdk's detector,
  // models/ and wasm/ when a bundler moved this module elsewhere (README, "npm package").
  const base = options.baseUrl ? new URL(options.baseUrl, globalThis.location?.href) : new URL('./', import.meta.url);
  faceDetector ??= import(/* @vite-ignore */ new URL('likeness-face-detector.js', base).href)
    .then((module) => module.loadFaceDetector(base))
    .catch((failure) => {
      faceDetector = undefined;
      throw failure;
    });
  await faceDetector;
}

/** The loaded detector's check, for attempts that were not given one. */
async function defaultFrameQualityCheck() {
  const detector = await faceDetector?.catch(() => undefined);
  return detector ? (jpeg, canvas) => (canvas ? detector.check(canvas) : Promise.resolve([])) : undefined;
}

/**
 * A new symbol for one enrollment attempt. Once the attempt ends (finished, error, abandoned), its
 * listeners are released. @returns {symbol}
 */
export function createKeylessEnroll() {
  return track(Symbol('likeness-enroll'), new Attempt('enroll'));
}

/** A new symbol for one authentication attempt. @returns {symbol} */
export function createKeylessAuth() {
  return track(Symbol('likeness-auth'), new Attempt('auth'));
}

/**
 * Attaches listeners: entries `{name, callback}`; entries with an unknown name, no callback or extra
 * keys are ignored, never fatal.
 * @param {symbol} sym
 * @param {Array<{name: string, callback: Function}>} entries
 */
export function addKeylessEventListeners(sym, entries) {
  attempts.get(sym)?.listeners.add(entries);
}

/** Detaches every listener of the symbol. @param {symbol} sym */
export function removeKeylessEventListeners(sym) {
  attempts.get(sym)?.listeners.clear();
}

/**
 * Abandons the attempt (beyond the client contract): tells the server to stop, releases the camera
 * and the socket; no further event comes. For a page that leaves the attempt, as `<kl-enroll>` does
 * when it is removed. @param {symbol} sym
 */
export function abandonKeylessAttempt(sym) {
  attempts.get(sym)?.abandon();
}

/**
 * Opens the socket, sends Start, and streams frames once the server is ready. Resolves to
 * undefined when open, or to an Error: a *_UNSET code for a missing option, WEB_SOCKET_* when the
 * socket does not open, MEDIA_STREAM_* when the camera does not start. Later failures come as the
 * `error` event.
 * @param {symbol} sym
 * @param {object} options `{authorization: {token}, customer: {name}, key: {id, value}, transaction: {data}, username, ws: {url}}`
 *   and optionally `stream` (a MediaStream; else the SDK opens the camera), `media` (createKeylessMediaStream options),
 *   `frames: {perSecond}`, `session: {timeoutMs}`, `frameQualityCheck` (async JPEG bytes -> triggered client filters).
 * @returns {Promise<undefined | Error>}
 */
export async function openKeylessWebSocketConnection(sym, options) {
  const attempt = attempts.get(sym);
  if (!attempt) {
    return keylessError(ended.has(sym) ? KeylessError.SESSION_ALREADY_STARTED : KeylessError.SESSION_UNKNOWN);
  }
  const frameQualityCheck = options?.frameQualityCheck ?? await defaultFrameQualityCheck();
  return attempt.open(options && frameQualityCheck ? { ...options, frameQualityCheck } : options);
}

/** The server filters triggered on the last answered frame. @param {symbol} sym @returns {string[]} */
export function getLastKeylessServerFrameTriggeredBiometricFilters(sym) {
  return [...((attempts.get(sym) ?? ended.get(sym))?.lastServerFilters ?? [])];
}

/** The last client-side quality result, `{filters, timestamp}`. @param {symbol} sym */
export function getLastKeylessVideoFrameQuality(sym) {
  return (attempts.get(sym) ?? ended.get(sym))?.lastVideoFrameQuality;
}

/**
 * The triggered subset of a filters object (`{face_missing: true, ...}`) or array (of names, or of
 * `{name, triggered}`); `[]` if none.
 * @param {Record<string, boolean> | Array<string | {name: string, triggered: boolean}>} filters
 * @returns {string[]}
 */
export function reduceKeylessBiometricFiltersToTriggered(filters) {
  if (Array.isArray(filters)) {
    return filters.flatMap((f) => (typeof f === 'string' ? [f] : f?.triggered ? [f.name] : []));
  }
  if (filters && typeof filters === 'object') {
    return Object.entries(filters).filter(([, triggered]) => triggered === true).map(([name]) => name);
  }
  return [];
}

/** Neutral alias of createKeylessEnroll. */
export const createEnrollment = createKeylessEnroll;
/** Neutral alias of createKeylessAuth. */
export const createAuthentication = createKeylessAuth;
