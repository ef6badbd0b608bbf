/**
 * `<kl-enroll>` and `<kl-auth>` in React's JSX (React 19, which passes properties and attributes to
 * custom elements). Opt in once, in any .ts(x) file: `import type {} from '@likeness/web-sdk/react';`
 */
import type { KlAuth, KlElementAttributes, KlEnroll, KlErrorEvent, KlFinishedEvent } from './likeness-components.js';

/** What JSX may set on the element: its attributes, the handlers as properties, and React's own props. */
export type KlJsxProps<Element extends HTMLElement> = KlElementAttributes & {
  ref?: import('react').Ref<Element>;
  id?: string;
  className?: string;
  style?: import('react').CSSProperties;
  onfinished?: (event: KlFinishedEvent) => void;
  onerror?: (event: KlErrorEvent) => void;
  /** Called before each retry for a fresh user authorization token. */
  authorizationTokenProvider?: Element extends KlEnroll | KlAuth ? Element['authorizationTokenProvider'] : never;
};

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'kl-enroll': KlJsxProps<KlEnroll>;
      'kl-auth': KlJsxProps<KlAuth>;
    }
  }
}
