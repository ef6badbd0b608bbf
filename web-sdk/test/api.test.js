import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addKeylessEventListeners, createKeylessAuth, createKeylessEnroll, KeylessError, openKeylessWebSocketConnection,
  reduceKeylessBiometricFiltersToTriggered,
} from '../src/index.js';
import { missingOption } from '../src/attempt.js';
import { Listeners } from '../src/events.js';

const complete = {
  authorization: { token: 't' }, customer: { name: 'demo' }, key: { id: 'k', value: 'v' },
  transaction: { data: 'td' }, username: 'grace', ws: { url: 'ws://localhost:1/v1/sessions' },
};

test('every missing required option has its own *_UNSET code', () => {
  assert.equal(missingOption(complete), undefined);
  const cases = [
    [{ ...complete, ws: {} }, 'WS_URL_UNSET'],
    [{ ...complete, customer: { name: '' } }, 'CUSTOMER_NAME_UNSET'],
    [{ ...complete, username: undefined }, 'USERNAME_UNSET'],
    [{ ...complete, authorization: {} }, 'AUTHORIZATION_TOKEN_UNSET'],
    [{ ...complete, key: { value: 'v' } }, 'KEY_ID_UNSET'],
    [{ ...complete, key: { id: 'k' } }, 'KEY_VALUE_UNSET'],
  ];
  for (const [options, code] of cases) {
    assert.equal(missingOption(options), code);
    assert.equal(KeylessError[code], code);
  }
  assert.equal(missingOption(undefined), 'WS_URL_UNSET');
});

test('openKeylessWebSocketConnection resolves to the Error of a missing option', async () => {
  const result = await openKeylessWebSocketConnection(createKeylessEnroll(), { ...complete, username: '' });
  assert.ok(result instanceof Error);
  assert.equal(result.message, 'USERNAME_UNSET');
  const unknown = await openKeylessWebSocketConnection(Symbol('not ours'), complete);
  assert.equal(unknown.message, 'SESSION_UNKNOWN');
});

test('one symbol allows exactly one attempt', async () => {
  const sym = createKeylessAuth();
  const first = await openKeylessWebSocketConnection(sym, { ...complete, key: { id: 'k', value: 'not a key' } });
  assert.equal(first.message, 'SERVER_IMAGE_ENCRYPT_FAILED');
  const second = await openKeylessWebSocketConnection(sym, complete);
  assert.equal(second.message, 'SESSION_ALREADY_STARTED');
});

test('addKeylessEventListeners ignores unknown names, missing callbacks and extra keys', () => {
  const sym = createKeylessEnroll();
  assert.doesNotThrow(() => addKeylessEventListeners(sym, [
    { name: 'finished', callback: () => {}, once: true, priority: 3 },
    { name: 'no-such-event', callback: () => {} },
    { name: 'error' },
    null,
    'finished',
  ]));
  assert.doesNotThrow(() => addKeylessEventListeners(sym, undefined));
  assert.doesNotThrow(() => addKeylessEventListeners(Symbol('unknown'), [{ name: 'error', callback: () => {} }]));
});

test('listeners: valid entries are called, unknown ones ignored, a throwing one does not stop the others', () => {
  const listeners = new Listeners();
  const calls = [];
  const rescheduled = [];
  const queue = globalThis.queueMicrotask;
  globalThis.queueMicrotask = (task) => rescheduled.push(task);
  try {
    listeners.add([
      { name: 'finished', callback: () => { throw new Error('integrator bug'); } },
      { name: 'finished', callback: (payload) => calls.push(['finished', payload]), once: true },
      { name: 'no-such-event', callback: () => calls.push(['unknown']) },
      { name: 'error' },
      null,
    ]);
    listeners.emit('finished', { transactionJwt: 'a.b.c' });
    listeners.emit('no-such-event', {});
  } finally {
    globalThis.queueMicrotask = queue;
  }
  assert.deepEqual(calls, [['finished', { transactionJwt: 'a.b.c' }]]);
  // The listener's failure is not swallowed: it is rethrown outside the SDK's call stack.
  assert.equal(rescheduled.length, 1);
  assert.throws(rescheduled[0], /integrator bug/);
  listeners.clear();
  listeners.emit('finished', {});
  assert.equal(calls.length, 1);
});

test('reduceKeylessBiometricFiltersToTriggered takes objects and arrays', () => {
  assert.deepEqual(reduceKeylessBiometricFiltersToTriggered({ face_missing: true, face_multiple: false }), ['face_missing']);
  assert.deepEqual(reduceKeylessBiometricFiltersToTriggered([{ name: 'face_too_small', triggered: true },
    { name: 'face_missing', triggered: false }]), ['face_too_small']);
  assert.deepEqual(reduceKeylessBiometricFiltersToTriggered(['FaceAbsent']), ['FaceAbsent']);
  assert.deepEqual(reduceKeylessBiometricFiltersToTriggered({}), []);
  assert.deepEqual(reduceKeylessBiometricFiltersToTriggered(undefined), []);
});

test('server error codes come from the protocol', () => {
  for (const code of ['SERVER_FORBIDDEN', 'SERVER_FACE_DOES_NOT_MATCH', 'SERVER_USER_NOT_FOUND', 'SERVER_TIMEOUT',
    'SERVER_USER_ALREADY_ENROLLED', 'SERVER_IMAGE_ENCRYPT_FAILED', 'SERVER_USER_LOCKED_OUT', 'SERVER_NO_ATTEMPTS_LEFT', 'SERVER_TEMPLATE_OUTDATED',
    'SERVER_LIVENESS_FAILED']) {
    assert.equal(KeylessError[code], code);
  }
  assert.equal(KeylessError.ERROR_CODE_UNSPECIFIED, undefined);
});
