import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import { after, test } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import { likeness } from '../src/generated/likeness-protocol.js';
import {
  abandonKeylessAttempt, addKeylessEventListeners, createKeylessAuth, createKeylessEnroll, getLastKeylessServerFrameTriggeredBiometricFilters,
  openKeylessWebSocketConnection,
} from '../src/index.js';

const v1 = likeness.v1;
const imageKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' });

/** A scripted gateway: `script(socket, message)` answers each decoded ClientMessage. */
function gateway(script) {
  const server = new WebSocketServer({ port: 0 });
  const received = [];
  server.on('connection', (socket) => socket.on('message', (data) => {
    const message = v1.ClientMessage.decode(new Uint8Array(data));
    received.push(message);
    script(socket, message, received);
  }));
  after(() => server.close());
  return { url: `ws://127.0.0.1:${server.address().port}/v1/sessions`, received };
}

const send = (socket, message) => socket.send(v1.ServerMessage.encode(message).finish());

function frameSource() {
  const source = { closed: 0, next: async () => new Uint8Array([0xff, 0xd8, 1, 2, 3]), close() { this.closed += 1; } };
  return source;
}

function options(url, source, extra = {}) {
  return {
    authorization: { token: 'user-token' }, customer: { name: 'demo' }, key: { id: 'demo-image-1', value: imageKey },
    transaction: { data: 'pay 10 EUR' }, username: 'grace', ws: { url, WebSocket }, frameSource: source,
    frames: { perSecond: 50 }, ...extra,
  };
}

function record(sym) {
  const events = [];
  const done = new Promise((resolve) => {
    addKeylessEventListeners(sym, ['frame-results', 'finished', 'error', 'begin-stream', 'stop-stream', 'ws-open', 'ws-close',
      'step-change', 'video-frame-quality', 'progress', 'challenge'].map((name) => ({
      name,
      callback: (payload) => {
        events.push([name, payload]);
        if (name === 'finished' || name === 'error') {
          resolve();
        }
      },
    })));
  });
  return { events, done, names: () => events.map(([name]) => name) };
}

/**
 * A fresh attempt against `server` with its events recorded: what openKeylessWebSocketConnection
 * resolved to, and the attempt's symbol, recorder and frame source.
 */
async function attemptAgainst(server, extra = {}, { create = createKeylessEnroll, source = frameSource() } = {}) {
  const sym = create();
  const recorder = record(sym);
  const opened = await openKeylessWebSocketConnection(sym, options(server.url, source, extra));
  return { sym, recorder, source, opened };
}

test('a session sends Start, streams encrypted frames and finishes with the JWT, releasing the camera', async () => {
  const server = gateway((socket, message, received) => {
    if (message.start) {
      send(socket, { ready: { sessionId: 's-1', protocolVersion: 1 } });
    } else if (message.frame) {
      send(socket, { frameResult: { sequence: message.frame.sequence, accepted: true,
        filters: [{ name: "face_missing", triggered: Number(message.frame.sequence) === 1 }] } });
      if (received.filter((m) => m.frame).length === 3) {
        send(socket, { finished: { customer: 'demo', operation: v1.Operation.AUTH, username: 'grace', transactionJwt: 'a.b.c' } });
      }
    }
  });
  const { recorder, source, opened } = await attemptAgainst(server, {}, { create: createKeylessAuth });
  assert.equal(opened, undefined);
  await recorder.done;

  const start = server.received[0].start;
  assert.equal(start.protocolVersion, v1.ProtocolVersion.PROTOCOL_VERSION_1);
  assert.equal(start.operation, v1.Operation.AUTH);
  assert.deepEqual([start.customer, start.username, start.transactionData, start.authorizationToken, start.keyId],
    ['demo', 'grace', 'pay 10 EUR', 'user-token', 'demo-image-1']);
  const frames = server.received.filter((m) => m.frame).map((m) => m.frame);
  assert.deepEqual(frames.slice(0, 3).map((f) => Number(f.sequence)), [1, 2, 3]);
  assert.equal(frames[0].image.iv.length, 12);
  assert.equal(frames[0].image.wrappedKey.length, 256);

  const finished = recorder.events.find(([name]) => name === 'finished')[1];
  assert.deepEqual(finished, { customer: 'demo', type: 'auth', username: 'grace', transactionJwt: 'a.b.c', transactionJWT: 'a.b.c' },
    'the JWT under both names Keyless code reads it by');
  const firstResult = recorder.events.find(([name]) => name === 'frame-results')[1];
  assert.deepEqual(firstResult.filters, { face_missing: true });
  assert.equal(source.closed, 1, 'camera released');
  const names = recorder.names();
  assert.ok(names.indexOf('ws-open') < names.indexOf('begin-stream'));
  assert.ok(names.indexOf('stop-stream') < names.indexOf('finished'), 'released before finished is told');
});

