/**
 * Web components `<kl-enroll>` and `<kl-auth>` (CLIENT-SDK.md, "Web components"): a guided capture
 * around headless attempts. The camera shows under an oval guide whose state follows the client and
 * server filters (searching, adjust, hold still, done); a bar fills as the authentication service
 * uses frames; guidance is spoken once per change; after a recoverable error a retry button starts
 * a new attempt with a fresh authorization token; with several cameras, a switcher. Importing this
 * module registers the elements in a browser, and does nothing else anywhere (server-side rendering
 * imports it safely). It also exports the whole headless API, so a page that uses both imports one
 * module and gets one copy of the core (one set of attempts).
 */
import {
  abandonKeylessAttempt, addKeylessEventListeners, createKeylessAuth, createKeylessEnroll, createKeylessMediaStream, getKeylessVideoMediaDevices,
  importKeylessWebAssemblyModuleOrThrow, openKeylessWebSocketConnection, reduceKeylessBiometricFiltersToTriggered,
} from './index.js';
import { MediaStreamFrameSource, releaseStream } from './media.js';
import { CaptureView } from './ui/capture-view.js';
import { directionOf, guidanceFor, LANGUAGES, registerLikenessStrings, STRING_KEYS, text } from './ui/strings.js';

export { LANGUAGES, registerLikenessStrings, STRING_KEYS };
export * from './index.js';

/** Outside a browser (server-side rendering) there is no HTMLElement: the classes still load, and nothing is registered. */
const ElementBase = globalThis.HTMLElement ?? class {};

/** Errors a new attempt cannot mend: the retry button stays hidden. */
const FINAL_ERRORS = new Set(['SERVER_USER_LOCKED_OUT', 'SERVER_USER_ALREADY_ENROLLED', 'SERVER_USER_NOT_FOUND',
  'SERVER_NO_ATTEMPTS_LEFT', 'SERVER_UNSUPPORTED_PROTOCOL_VERSION', 'SERVER_IMAGE_ENCRYPT_FAILED', 'SESSION_UNKNOWN',
  'SESSION_ALREADY_STARTED', 'MEDIA_DEVICES_NO_VIDEO_INPUTS', 'MEDIA_STREAM_UNAVAILABLE', 'MEDIA_STREAM_SECURITY']);

/**
 * What the user reads after an error, by code (others get the generic `failed`): each says what
 * to do next, since a final error has no retry to offer.
 */
function failureKey(code) {
  const byCode = {
    MEDIA_STREAM_NOT_ALLOWED: 'failedPermission',
    MEDIA_DEVICES_NO_VIDEO_INPUTS: 'failedNoCamera',
    MEDIA_STREAM_NOT_FOUND: 'failedNoCamera',
    MEDIA_STREAM_UNAVAILABLE: 'failedBrowser',
    SERVER_FACE_DOES_NOT_MATCH: 'failedNoMatch',
    SERVER_LIVENESS_FAILED: 'failedLiveness',
    SERVER_USER_LOCKED_OUT: 'failedLockedOut',
    SERVER_NO_ATTEMPTS_LEFT: 'failedLockedOut',
    SERVER_USER_ALREADY_ENROLLED: 'failedAlreadyEnrolled',
    SERVER_USER_NOT_FOUND: 'failedNotEnrolled',
    SERVER_UNSUPPORTED_PROTOCOL_VERSION: 'failedOutdated',
    SERVER_TIMEOUT: 'failedTimeout',
    SESSION_MEDIA_STREAM_TIMEOUT: 'failedTimeout',
  };
  if (byCode[code]) {
    return byCode[code];
  }
  if (code.startsWith('MEDIA_')) {
    return 'failedCamera';
  }
  if (code.startsWith('WEB_SOCKET_') || code === 'SERVER_UNAVAILABLE' || code === 'SESSION_READY_TIMEOUT') {
    return 'failedConnection';
  }
  if (code.endsWith('_UNSET') || ['SERVER_IMAGE_ENCRYPT_FAILED', 'SESSION_UNKNOWN', 'SESSION_ALREADY_STARTED',
    'MEDIA_STREAM_SECURITY'].includes(code)) {
    return 'failedSetup';
  }
  return 'failed';
}

/**
 * How to allow the camera again once it was refused, for the browser the user is in: the retry
 * alone would fail the same way. Chromium-based browsers, Firefox and Safari each keep the choice
 * in a different place.
 */
