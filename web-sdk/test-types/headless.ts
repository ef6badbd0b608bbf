// The headless declarations against code written to them (and to Keyless's headless documentation):
// each listener's payload is the event's, error codes are a closed union, and misuse does not compile.
import {
  addKeylessEventListeners, createKeylessAuth, createKeylessMediaStream, getLastKeylessVideoFrameQuality, KeylessError,
  openKeylessWebSocketConnection, reduceKeylessBiometricFiltersToTriggered,
} from '@likeness/web-sdk';
import type { KeylessErrorCode, KeylessEventListener, KeylessEventMap } from '@likeness/web-sdk';

const sym = createKeylessAuth();
addKeylessEventListeners(sym, [
  { name: 'finished', callback: (finished) => { const token: string = finished.transactionJwt; void token; } },
  // Keyless's component documentation reads the token as transactionJWT: the same string here.
  { name: 'finished', callback: ({ transactionJWT, type }) => { const op: 'enroll' | 'auth' = type; void [transactionJWT, op]; } },
  { name: 'error', callback: (error) => { const code: string = error.message; void (code === KeylessError.SESSION_READY_TIMEOUT); } },
  { name: 'frame-results', callback: (result) => { void reduceKeylessBiometricFiltersToTriggered(result.filters); } },
  { name: 'progress', callback: ({ framesUsed, framesNeeded, challengeMovesDone }) => { void (framesUsed / framesNeeded + challengeMovesDone); } },
  { name: 'challenge', callback: ({ moves }) => { void moves.includes('TURN_LEFT'); } },
  { name: 'ws-close', callback: ({ code, reason }) => { void [code.toFixed(), reason.trim()]; } },
  { name: 'step-change', callback: ({ step }) => { void (step === 'streaming'); } },
]);

// @ts-expect-error: the finished payload has no `token`
addKeylessEventListeners(sym, [{ name: 'finished', callback: (finished) => finished.token }]);
// @ts-expect-error: no such event
addKeylessEventListeners(sym, [{ name: 'done', callback: () => undefined }]);
// @ts-expect-error: a progress payload is not a frame result
const wrong: KeylessEventListener = { name: 'progress', callback: (result: KeylessEventMap['frame-results']) => result.accepted };
void wrong;

const code: KeylessErrorCode = KeylessError.SERVER_FACE_DOES_NOT_MATCH;
// @ts-expect-error: not a code the SDK reports
const invented: KeylessErrorCode = 'SERVER_SOMETHING_ELSE';
void [code, invented];

export async function start(token: string): Promise<void> {
  const stream = await createKeylessMediaStream({ width: 640 });
  if (stream instanceof Error) {
    const reason: string = stream.message;
    void reason;
    return;
  }
  const opened = await openKeylessWebSocketConnection(sym, {
    authorization: { token }, customer: { name: 'demo' }, key: { id: 'k', value: 'pem' }, username: 'grace',
    ws: { url: 'wss://gateway/v1/sessions' }, stream, session: { timeoutMs: 90_000 },
  });
  if (opened && opened.message === KeylessError.WEB_SOCKET_TIMEOUT) {
    void getLastKeylessVideoFrameQuality(sym)?.filters;
  }
}