test('Progress from the server is the progress event, in order, before finished', async () => {
  const server = gateway((socket, message) => {
    if (message.start) {
      send(socket, { ready: { sessionId: 's-p', protocolVersion: 1 } });
    } else if (message.frame) {
      const sequence = Number(message.frame.sequence);
      send(socket, { frameResult: { sequence, accepted: true, filters: [] } });
      if (sequence < 3) {
        send(socket, { progress: { sequence, framesUsed: sequence, framesNeeded: 3 } });
      } else if (sequence === 3) {
        send(socket, { finished: { customer: 'demo', operation: v1.Operation.ENROLL, username: 'grace', transactionJwt: 'a.b.c' } });
      }
    }
  });
  const { recorder, opened } = await attemptAgainst(server);
  assert.equal(opened, undefined);
  await recorder.done;
  const progress = recorder.events.filter(([name]) => name === 'progress').map(([, p]) => `${p.framesUsed}/${p.framesNeeded}`);
  assert.deepEqual(progress, ['1/3', '2/3']);
  assert.ok(recorder.names().lastIndexOf('progress') < recorder.names().indexOf('finished'));
});

test('a Challenge from the server is the challenge event, its moves by name; Progress counts the moves made', async () => {
  const server = gateway((socket, message) => {
    if (message.start) {
      send(socket, { ready: { sessionId: 's-c', protocolVersion: 1 } });
    } else if (message.frame) {
      const sequence = Number(message.frame.sequence);
      send(socket, { frameResult: { sequence, accepted: true, filters: [] } });
      if (sequence === 1) {
        send(socket, { challenge: { moves: [v1.ChallengeMove.TURN_LEFT, v1.ChallengeMove.LOOK_DOWN], timeLimitMs: 10000 } });
      } else if (sequence < 4) {
        send(socket, { progress: { sequence, framesUsed: 1, framesNeeded: 3, challengeMovesDone: sequence - 1 } });
      } else if (sequence === 4) {
        send(socket, { finished: { customer: 'demo', operation: v1.Operation.AUTH, username: 'grace', transactionJwt: 'a.b.c' } });
      }
    }
  });
  const { recorder } = await attemptAgainst(server);
  await recorder.done;
  const challenges = recorder.events.filter(([name]) => name === 'challenge').map(([, c]) => c);
  assert.equal(challenges.length, 1);
  assert.deepEqual(challenges[0].moves, ['TURN_LEFT', 'LOOK_DOWN']);
  assert.equal(challenges[0].timeLimitMs, 10000);
  const done = recorder.events.filter(([name]) => name === 'progress').map(([, p]) => p.challengeMovesDone);
  assert.deepEqual(done, [1, 2]);
});

test('the SDK keeps to the credit Ready grants: never more frames unanswered, the next sent when a result frees one', async () => {
  // A slow gateway: it answers each frame 150 ms late, and grants two frames in flight; the camera runs at 50 fps.
  let unanswered = 0;
  let mostUnanswered = 0;
  const server = gateway((socket, message, received) => {
    if (message.start) {
      send(socket, { ready: { sessionId: 's-credit', protocolVersion: 1, maxInFlight: 2, frameResultTimeoutMs: 5000 } });
    } else if (message.frame) {
      unanswered += 1;
      mostUnanswered = Math.max(mostUnanswered, unanswered);
      setTimeout(() => {
        unanswered -= 1;
        send(socket, { frameResult: { sequence: message.frame.sequence, accepted: true, filters: [] } });
        if (received.filter((m) => m.frame).length === 6) {
          send(socket, { finished: { customer: 'demo', operation: v1.Operation.AUTH, username: 'grace', transactionJwt: 'a.b.c' } });
        }
      }, 150);
    }
  });
  const started = Date.now();
  const { recorder } = await attemptAgainst(server, {}, { create: createKeylessAuth });
  await recorder.done;
  assert.equal(mostUnanswered, 2, 'two frames in flight at most');
  // Six frames at two per 150 ms take at least 3 x 150 ms; without credits a 50 fps camera sends them in ~120 ms.
  assert.ok(Date.now() - started >= 400, `paced by results, took ${Date.now() - started} ms`);
  assert.ok(recorder.names().includes('finished'));
});