function permissionHelpKey() {
  const agent = globalThis.navigator?.userAgent ?? '';
  if (/Firefox\//.test(agent)) {
    return 'permissionHelpFirefox';
  }
  if (/Safari\//.test(agent) && !/Chrome\/|Chromium\/|Edg\//.test(agent)) {
    return 'permissionHelpSafari';
  }
  return 'permissionHelpChromium';
}

/** Client filters meaning "no face to work with yet" (the guide searches rather than asks to adjust). */
const NO_FACE = new Set(['FaceAbsent', 'face_missing']);
// The instruction of each challenge move (client.proto's ChallengeMove names).
const MOVE_STRINGS = Object.freeze({
  TURN_LEFT: 'moveTurnLeft', TURN_RIGHT: 'moveTurnRight', LOOK_UP: 'moveLookUp', LOOK_DOWN: 'moveLookDown',
});

/**
 * Guidance changes only when the same advice holds for two reports in a row: frames alternating
 * between two verdicts would otherwise make the text (and a screen reader) flicker.
 */
class SteadyGuidance {
  #candidate;
  #shown;

  /** The advice to show now, or undefined to keep what is shown. */
  offer(key) {
    if (key === this.#shown) {
      this.#candidate = undefined;
      return undefined;
    }
    if (key === this.#candidate || this.#shown === undefined) {
      this.#shown = key;
      this.#candidate = undefined;
      return key;
    }
    this.#candidate = key;
    return undefined;
  }

  reset() {
    this.#candidate = undefined;
    this.#shown = undefined;
  }
}

/** The id of the camera a stream comes from, where the browser says. */
function deviceIdOf(stream) {
  return stream.getVideoTracks()[0]?.getSettings?.().deviceId;
}

/**
 * Keyless's theme-options keys (flat, or under `colors`) and the custom property of ours each sets.
 * Values must be colours: anything else, and any other key, is listed in configurationProblems.
 */
const THEME_COLORS = Object.freeze({
  primaryColor: '--kl-accent', accentColor: '--kl-accent', backgroundColor: '--kl-bg', textColor: '--kl-fg',
  foregroundColor: '--kl-fg', mutedColor: '--kl-muted', successColor: '--kl-ok', warningColor: '--kl-warn', errorColor: '--kl-bad',
});

/** Parses a JSON attribute that must hold an object; the problem, if any, as a sentence. */
function jsonObject(name, value) {
  if (value === null || value.trim() === '') {
    return { object: {} };
  }
  try {
    const object = JSON.parse(value);
    return object && typeof object === 'object' && !Array.isArray(object) ? { object } : { problem: `${name}: not a JSON object` };
  } catch {
    return { problem: `${name}: not valid JSON` };
  }
}

class LikenessElement extends ElementBase {
  static observedAttributes = ['authorization-token', 'customer', 'enable-camera-instructions', 'key', 'public-key',
    'key-id', 'lang', 'size', 'theme', 'transaction-data', 'username', 'ws-url', 'assets-url', 'session-timeout', 'consent',
    // Keyless's component attributes, mapped onto ours (README, "Coming from Keyless").
    'localization-packs', 'localization-variables', 'theme-options', 'operation-id'];

  /** `inline` (in the page's flow) or `dialog` (a modal over the page: kl-enroll-dialog, kl-auth-dialog). */
  static presentation = 'inline';

  #view;
  #running = false;
  #attempts = 0;
  // The moves of the attempt's liveness challenge, when the server asked for one, and how many are made.
  #challenge;
  #movesDone = 0;
  /** The token the last attempt used: a retry waits for a different one (tokens are single-use). */
  #usedToken;
  #stream;
  #source;
  #deviceId;
  /** Counts camera choices: only the latest one, once its camera opens, is switched to. */
  #cameraChoices = 0;
  /** The symbol of the attempt under way, if any. */
  #attempt;
  #steady = new SteadyGuidance();
  #onfinished = null;
  /** Whether the user pressed Start on the consent step (attribute `consent`). */
  #consented = false;
  /** localization-variables: `{{name}}` (or `{name}`) in any string is replaced by its value. */
  #variables = {};
  /** What the Keyless attributes held that could not be used, one sentence each (none: an empty list). */
  configurationProblems = [];

