// The components' declarations: one import gives the elements and the headless API, the DOM knows the
// tags and their events, and React's JSX takes the elements with their attributes once opted in.
import { createKeylessEnroll, KeylessError, KlAuth } from '@likeness/web-sdk/components';
import type { KlFinishedEvent } from '@likeness/web-sdk/components';
import type {} from '@likeness/web-sdk/react';

const auth = document.querySelector('kl-auth');
if (auth instanceof KlAuth) {
  auth.onfinished = (event) => { const jwt: string = event.detail.transactionJWT; void jwt; };
  auth.addEventListener('error', (event) => { const code: string = event.message; void (code === KeylessError.SERVER_FORBIDDEN); });
  auth.addEventListener('retry', (event) => { void event.detail.attempt; });
  auth.authorizationTokenProvider = async ({ attempt }) => `token-${attempt}`;
}
const enroll: HTMLElementTagNameMap['kl-enroll'] = document.createElement('kl-enroll');
void [enroll, createKeylessEnroll()];

export function Login({ token }: { token: string }) {
  return (
    <kl-auth
      ws-url="wss://gateway/v1/sessions" customer="demo" username="grace" authorization-token={token}
      key-id="demo-image-1" public-key="-----BEGIN PUBLIC KEY-----" transaction-data="pay 10 EUR"
      lang="ar" theme="dark" size="small" enable-camera-instructions
      onfinished={(event: KlFinishedEvent) => event.detail.transactionJwt}
    />
  );
}

// @ts-expect-error: theme is light or dark
export const Wrong = () => <kl-enroll theme="blue" />;
