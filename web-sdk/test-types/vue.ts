// The Vue typings: what a template's <kl-auth> accepts, as vue-tsc reads GlobalComponents.
import type { GlobalComponents } from 'vue';
import type {} from '@likeness/web-sdk/vue';

type KlAuthProps = InstanceType<GlobalComponents['kl-auth']>['$props'];

export const props: KlAuthProps = {
  'ws-url': 'wss://gateway/v1/sessions', customer: 'demo', username: 'grace', 'key-id': 'demo-image-1',
  onFinished: (event) => event.detail.transactionJWT,
  onError: (event) => event.message,
};

// @ts-expect-error: size is small, medium, large or a number of pixels
export const wrong: KlAuthProps = { size: 'huge' };