  /**
   * Optional: `async ({ attempt, code }) => token`, called before each retry for a fresh user
   * authorization token. Without it the element dispatches `retry` and waits for a new
   * `authorization-token` attribute.
   */
  authorizationTokenProvider = null;

  constructor() {
    super();
    this.#view = new CaptureView(this.attachShadow({ mode: 'open' }), { modal: this.constructor.presentation === 'dialog' });
    this.#view.onCancel = () => this.#cancel();
  }

  /** Handler of the `finished` event, like `onerror` is of `error`. */
  get onfinished() {
    return this.#onfinished;
  }

  set onfinished(handler) {
    if (this.#onfinished) {
      this.removeEventListener('finished', this.#onfinished);
    }
    this.#onfinished = typeof handler === 'function' ? handler : null;
    if (this.#onfinished) {
      this.addEventListener('finished', this.#onfinished);
    }
  }

  connectedCallback() {
    this.#layout();
    this.#view.open();
    globalThis.navigator?.mediaDevices?.addEventListener?.('devicechange', this.#camerasChanged);
    // Frameworks set attributes right after insertion: start once this task is over.
    queueMicrotask(() => this.#startWhenReady());
  }

  disconnectedCallback() {
    // Removed from the page (a route change, say): the attempt under way is abandoned, so the
    // camera goes off and the server hears Stop at once instead of at the session timeout.
    if (this.#attempt) {
      abandonKeylessAttempt(this.#attempt);
      this.#attempt = undefined;
    }
    this.#running = false;
    this.#releaseCamera();
    globalThis.navigator?.mediaDevices?.removeEventListener?.('devicechange', this.#camerasChanged);
    this.#view.close();
  }

  /** A camera plugged in or out: the switcher lists what is there now, while a camera is in use. */
  #camerasChanged = async () => {
    if (this.#stream) {
      await this.#listCameras();
    }
  };

  attributeChangedCallback(name) {
    if (['localization-packs', 'localization-variables', 'theme-options'].includes(name)) {
      this.#readKeylessAttributes();
    }
    this.#layout();
    if (this.isConnected) {
      this.#startWhenReady();
    }
  }

  /** The guidance language: the lang attribute, else the page's; never overrides HTMLElement.lang. */
  get #language() {
    return this.getAttribute('lang') || document.documentElement.lang || 'en';
  }

  #text(key) {
    return text(this.#language, key).replace(/\{\{?\s*([\w.-]+)\s*\}?\}/g,
      (placeholder, name) => (Object.hasOwn(this.#variables, name) ? String(this.#variables[name]) : placeholder));
  }

  /**
   * Keyless's localization-packs (`{"<lang>": {"<key>": "text"}}`, registered like
   * registerLikenessStrings), localization-variables (`{"<name>": "value"}`, replacing `{{name}}`)
   * and theme-options (colours as our custom properties; `mode` as the theme).
   */
  #readKeylessAttributes() {
    const problems = [];
    const packs = jsonObject('localization-packs', this.getAttribute('localization-packs'));
    for (const [lang, table] of Object.entries(packs.object ?? {})) {
      const unknown = table && typeof table === 'object' ? registerLikenessStrings(lang, table) : ['(not an object)'];
      problems.push(...unknown.map((key) => `localization-packs: ${lang}.${key} is not one of STRING_KEYS`));
    }
    const variables = jsonObject('localization-variables', this.getAttribute('localization-variables'));
    this.#variables = variables.object ?? {};
    const theme = jsonObject('theme-options', this.getAttribute('theme-options'));
    for (const property of new Set(Object.values(THEME_COLORS))) {
      this.style.removeProperty(property);
    }
    const options = theme.object ?? {};
    const colors = { ...options, ...(options.colors && typeof options.colors === 'object' ? options.colors : {}) };
    for (const [key, value] of Object.entries(colors)) {
      if (key === 'colors') {
        continue;
      }
      if (key === 'mode' && (value === 'light' || value === 'dark')) {
        this.setAttribute('theme', value);
      } else if (THEME_COLORS[key] && typeof value === 'string' && globalThis.CSS?.supports?.('color', value)) {
        this.style.setProperty(THEME_COLORS[key], value);
      } else {
        problems.push(`theme-options: ${key} is not used (${THEME_COLORS[key] ? 'not a colour' : 'unknown'})`);
      }
    }
    this.configurationProblems = [packs, variables, theme].flatMap((parsed) => (parsed.problem ? [parsed.problem] : [])).concat(problems);
  }

  #layout() {
    const lang = this.#language;
    this.#view.layout({
      size: this.getAttribute('size') ?? 'medium',
      dir: directionOf(lang),
      lang,
      labels: { progress: this.#text('progress'), camera: this.#text('camera'), retry: this.#text('retry'), cancel: this.#text('cancel'),
        dialog: this.#text('dialogTitle') },
    });
    const instructions = this.hasAttribute('enable-camera-instructions') && this.getAttribute('enable-camera-instructions') !== 'false';
    this.#view.instructions(this.#text('cameraInstructions'), instructions && this.#attempts === 0 && this.#view.state === 'starting');
  }

  #options() {
    return {
      authorization: { token: this.getAttribute('authorization-token') ?? '' },
      customer: { name: this.getAttribute('customer') ?? '' },
      key: { id: this.getAttribute('key-id') ?? '', value: this.getAttribute('key') ?? this.getAttribute('public-key') ?? '' },
      // Keyless's operation-id names what the user approves: without transaction-data it is what the
      // transaction JWT signs (td), so the backend sees the token is for that operation.
      transaction: { data: this.getAttribute('transaction-data') ?? this.getAttribute('operation-id') ?? '' },
      username: this.getAttribute('username') ?? '',
      ws: { url: this.getAttribute('ws-url') ?? '' },
      ...(this.#sessionTimeoutMs() ? { session: { timeoutMs: this.#sessionTimeoutMs() } } : {}),
    };
  }

  /** session-timeout, in seconds, as milliseconds; undefined (the SDK's 60 s) when absent or not a positive number. */
  #sessionTimeoutMs() {
    const seconds = Number.parseFloat(this.getAttribute('session-timeout') ?? '');
    return seconds > 0 ? Math.round(seconds * 1000) : undefined;
  }

  #hasRequiredAttributes() {
    return ['authorization-token', 'customer', 'key-id', 'username', 'ws-url'].every((name) => this.getAttribute(name))
      && (this.getAttribute('key') || this.getAttribute('public-key'));
  }

  /**
   * Starts an attempt when none runs, every attribute is there and the token is one not used yet;
   * with `consent`, only once the user pressed Start (the camera stays off until then).
   */
  async #startWhenReady() {
    if (this.#running || !this.#hasRequiredAttributes() || this.getAttribute('authorization-token') === this.#usedToken) {
      return;
    }
    if (this.hasAttribute('consent') && this.getAttribute('consent') !== 'false' && !this.#consented) {
      this.#view.instructions(this.#text('consent'), true);
      this.#view.retry(true, () => {
        this.#consented = true;
        this.#view.instructions('', false);
        this.#startWhenReady();
      }, { label: this.#text('start'), focus: false });
      return;
    }
    this.#running = true;
    this.#attempts += 1;
    this.#usedToken = this.getAttribute('authorization-token');
    this.#steady.reset();
    this.#challenge = undefined;
    this.#movesDone = 0;
    this.#view.retry(false);
    this.#view.cancellable(true);
    this.#view.progress = 0;
    this.#view.state = 'starting';
    this.#view.say(this.#text('starting'));
    // The client filters load while the camera starts; without them the server's filters still guide.
    const assets = this.getAttribute('assets-url');
    const [, stream] = await Promise.all([
      importKeylessWebAssemblyModuleOrThrow(assets ? { baseUrl: assets } : {}).catch(() => undefined), this.#camera()]);
    if (stream instanceof Error) {
      this.#fail(stream.message);
      return;
    }
    if (!this.isConnected) {
      this.#releaseCamera(); // removed while the camera started
      return;
    }
    this.#source = new MediaStreamFrameSource(stream);
    const sym = this.constructor.operation === 'enroll' ? createKeylessEnroll() : createKeylessAuth();
    this.#attempt = sym;
    addKeylessEventListeners(sym, [
      { name: 'begin-stream', callback: () => {
        this.#layout();
        this.#view.state = 'searching';
        this.#view.say(this.#text('ready'));
      } },
      { name: 'frame-results', callback: (e) => this.#guide(reduceKeylessBiometricFiltersToTriggered(e.filters), e.accepted) },
      { name: 'video-frame-quality', callback: (e) => this.#guide(e.filters, false) },
      { name: 'progress', callback: (p) => {
        const frames = p.framesNeeded > 0 ? Math.min(1, p.framesUsed / p.framesNeeded) : 0;
        // Under a challenge the decision waits for its moves as much as for frames: half the bar each.
        this.#view.progress = this.#challenge ? (frames + (p.challengeMovesDone ?? 0) / this.#challenge.length) / 2 : frames;
        if (this.#challenge && p.challengeMovesDone !== this.#movesDone) {
          this.#movesDone = p.challengeMovesDone;
          this.#instruct();
        }
      } },
      { name: 'challenge', callback: (c) => {
        this.#challenge = c.moves;
        this.#movesDone = 0;
        this.#instruct();
      } },
      { name: 'finished', callback: (detail) => {
        this.#running = false;
        this.#view.move = undefined;
        this.#view.state = 'done';
        this.#view.progress = 1;
        this.#view.say(this.#text('finished'));
        this.#releaseCamera();
        this.#view.cancellable(false);
        this.dispatchEvent(new CustomEvent('finished', { detail }));
        this.#view.close();
      } },
      { name: 'error', callback: (error) => this.#fail(error.message) },
    ]);
    const opened = await openKeylessWebSocketConnection(sym, { ...this.#options(), frameSource: this.#source });
    if (opened instanceof Error) {
      this.#fail(opened.message);
    }
  }

  /** The camera stream (the chosen one, if the user chose), shown under the guide, with the switcher filled in. */
  async #camera() {
    let stream = await createKeylessMediaStream(this.#deviceId ? { deviceId: this.#deviceId } : {});
    if (stream instanceof Error && this.#deviceId) {
      // The camera chosen before will not open (unplugged, say, which ended the last attempt): any
      // camera will do, rather than a retry that fails the same way every time.
      stream = await createKeylessMediaStream();
    }
    if (stream instanceof Error) {
      return stream;
    }
    this.#stream = stream;
    this.#view.stream = stream;
    this.#deviceId = deviceIdOf(stream) ?? this.#deviceId;
    await this.#listCameras();
    return stream;
  }

  /** Fills the switcher (shown with two cameras or more), the one in use chosen. */
  async #listCameras() {
    const devices = await getKeylessVideoMediaDevices();
    this.#view.cameras(Array.isArray(devices) ? devices : [], this.#deviceId, (id) => this.#switchCamera(id),
      (index) => `${this.#text('camera')} ${index + 1}`);
  }

  /** Another camera, mid-attempt: the frames come from it from now on; the session goes on. */
  async #switchCamera(deviceId) {
    this.#deviceId = deviceId;
    if (!this.#running || !this.#source) {
      return; // the next attempt opens it
    }
    const source = this.#source;
    const choice = ++this.#cameraChoices;
    const stream = await createKeylessMediaStream({ deviceId });
    const superseded = choice !== this.#cameraChoices;
    if (stream instanceof Error) {
      if (!superseded && this.#stream) {
        // It would not open (another application holds it, it was unplugged): the current camera
        // keeps working, and the switcher, listed again, shows that one rather than a camera not in use.
        this.#deviceId = deviceIdOf(this.#stream) ?? this.#deviceId;
        await this.#listCameras();
      }
      return;
    }
    if (superseded || !this.#running || this.#source !== source) {
      releaseStream(stream); // chosen again, or the attempt ended, while it opened: its light goes off
      return;
    }
    const previous = this.#stream;
    this.#stream = stream;
    this.#view.stream = stream;
    this.#source.switchTo(stream);
    releaseStream(previous);
  }

  /** The challenge's next move as the instruction, with its direction cue, announced; once all are made, back to guidance. */
  #instruct() {
    const move = this.#challenge?.[this.#movesDone];
    this.#view.move = move;
    if (move && this.#running) {
      this.#view.state = 'hold';
      this.#view.say(this.#text(MOVE_STRINGS[move] ?? 'ready'));
    }
  }

  #guide(triggered, accepted) {
    if (!this.#running) {
      return;
    }
    const noFace = triggered.some((name) => NO_FACE.has(name));
    if (this.#challenge?.[this.#movesDone] && !noFace) {
      return; // the move asked for stays on screen: a turned head is what it asks, not something to correct
    }
    const advice = guidanceFor(this.#language, triggered);
    const key = noFace ? 'searching' : advice ? `adjust:${advice}` : accepted ? 'hold' : undefined;
    if (key === undefined) {
      return; // a client check that passed: the server's verdict on the frame is what counts
    }
    if (this.#steady.offer(key) === undefined) {
      return;
    }
    this.#view.state = key.startsWith('adjust') ? 'adjust' : key;
    this.#view.say(advice ?? this.#text(key === 'hold' ? 'holdStill' : 'ready'));
  }

  /**
   * The user cancelled (the cancel button, or Escape in a dialog): the attempt is abandoned, the
   * camera goes off, `cancel` is dispatched; a dialog closes, an inline element offers to start again.
   */
  #cancel() {
    if (!this.#running && this.#view.state !== 'starting') {
      this.dispatchEvent(new CustomEvent('cancel')); // a dialog closed after its attempt ended
      this.#view.close();
      return;
    }
    if (this.#attempt) {
      abandonKeylessAttempt(this.#attempt);
      this.#attempt = undefined;
    }
    this.#running = false;
    this.#view.move = undefined;
    this.#releaseCamera();
    this.#view.cancellable(false);
    this.#view.state = 'cancelled';
    this.#view.say(this.#text('cancelled'));
    this.#view.retry(true, () => this.#retry(null));
    this.dispatchEvent(new CustomEvent('cancel'));
    this.#view.close();
  }

  #fail(code) {
    this.#running = false;
    this.#view.cancellable(false);
    this.#view.move = undefined;
    this.#releaseCamera();
    this.#view.state = 'failed';
    this.#view.say(this.#text(failureKey(code)));
    // A refused camera: where this browser keeps the choice, or the retry fails the same way.
    this.#view.instructions(this.#text(permissionHelpKey()), code === 'MEDIA_STREAM_NOT_ALLOWED');
    const recoverable = !FINAL_ERRORS.has(code) && !code.endsWith('_UNSET');
    this.#view.retry(recoverable, () => this.#retry(code));
    // An ErrorEvent whose message is the KeylessError code; `onerror` sees it like any error event.
    this.dispatchEvent(new ErrorEvent('error', { message: code, error: new Error(code) }));
  }

  /** A new attempt: a fresh token from the provider, or from whoever handles `retry` (a new attribute). */
  async #retry(code) {
    this.#view.retry(false);
    this.#view.state = 'starting';
    this.#view.say(this.#text('starting'));
    if (typeof this.authorizationTokenProvider === 'function') {
      try {
        const token = await this.authorizationTokenProvider({ attempt: this.#attempts + 1, code });
        this.setAttribute('authorization-token', token);
      } catch {
        this.#fail(code);
      }
      return;
    }
    // The handler sets a new authorization-token (now or later), which starts the attempt.
    this.dispatchEvent(new CustomEvent('retry', { detail: { attempt: this.#attempts + 1, code } }));
    this.#startWhenReady();
  }

  #releaseCamera() {
    this.#view.stream = null;
    releaseStream(this.#stream);
    this.#stream = undefined;
  }
}

/** `<kl-enroll>`: enrolls the user. */
export class KlEnroll extends LikenessElement {
  static operation = 'enroll';
}

/** `<kl-auth>`: authenticates the user. */
export class KlAuth extends LikenessElement {
  static operation = 'auth';
}

/** `<kl-enroll-dialog>`: `<kl-enroll>` as a modal dialog, open while it is in the page (Keyless's dialog component). */
export class KlEnrollDialog extends KlEnroll {
  static presentation = 'dialog';
}

/** `<kl-auth-dialog>`: `<kl-auth>` as a modal dialog. */
export class KlAuthDialog extends KlAuth {
  static presentation = 'dialog';
}

/** Each element under its tag; registered once, and only where there is a custom element registry. */
const ELEMENTS = Object.freeze({ 'kl-enroll': KlEnroll, 'kl-auth': KlAuth, 'kl-enroll-dialog': KlEnrollDialog, 'kl-auth-dialog': KlAuthDialog });
for (const [tag, element] of Object.entries(ELEMENTS)) {
  if (globalThis.customElements && !globalThis.customElements.get(tag)) {
    globalThis.customElements.define(tag, element);
  }
}
