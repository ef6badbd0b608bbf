/**
 * Web components `<kl-enroll>` and `<kl-auth>` (CLIENT-SDK.md, "Web components"): the camera view
 * and localized guidance around one headless attempt. Importing this module registers them.
 */
import {
  addKeylessEventListeners, createKeylessAuth, createKeylessEnroll, createKeylessMediaStream,
  importKeylessWebAssemblyModuleOrThrow, openKeylessWebSocketConnection, reduceKeylessBiometricFiltersToTriggered,
} from './index.js';
import { guidanceFor, text } from './guidance.js';

const SIZES = Object.freeze({ small: 240, medium: 360, large: 480 });

const STYLE = `
  :host { display: inline-block; font: 16px/1.4 system-ui, sans-serif; --kl-fg: #111; --kl-bg: #fff; --kl-accent: #2563eb; }
  :host([theme="dark"]) { --kl-fg: #f5f5f5; --kl-bg: #111; --kl-accent: #60a5fa; }
  .frame { background: var(--kl-bg); color: var(--kl-fg); border-radius: 12px; padding: 12px; box-sizing: border-box; }
  video { width: 100%; border-radius: 8px; background: #000; transform: scaleX(-1); display: block; }
  .guidance { margin: 8px 0 0; min-height: 1.4em; text-align: center; font-weight: 600; }
  .instructions { margin: 8px 0 0; font-size: 0.875em; opacity: 0.8; text-align: center; }
  .instructions[hidden] { display: none; }
`;

class LikenessElement extends HTMLElement {
  static observedAttributes = ['authorization-token', 'customer', 'enable-camera-instructions', 'key', 'public-key',
    'key-id', 'lang', 'size', 'theme', 'transaction-data', 'username', 'ws-url'];

  #started = false;
  #guidance;
  #video;
  #instructions;
  #onfinished = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = `<style>${STYLE}</style>
      <div class="frame" part="frame">
        <video part="video" muted playsinline autoplay></video>
        <p class="guidance" part="guidance" role="status" aria-live="polite"></p>
        <p class="instructions" part="instructions" hidden></p>
      </div>`;
    this.#video = root.querySelector('video');
    this.#guidance = root.querySelector('.guidance');
    this.#instructions = root.querySelector('.instructions');
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
    // Frameworks set attributes right after insertion: start once this task is over.
    queueMicrotask(() => this.#startWhenReady());
  }

  attributeChangedCallback() {
    this.#layout();
    if (this.isConnected) {
      this.#startWhenReady();
    }
  }

  #layout() {
    const size = this.getAttribute('size') ?? 'medium';
    const width = SIZES[size] ?? (Number.parseInt(size, 10) || SIZES.medium);
    this.shadowRoot.querySelector('.frame').style.width = `${width}px`;
    this.#instructions.hidden = !this.hasAttribute('enable-camera-instructions')
      || this.getAttribute('enable-camera-instructions') === 'false';
    this.#instructions.textContent = text(this.#language, 'cameraInstructions');
  }

  /** The guidance language: the lang attribute, else the page's; never overrides HTMLElement.lang. */
  get #language() {
    return this.getAttribute('lang') || document.documentElement.lang || 'en';
  }

  #options() {
    return {
      authorization: { token: this.getAttribute('authorization-token') ?? '' },
      customer: { name: this.getAttribute('customer') ?? '' },
      key: { id: this.getAttribute('key-id') ?? '', value: this.getAttribute('key') ?? this.getAttribute('public-key') ?? '' },
      transaction: { data: this.getAttribute('transaction-data') ?? '' },
      username: this.getAttribute('username') ?? '',
      ws: { url: this.getAttribute('ws-url') ?? '' },
    };
  }

  #hasRequiredAttributes() {
    return ['authorization-token', 'customer', 'key-id', 'username', 'ws-url'].every((name) => this.getAttribute(name))
      && (this.getAttribute('key') || this.getAttribute('public-key'));
  }

  async #startWhenReady() {
    if (this.#started || !this.#hasRequiredAttributes()) {
      return;
    }
    this.#started = true;
    this.#say(text(this.#language, 'starting'));
    // The client filters load while the camera starts; without them the server's filters still guide.
    const [, stream] = await Promise.all([importKeylessWebAssemblyModuleOrThrow().catch(() => undefined),
      createKeylessMediaStream()]);
    if (stream instanceof Error) {
      this.#fail(stream.message);
      return;
    }
    this.#video.srcObject = stream;
    const sym = this.constructor.operation === 'enroll' ? createKeylessEnroll() : createKeylessAuth();
    addKeylessEventListeners(sym, [
      { name: 'begin-stream', callback: () => {
        this.#instructions.hidden = true;
        this.#say(text(this.#language, 'ready'));
      } },
      { name: 'frame-results', callback: (e) => this.#guide(reduceKeylessBiometricFiltersToTriggered(e.filters)) },
      { name: 'video-frame-quality', callback: (e) => this.#guide(e.filters) },
      { name: 'finished', callback: (detail) => {
        this.#say(text(this.#language, 'finished'));
        this.#video.srcObject = null;
        this.dispatchEvent(new CustomEvent('finished', { detail }));
      } },
      { name: 'error', callback: (error) => this.#fail(error.message) },
    ]);
    const opened = await openKeylessWebSocketConnection(sym, { ...this.#options(), stream });
    if (opened instanceof Error) {
      stream.getTracks().forEach((track) => track.stop());
      this.#fail(opened.message);
    }
  }

  #guide(triggered) {
    const guidance = guidanceFor(this.#language, triggered);
    if (guidance) {
      this.#say(guidance);
    }
  }

  #say(message) {
    if (this.#guidance.textContent !== message) {
      this.#guidance.textContent = message;
    }
  }

  #fail(code) {
    this.#video.srcObject = null;
    this.#say(text(this.#language, 'failed'));
    // An ErrorEvent whose message is the KeylessError code; `onerror` sees it like any error event.
    this.dispatchEvent(new ErrorEvent('error', { message: code, error: new Error(code) }));
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

if (!customElements.get('kl-enroll')) {
  customElements.define('kl-enroll', KlEnroll);
}
if (!customElements.get('kl-auth')) {
  customElements.define('kl-auth', KlAuth);
}