test('a server error ends the attempt with its code', async () => {
  const server = gateway((socket, message) => {
    if (message.start) {
      send(socket, { error: { code: v1.ErrorCode.SERVER_FORBIDDEN, message: 'user authorization refused' } });
      socket.close(1000);
    }
  });
  const { recorder, source } = await attemptAgainst(server);
  await recorder.done;
  const error = recorder.events.find(([name]) => name === 'error')[1];
  assert.ok(error instanceof Error);
  assert.equal(error.message, 'SERVER_FORBIDDEN');
  assert.equal(recorder.names().filter((n) => n === 'error').length, 1);
  assert.equal(source.closed, 1);
});

test('a close without outcome is WEB_SOCKET_UNEXPECTED_CLOSE', async () => {
  const server = gateway((socket, message) => {
    if (message.start) {
      socket.close(1011);
    }
  });
  const { recorder } = await attemptAgainst(server);
  await recorder.done;
  assert.equal(recorder.events.find(([name]) => name === 'error')[1].message, 'WEB_SOCKET_UNEXPECTED_CLOSE');
  assert.equal(recorder.events.find(([name]) => name === 'ws-close')[1].code, 1011);
});

test('an abandoned attempt tells the server to stop, releases the camera and emits nothing more', async () => {
  const server = gateway((socket, message) => {
    if (message.start) {
      send(socket, { ready: { sessionId: 's-abandon' } });
    }
  });
  const { sym, recorder, source } = await attemptAgainst(server);
  while (!server.received.some((m) => m.frame)) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  abandonKeylessAttempt(sym);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.ok(server.received.some((m) => m.stop), 'Stop sent');
  assert.equal(source.closed, 1, 'camera released');
  assert.deepEqual(recorder.names().filter((name) => ['error', 'finished', 'ws-close'].includes(name)), [], 'no further event');
  abandonKeylessAttempt(sym); // twice is harmless
});

test('no decision in time is SESSION_MEDIA_STREAM_TIMEOUT, and the server is told to stop', async () => {
  const server = gateway((socket, message) => {
    if (message.start) {
      send(socket, { ready: { sessionId: 's-2' } });
    } else if (message.frame) {
      send(socket, { frameResult: { sequence: message.frame.sequence, accepted: false, filters: [{ name: 'face_missing', triggered: true }] } });
    }
  });
  const { recorder, source } = await attemptAgainst(server, { session: { timeoutMs: 300 } });
  await recorder.done;
  assert.equal(recorder.events.find(([name]) => name === 'error')[1].message, 'SESSION_MEDIA_STREAM_TIMEOUT');
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.ok(server.received.some((m) => m.stop), 'Stop sent');
  assert.equal(source.closed, 1);
});

test('client filters are reported and failing frames withheld', async () => {
  const server = gateway((socket, message) => {
    if (message.start) {
      send(socket, { ready: { sessionId: 's-3' } });
    }
  });
  const { recorder } = await attemptAgainst(server, { session: { timeoutMs: 300 }, frameQualityCheck: async () => ['FaceAbsent'] });
  await recorder.done;
  const quality = recorder.events.filter(([name]) => name === 'video-frame-quality');
  assert.ok(quality.length > 2);
  assert.deepEqual(quality[0][1].filters, ['FaceAbsent']);
  assert.equal(server.received.filter((m) => m.frame).length, 0, 'no frame that failed a client filter was sent');
  assert.equal(server.received.filter((m) => m.withheld).length, 0, 'a server whose Ready does not take Withheld is not sent one');
});

