import { likeness } from './generated/likeness-protocol.js';

/** Protocol v1 (proto/.../client.proto), through the code generated from the server's own .proto files. */
const v1 = likeness.v1;

export const OPERATIONS = Object.freeze({ enroll: v1.Operation.ENROLL, auth: v1.Operation.AUTH });

export function encodeStart({ customer, username, operation, transactionData, authorizationToken, keyId }) {
  return v1.ClientMessage.encode({
    start: {
      protocolVersion: v1.ProtocolVersion.PROTOCOL_VERSION_1,
      customer,
      username,
      operation: OPERATIONS[operation],
      transactionData,
      authorizationToken,
      keyId,
    },
  }).finish();
}

export function encodeFrame(sequence, capturedAtMs, { wrappedKey, iv, ciphertext }) {
  return v1.ClientMessage.encode({ frame: { sequence, capturedAtMs, image: { wrappedKey, iv, ciphertext } } }).finish();
}

export function encodeStop() {
  return v1.ClientMessage.encode({ stop: {} }).finish();
}

/** In place of a frame the client's checks rejected: still here, and no use for the turn (client.proto, Withheld). */
export function encodeWithheld() {
  return v1.ClientMessage.encode({ withheld: {} }).finish();
}

/**
 * Decodes a server message into a plain object: `{kind: 'ready'|'credit'|'frameResult'|'progress'|'challenge'|'finished'|'error', ...}`;
 * error codes and operations as their names.
 */
export function decodeServerMessage(bytes) {
  const message = v1.ServerMessage.decode(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
  switch (message.kind) {
    case 'credit':
      return { kind: 'credit', maxInFlight: message.credit.maxInFlight ?? 0 };
    case 'ready':
      return {
        kind: 'ready',
        sessionId: message.ready.sessionId,
        maxInFlight: message.ready.maxInFlight ?? 0,
        frameResultTimeoutMs: message.ready.frameResultTimeoutMs ?? 0,
        credit: message.ready.credit ?? undefined,
        withheldAccepted: message.ready.withheldAccepted === true,
      };
    case 'frameResult':
      return {
        kind: 'frameResult',
        sequence: Number(message.frameResult.sequence),
        accepted: message.frameResult.accepted,
        filters: message.frameResult.filters.map((f) => ({ name: f.name, triggered: f.triggered })),
      };
    case 'progress':
      return {
        kind: 'progress',
        sequence: Number(message.progress.sequence),
        framesUsed: message.progress.framesUsed ?? 0,
        framesNeeded: message.progress.framesNeeded ?? 0,
        challengeMovesDone: message.progress.challengeMovesDone ?? 0,
      };
    case 'challenge':
      return {
        kind: 'challenge',
        moves: message.challenge.moves.map((move) => v1.ChallengeMove[move]),
        timeLimitMs: message.challenge.timeLimitMs ?? 0,
      };
    case 'finished':
      return {
        kind: 'finished',
        customer: message.finished.customer,
        username: message.finished.username,
        operation: v1.Operation[message.finished.operation] === 'ENROLL' ? 'enroll' : 'auth',
        transactionJwt: message.finished.transactionJwt,
      };
    case 'error':
      return { kind: 'error', code: v1.ErrorCode[message.error.code], codeName: message.error.codeName, message: message.error.message };
    default:
      return { kind: 'unknown' };
  }
}
