/** Likeness headless SDK: the API of CLIENT-SDK.md. */

import type { KeylessErrorCode } from './keyless-error-code.js';

export type { KeylessErrorCode };

/** Every error code, keyed by itself: `KeylessError.SERVER_FORBIDDEN === 'SERVER_FORBIDDEN'`. */
export declare const KeylessError: { readonly [Code in KeylessErrorCode]: Code };

/**
 * What the `error` event and a failed open resolve to: an Error whose message is the code. A newer
 * gateway may report a SERVER_ code this version predates: it comes as its own name.
 */
export interface KeylessErrorEvent extends Error {
  readonly message: KeylessErrorCode | `SERVER_${string}`;
}

export interface FrameResultsEvent {
  /** Server filter name -> triggered. */
  filters: Record<string, boolean>;
  accepted: boolean;
  sequence: number;
  timestamp: number;
}

export interface VideoFrameQualityEvent {
  /** The triggered client-side filters. */
  filters: string[];
  timestamp: number;
}

/** How far the decision is: the authentication service used framesUsed of the framesNeeded it decides on. */
export interface ProgressEvent {
  framesUsed: number;
  framesNeeded: number;
  /** Under a liveness challenge: the moves made so far. */
  challengeMovesDone: number;
  timestamp: number;
}

/** A move of the liveness challenge, in the order asked. */
export type ChallengeMove = 'TURN_LEFT' | 'TURN_RIGHT' | 'LOOK_UP' | 'LOOK_DOWN';

export interface ChallengeEvent {
  moves: ChallengeMove[];
  timeLimitMs: number;
  timestamp: number;
}

export interface FinishedEvent {
  customer: string;
  type: 'enroll' | 'auth';
  username: string;
  /** The transaction JWT: send it to your backend, which verifies it (never trust it in the browser). */
  transactionJwt: string;
  /** The same token, under the name Keyless's component documentation uses. */
  transactionJWT: string;
}

/** Where the attempt is. */
export type KeylessStep = 'connecting' | 'started' | 'streaming' | 'ended';

/** Each event's payload, by name. */
export interface KeylessEventMap {
  'frame-results': FrameResultsEvent;
  'video-frame-quality': VideoFrameQualityEvent;
  finished: FinishedEvent;
  error: KeylessErrorEvent;
  'begin-stream': { sessionId: string };
  'stop-stream': Record<string, never>;
  'ws-open': Record<string, never>;
  'ws-close': { code: number; reason: string };
  'step-change': { step: KeylessStep };
  progress: ProgressEvent;
  challenge: ChallengeEvent;
}

export type KeylessEventName = keyof KeylessEventMap;

/** One listener: its callback takes the payload of the event it names. */
export type KeylessEventListener = {
  [Name in KeylessEventName]: { name: Name; callback: (payload: KeylessEventMap[Name]) => void };
}[KeylessEventName];

export interface KeylessMediaStreamOptions {
  deviceId?: string;
  width?: number;
  height?: number;
  frameRate?: number;
}

export interface KeylessConnectionOptions {
  authorization: { token: string };
  customer: { name: string };
  key: { id: string; value: string };
  transaction?: { data: string };
  username: string;
  /** timeoutMs: to open the socket (10 s); readyTimeoutMs: from Start to the gateway's Ready (15 s, else SESSION_READY_TIMEOUT). */
  ws: { url: string; timeoutMs?: number; readyTimeoutMs?: number; WebSocket?: unknown };
  /** A camera stream; without one the SDK opens the camera itself. */
  stream?: MediaStream;
  media?: KeylessMediaStreamOptions;
  frames?: { perSecond?: number; sendRejected?: boolean };
  /** How long the user has to reach a decision once streaming (60 s, else SESSION_MEDIA_STREAM_TIMEOUT). */
  session?: { timeoutMs?: number };
  /** Client-side quality check: JPEG bytes in, triggered filter names out. */
  frameQualityCheck?: (jpeg: Uint8Array) => Promise<string[]>;
  /** Anything with `next(): Promise<Uint8Array>` (JPEG bytes) instead of a camera. */
  frameSource?: { next(): Promise<Uint8Array>; close?(): void };
}

/** Loads the client-side filters once; `baseUrl`: where the detector, models/ and wasm/ are served when not beside this module. */
export declare function importKeylessWebAssemblyModuleOrThrow(options?: { baseUrl?: string }): Promise<void>;
export declare function getKeylessVideoMediaDevices(): Promise<MediaDeviceInfo[] | KeylessErrorEvent>;
export declare function getKeylessCameraPermissionState(): Promise<'granted' | 'denied' | 'prompt'>;
export declare function isKeylessVideoMediaStreamAvailable(): Promise<boolean>;
export declare function createKeylessMediaStream(options?: KeylessMediaStreamOptions): Promise<MediaStream | KeylessErrorEvent>;
export declare function createKeylessEnroll(): symbol;
export declare function createKeylessAuth(): symbol;
/** Attaches listeners; each callback is typed by the event it names. Released when the attempt ends. */
export declare function addKeylessEventListeners(sym: symbol, entries: KeylessEventListener[]): void;
export declare function removeKeylessEventListeners(sym: symbol): void;
/** Resolves to undefined once open, or to the Error of why not (a missing option, the socket, the camera). */
export declare function openKeylessWebSocketConnection(sym: symbol, options: KeylessConnectionOptions): Promise<undefined | KeylessErrorEvent>;
export declare function getLastKeylessServerFrameTriggeredBiometricFilters(sym: symbol): string[];
export declare function getLastKeylessVideoFrameQuality(sym: symbol): VideoFrameQualityEvent | undefined;
export declare function reduceKeylessBiometricFiltersToTriggered(
  filters: Record<string, boolean> | Array<string | { name: string; triggered: boolean }>): string[];
export declare const createEnrollment: typeof createKeylessEnroll;
export declare const createAuthentication: typeof createKeylessAuth;

/** Beyond the client contract: tells the server to stop, releases camera and socket; no further event. */
export declare function abandonKeylessAttempt(sym: symbol): void;