test('frames kept back are reported as Withheld while holding credit, about once a second; waiting a turn, the filters still run', async () => {
  let socket;
  const server = gateway((s, message) => {
    if (message.start) {
      socket = s;
      send(s, { ready: { sessionId: 's-withheld', maxInFlight: 1, frameResultTimeoutMs: 5000, credit: 1, withheldAccepted: true } });
    } else if (message.frame) {
      send(s, { frameResult: { sequence: message.frame.sequence, accepted: true, filters: [] } });
    }
  });
  let faceInView = false;
  const { sym, recorder } = await attemptAgainst(server, { frameQualityCheck: async () => (faceInView ? [] : ['FaceAbsent']) });
  const count = (kind) => server.received.filter((m) => m[kind]).length;
  const checked = () => recorder.events.filter(([name]) => name === 'video-frame-quality').length;
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // Holding a turn with no face in view: the server hears of it at once, then about once a second, not per frame.
  await pause(1500);
  assert.ok(checked() >= 20, `frames checked: ${checked()}`);
  assert.ok(count('withheld') >= 1 && count('withheld') <= 2, `Withheld sent: ${count('withheld')} for ${checked()} frames`);
  assert.equal(count('frame'), 0);

  // Waiting its turn (credit 0): nothing is sent, but the filters go on, so the guidance does.
  send(socket, { credit: { maxInFlight: 0 } });
  await pause(100);
  const [withheldWaiting, checkedWaiting] = [count('withheld'), checked()];
  faceInView = true; // a frame worth sending now waits for the turn
  await pause(400);
  assert.equal(count('withheld'), withheldWaiting, 'silent while waiting a turn');
  assert.equal(count('frame'), 0, 'no frame beyond the credit');
  assert.ok(checked() > checkedWaiting + 5, `filters ran while waiting: ${checked() - checkedWaiting}`);

  // The turn comes: the frame goes at once. Then, the face gone, a new turn is handed back at once.
  send(socket, { credit: { maxInFlight: 1 } });
  await pause(200);
  assert.ok(count('frame') >= 1, 'a frame once the turn came');
  faceInView = false;
  await pause(100);
  send(socket, { credit: { maxInFlight: 0 } });
  await pause(100);
  const withheldBefore = count('withheld');
  const creditAt = Date.now();
  send(socket, { credit: { maxInFlight: 1 } });
  while (count('withheld') === withheldBefore && Date.now() - creditAt < 2000) {
    await pause(5);
  }
  assert.equal(count('withheld'), withheldBefore + 1);
  assert.ok(Date.now() - creditAt < 500, `a turn with nothing to send goes back within ${Date.now() - creditAt} ms, not at the next heartbeat`);
  abandonKeylessAttempt(sym);
});

test('a socket that does not open is WEB_SOCKET_OPEN; one that never answers the upgrade, WEB_SOCKET_TIMEOUT', async () => {
  const closedPort = await new Promise((resolve) => {
    const probe = createServer().listen(0, () => { const { port } = probe.address(); probe.close(() => resolve(port)); });
  });
  const refused = await openKeylessWebSocketConnection(createKeylessEnroll(),
    options(`ws://127.0.0.1:${closedPort}/v1/sessions`, frameSource()));
  assert.equal(refused.message, 'WEB_SOCKET_OPEN');

  const silent = createServer(() => {}).listen(0);
  after(() => silent.close());
  await new Promise((resolve) => silent.on('listening', resolve));
  const source = frameSource();
  const timedOut = await openKeylessWebSocketConnection(createKeylessEnroll(), {
    ...options(`ws://127.0.0.1:${silent.address().port}/v1/sessions`, source), ws: { url: `ws://127.0.0.1:${silent.address().port}/v1/sessions`, WebSocket, timeoutMs: 300 },
  });
  assert.equal(timedOut.message, 'WEB_SOCKET_TIMEOUT');
  assert.equal(source.closed, 1, 'camera released when the socket never opened');
});

test('a camera that stops delivering frames is MEDIA_STREAM_NOT_READABLE; a failing client check is skipped', async () => {
  const server = gateway((socket, message) => {
    if (message.start) {
      send(socket, { ready: { sessionId: 's-4' } });
    }
  });
  const sym = createKeylessEnroll();
  const recorder = record(sym);
  let frames = 0;
  const source = { closed: 0, close() { this.closed += 1; }, async next() {
    frames += 1;
    if (frames > 3) {
      throw new Error('camera unplugged');
    }
    return new Uint8Array([0xff, 0xd8, 1]);
  } };
  await openKeylessWebSocketConnection(sym, options(server.url, source, {
    frameQualityCheck: async () => { throw new Error('detector crashed'); },
  }));
  await recorder.done;
  assert.equal(recorder.events.find(([name]) => name === 'error')[1].message, 'MEDIA_STREAM_NOT_READABLE');
  assert.equal(server.received.filter((m) => m.frame).length, 3, 'frames were sent while the check failed');
  assert.equal(source.closed, 1);
});

/** Collects garbage twice, a turn apart, so WeakRefs to what nothing holds any more read undefined. */
async function collectGarbage() {
  for (let i = 0; i < 2; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    globalThis.gc();
  }
}

