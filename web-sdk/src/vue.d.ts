/**
 * `<kl-enroll>` and `<kl-auth>` in Vue templates, checked by vue-tsc: their attributes, and the
 * `finished` and `error` events. Opt in once: `import type {} from '@likeness/web-sdk/vue';` (and
 * tell Vue's compiler they are custom elements: `isCustomElement: (tag) => tag.startsWith('kl-')`).
 */
import type { DefineComponent } from 'vue';
import type { KlElementAttributes, KlErrorEvent, KlFinishedEvent } from './likeness-components.js';

/** The element as Vue's type checker sees it. */
export type KlVueElement = DefineComponent<KlElementAttributes & {
  onFinished?: (event: KlFinishedEvent) => void;
  onError?: (event: KlErrorEvent) => void;
}>;

declare module 'vue' {
  interface GlobalComponents {
    'kl-enroll': KlVueElement;
    'kl-auth': KlVueElement;
  }
}
