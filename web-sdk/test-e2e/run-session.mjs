// Runs one session with the built SDK bundle (the file the gateway serves) against a real gateway,
// frames from JPEG files instead of a camera. Prints each event as a JSON line; the system tests
// (system-test/.../WebSdkInteropSystemTest.java) run it and check the outcome with jwt-verifier.
//
// env: LIKENESS_SDK_MODULE, LIKENESS_WS_URL, LIKENESS_CUSTOMER, LIKENESS_USERNAME, LIKENESS_OPERATION (enroll|auth),
//      LIKENESS_TOKEN, LIKENESS_KEY_ID, LIKENESS_KEY_FILE (PEM), LIKENESS_IMAGES (folder), LIKENESS_TRANSACTION_DATA
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';

const env = (name) => {
  const value = process.env[name];
  if (value === undefined) {
    throw new Error(`${name} is not set`);
  }
  return value;
};
const sdk = await import(pathToFileURL(env('LIKENESS_SDK_MODULE')).href);
const print = (event, payload) => process.stdout.write(`${JSON.stringify({ event, ...payload })}\n`);

const folder = env('LIKENESS_IMAGES');
const frames = readdirSync(folder).filter((f) => /\.jpe?g$/i.test(f)).sort().map((f) => new Uint8Array(readFileSync(join(folder, f))));
let next = 0;
const frameSource = { next: async () => frames[next++ % frames.length], close: () => print('camera-released', {}) };

const sym = env('LIKENESS_OPERATION') === 'enroll' ? sdk.createKeylessEnroll() : sdk.createKeylessAuth();
const ended = new Promise((resolve) => sdk.addKeylessEventListeners(sym, [
  { name: 'frame-results', callback: (e) => print('frame-results', { sequence: e.sequence, accepted: e.accepted,
    triggered: sdk.reduceKeylessBiometricFiltersToTriggered(e.filters) }) },
  { name: 'finished', callback: (e) => { print('finished', e); resolve(); } },
  { name: 'error', callback: (e) => { print('error', { code: e.message }); resolve(); } },
]));
const opened = await sdk.openKeylessWebSocketConnection(sym, {
  authorization: { token: env('LIKENESS_TOKEN') },
  customer: { name: env('LIKENESS_CUSTOMER') },
  key: { id: env('LIKENESS_KEY_ID'), value: readFileSync(env('LIKENESS_KEY_FILE'), 'utf8') },
  transaction: { data: env('LIKENESS_TRANSACTION_DATA') },
  username: env('LIKENESS_USERNAME'),
  ws: { url: env('LIKENESS_WS_URL'), WebSocket },
  frames: { perSecond: 10 },
  session: { timeoutMs: 60_000 },
  frameSource,
});
if (opened instanceof Error) {
  print('error', { code: opened.message });
} else {
  await ended;
}