test('an ended attempt lets go of its listeners and what they hold; its last filters stay readable', async () => {
  assert.equal(typeof globalThis.gc, 'function', 'run with node --expose-gc (npm test does)');
  const server = gateway((socket, message) => {
    if (message.start) {
      send(socket, { ready: { sessionId: 's-gc', protocolVersion: 1 } });
    } else if (message.frame) {
      send(socket, { frameResult: { sequence: message.frame.sequence, accepted: false, filters: [{ name: 'face_too_far', triggered: true }] } });
      send(socket, { error: { code: v1.ErrorCode.SERVER_TIMEOUT, message: 'no decision' } });
    }
  });
  // A page's listener holding something big (its view, say), made where the test keeps no reference to it.
  const held = [];
  const attach = (sym) => {
    const view = { pixels: new Uint8Array(1 << 20) };
    held.push(new WeakRef(view));
    addKeylessEventListeners(sym, [{ name: 'frame-results', callback: () => view.pixels.length }]);
  };
  const sym = createKeylessAuth();
  attach(sym);
  const recorder = record(sym);
  assert.equal(await openKeylessWebSocketConnection(sym, options(server.url, frameSource())), undefined);
  await recorder.done;
  await collectGarbage();
  assert.equal(held[0].deref(), undefined, 'the listener, and the view it held, were released');
  assert.deepEqual(getLastKeylessServerFrameTriggeredBiometricFilters(sym), ['face_too_far'], 'what kept the user back is still there');
  assert.equal((await openKeylessWebSocketConnection(sym, options(server.url, frameSource()))).message, 'SESSION_ALREADY_STARTED');

  // An attempt abandoned before it opened lets go as well.
  const never = createKeylessEnroll();
  attach(never);
  abandonKeylessAttempt(never);
  await collectGarbage();
  assert.equal(held[1].deref(), undefined);
});

test('a gateway that takes Start but never answers is SESSION_READY_TIMEOUT, not a wait until the session timeout', async () => {
  const server = gateway(() => {}); // accepts the socket, reads Start, says nothing
  const { recorder, source, opened } = await attemptAgainst(server, { ws: { url: server.url, WebSocket, readyTimeoutMs: 300 },
    session: { timeoutMs: 60_000 } });
  assert.equal(opened, undefined);
  const started = Date.now();
  await recorder.done;
  assert.ok(Date.now() - started < 5000, 'within its own bound');
  assert.equal(recorder.events.find(([name]) => name === 'error')[1].message, 'SESSION_READY_TIMEOUT');
  assert.equal(source.closed, 1, 'camera released');
});

test('a server code this SDK predates comes as its own name; without a name it is a socket error', async () => {
  for (const [error, expected] of [[{ code: 999, codeName: 'SERVER_FROM_A_NEWER_GATEWAY', message: 'new' }, 'SERVER_FROM_A_NEWER_GATEWAY'],
    [{ code: 998, message: 'no name' }, 'WEB_SOCKET_ERROR'],
    [{ code: 997, codeName: 'not a server code', message: 'odd' }, 'WEB_SOCKET_ERROR'],
    [{ code: v1.ErrorCode.SERVER_TIMEOUT, codeName: 'SERVER_TIMEOUT', message: 'known' }, 'SERVER_TIMEOUT']]) {
    const server = gateway((socket, message) => {
      if (message.start) {
        send(socket, { error });
        socket.close(1000);
      }
    });
    const { recorder } = await attemptAgainst(server);
    await recorder.done;
    assert.equal(recorder.events.find(([name]) => name === 'error')[1].message, expected, JSON.stringify(error));
  }
});

test('on a slow uplink the frames are encoded at a lower quality, from the round trips measured', async () => {
  // Results come 700 ms after each frame: what a weak uplink does to a 50 KB frame.
  const server = gateway((socket, message) => {
    if (message.start) {
      send(socket, { ready: { sessionId: 's-slow', protocolVersion: 1, maxInFlight: 4 } });
    } else if (message.frame) {
      setTimeout(() => send(socket, { frameResult: { sequence: message.frame.sequence, accepted: false,
        filters: [{ name: 'face_missing', triggered: true }] } }), 700);
    }
  });
  const source = { ...frameSource(), quality: 0.85, qualities: [] };
  const next = source.next;
  source.next = async () => {
    source.qualities.push(source.quality);
    return next();
  };
  const { sym, opened } = await attemptAgainst(server, { frames: { perSecond: 20 } }, { source });
  assert.equal(opened, undefined);
  const deadline = Date.now() + 15_000;
  while (source.quality > 0.75 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  abandonKeylessAttempt(sym);
  assert.equal(source.qualities[0], 0.85, 'it starts at the default');
  assert.ok(source.quality <= 0.75, `quality ${source.quality} after ${source.qualities.length} frames`);
  assert.ok(Math.min(...source.qualities) >= 0.5, 'never under the floor');
});
