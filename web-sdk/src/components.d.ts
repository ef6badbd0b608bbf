/** Registers `<kl-enroll>` and `<kl-auth>` when imported. */


export interface KlFinishedEvent extends CustomEvent<{ customer: string; type: 'enroll' | 'auth'; username: string; transactionJwt: string }> {}

export declare class KlEnroll extends HTMLElement {
  onfinished: ((event: KlFinishedEvent) => void) | null;
}
export declare class KlAuth extends HTMLElement {
  onfinished: ((event: KlFinishedEvent) => void) | null;
}

declare global {
  interface HTMLElementTagNameMap {
    'kl-enroll': KlEnroll;
    'kl-auth': KlAuth;
  }
}
