/** Registers `<kl-enroll>` and `<kl-auth>` when imported. */

export interface KlFinishedEvent extends CustomEvent<{ customer: string; type: 'enroll' | 'auth'; username: string; transactionJwt: string }> {}

/** Dispatched when the user presses "Try again" and no authorizationTokenProvider is set: set a fresh `authorization-token`. */
export interface KlRetryEvent extends CustomEvent<{ attempt: number; code: string }> {}

declare class LikenessElement extends HTMLElement {
  onfinished: ((event: KlFinishedEvent) => void) | null;
  /** Called before each retry for a fresh user authorization token (tokens are single-use). */
  authorizationTokenProvider: ((retry: { attempt: number; code: string }) => Promise<string> | string) | null;
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
