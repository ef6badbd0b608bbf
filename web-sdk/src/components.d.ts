/**
 * `<kl-enroll>` and `<kl-auth>`, registered when imported in a browser (nothing happens under
 * server-side rendering), and the whole headless API: one import gives both.
 */
import type { FinishedEvent, KeylessErrorCode } from './likeness-headless.js';

export * from './likeness-headless.js';

/** `finished`: `event.detail` is the finished payload (`transactionJwt`, also as `transactionJWT`). */
export interface KlFinishedEvent extends CustomEvent<FinishedEvent> {}

/** `error`: an ErrorEvent whose `message` is the KeylessError code. */
export interface KlErrorEvent extends ErrorEvent {
  readonly message: KeylessErrorCode | `SERVER_${string}`;
}

/** Dispatched when the user presses "Try again" and no authorizationTokenProvider is set: set a fresh `authorization-token`. */
export interface KlRetryEvent extends CustomEvent<{ attempt: number; code: KeylessErrorCode | `SERVER_${string}` | null }> {}

/** The attributes the elements read (all strings, as HTML has them). */
export interface KlElementAttributes {
  'authorization-token'?: string;
  customer?: string;
  username?: string;
  'ws-url'?: string;
  /** The image encryption public key (PEM); `public-key` is the same (React reserves `key`). */
  key?: string;
  'public-key'?: string;
  'key-id'?: string;
  'transaction-data'?: string;
  /** The guidance language (en, fr, de, es, it, pt, ar, or one registered); else the page's. */
  lang?: string;
  theme?: 'light' | 'dark';
  /** small (240 px), medium (360 px), large (480 px), or a width in px. */
  size?: 'small' | 'medium' | 'large' | `${number}`;
  'enable-camera-instructions'?: boolean | '' | 'true' | 'false';
  /** Where the detector, models/ and wasm/ are served, when a bundler moved this module. */
  'assets-url'?: string;
  /** A Start step, with what the camera is for, before the camera opens. */
  consent?: boolean | '' | 'true' | 'false';
  /** Seconds the user has to reach a decision once the camera streams (60). */
  'session-timeout'?: `${number}`;
  /** Keyless's attributes (README, "Coming from Keyless"): JSON objects, and the operation the JWT signs. */
  'localization-packs'?: string;
  'localization-variables'?: string;
  'theme-options'?: string;
  'operation-id'?: string;
}

declare class LikenessElement extends HTMLElement {
  onfinished: ((event: KlFinishedEvent) => void) | null;
  /** Called before each retry for a fresh user authorization token (tokens are single-use); `code` is null after a cancel. */
  authorizationTokenProvider: ((retry: { attempt: number; code: KeylessErrorCode | `SERVER_${string}` | null }) => Promise<string> | string)
    | null;
  addEventListener<K extends keyof KlElementEventMap>(type: K, listener: (this: LikenessElement, event: KlElementEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

/** The events the elements dispatch, by name. */
export interface KlElementEventMap extends HTMLElementEventMap {
  finished: KlFinishedEvent;
  error: KlErrorEvent;
  retry: KlRetryEvent;
  /** The user cancelled (the cancel button, or Escape in a dialog). */
  cancel: Event;
}

export declare class KlEnroll extends LikenessElement {}
export declare class KlAuth extends LikenessElement {}

/** The keys a string table may have: every filter name, and the component's own texts (README, "Languages"). */
export declare const STRING_KEYS: readonly string[];
/** The languages shipped complete. */
export declare const LANGUAGES: readonly string[];

/**
 * Overrides or adds strings for a language (`'fr'`, `'nl'`, ...); missing keys fall back to English.
 * Returns the keys it did not know.
 */
export declare function registerLikenessStrings(lang: string, strings: Partial<Record<string, string>>): string[];

declare global {
  interface HTMLElementTagNameMap {
    'kl-enroll': KlEnroll;
    'kl-auth': KlAuth;
  }
  interface HTMLElementEventMap {
    retry: KlRetryEvent;
  }
}
