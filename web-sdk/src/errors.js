import { likeness } from './generated/likeness-protocol.js';

const serverCodes = Object.keys(likeness.v1.ErrorCode).filter((name) => name !== 'ERROR_CODE_UNSPECIFIED');

/**
 * Every error code the SDK reports, as the `message` of an `Error` (the `KeylessError` contract of
 * CLIENT-SDK.md). The SERVER_* codes are the server's own, read from the protocol's ErrorCode enum,
 * so client and server cannot disagree on them.
 * @readonly
 * @enum {string}
 */
export const KeylessError = Object.freeze(Object.fromEntries([
  'MEDIA_DEVICES_NO_VIDEO_INPUTS',
  'MEDIA_DEVICES_EMPTY_VIDEO_INPUT_LABEL',
  'MEDIA_STREAM_NOT_ALLOWED',
  'MEDIA_STREAM_NOT_FOUND',
  'MEDIA_STREAM_NOT_READABLE',
  'MEDIA_STREAM_OVERCONSTRAINED',
  'MEDIA_STREAM_ABORTED',
  'MEDIA_STREAM_SECURITY',
  'MEDIA_STREAM_TYPE',
  'MEDIA_STREAM_UNAVAILABLE',
  'MEDIA_STREAM_UNKNOWN',
  'WEB_SOCKET_ERROR',
  'WEB_SOCKET_OPEN',
  'WEB_SOCKET_UNEXPECTED_CLOSE',
  'WEB_SOCKET_TIMEOUT',
  'SESSION_MEDIA_STREAM_TIMEOUT',
  'SESSION_READY_TIMEOUT',
  'SESSION_ALREADY_STARTED',
  'SESSION_UNKNOWN',
  'AUTHORIZATION_TOKEN_UNSET',
  'CUSTOMER_NAME_UNSET',
  'KEY_ID_UNSET',
  'KEY_VALUE_UNSET',
  'USERNAME_UNSET',
  'WS_URL_UNSET',
  ...serverCodes,
].map((code) => [code, code])));

/**
 * The Error of a server code: a KeylessError code, or the name a newer gateway sends with a code
 * this SDK predates (SERVER_..., reported as itself, never disguised as a socket error).
 */
export function serverError(code, codeName) {
  if (code in KeylessError) {
    return keylessError(code);
  }
  return new Error(/^SERVER_[A-Z0-9_]+$/.test(codeName ?? '') ? codeName : KeylessError.WEB_SOCKET_ERROR);
}

/** An `Error` whose message is a KeylessError code. */
export function keylessError(code) {
  if (!(code in KeylessError)) {
    throw new TypeError(`not a KeylessError code: ${code}`);
  }
  return new Error(code);
}
