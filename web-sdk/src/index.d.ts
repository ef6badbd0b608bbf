/** Likeness headless SDK: the API of CLIENT-SDK.md. */

export declare const KeylessError: Readonly<Record<string, string>>;

export type KeylessEventName =
  | 'frame-results' | 'video-frame-quality' | 'finished' | 'error'
  | 'begin-stream' | 'stop-stream' | 'ws-open' | 'ws-close' | 'step-change' | 'progress' | 'challenge';

export interface KeylessEventListener {
  name: KeylessEventName;
  callback: (payload: any) => void;
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
  timestamp: number;
}

export interface FinishedEvent {
  customer: string;
  type: 'enroll' | 'auth';
  username: string;
  transactionJwt: string;
}

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
  ws: { url: string; timeoutMs?: number; WebSocket?: unknown };
  /** A camera stream; without one the SDK opens the camera itself. */
  stream?: MediaStream;
  media?: KeylessMediaStreamOptions;
  frames?: { perSecond?: number; sendRejected?: boolean };
  session?: { timeoutMs?: number };
  /** Client-side quality check: JPEG bytes in, triggered filter names out. */
  frameQualityCheck?: (jpeg: Uint8Array) => Promise<string[]>;
  /** Anything with `next(): Promise<Uint8Array>` (JPEG bytes) instead of a camera. */
  frameSource?: { next(): Promise<Uint8Array>; close?(): void };
}

/** Loads the client-side filters once; `baseUrl`: where the detector, models/ and wasm/ are served when not beside this module. */
export declare function importKeylessWebAssemblyModuleOrThrow(options?: { baseUrl?: string }): Promise<void>;
export declare function getKeylessVideoMediaDevices(): Promise<MediaDeviceInfo[] | Error>;
export declare function getKeylessCameraPermissionState(): Promise<'granted' | 'denied' | 'prompt'>;
export declare function isKeylessVideoMediaStreamAvailable(): Promise<boolean>;
export declare function createKeylessMediaStream(options?: KeylessMediaStreamOptions): Promise<MediaStream | Error>;
export declare function createKeylessEnroll(): symbol;
export declare function createKeylessAuth(): symbol;
export declare function addKeylessEventListeners(sym: symbol, entries: KeylessEventListener[]): void;
export declare function removeKeylessEventListeners(sym: symbol): void;
export declare function openKeylessWebSocketConnection(sym: symbol, options: KeylessConnectionOptions): Promise<undefined | Error>;
export declare function getLastKeylessServerFrameTriggeredBiometricFilters(sym: symbol): string[];
export declare function getLastKeylessVideoFrameQuality(sym: symbol): VideoFrameQualityEvent | undefined;
export declare function reduceKeylessBiometricFiltersToTriggered(
  filters: Record<string, boolean> | Array<string | { name: string; triggered: boolean }>): string[];
export declare const createEnrollment: typeof createKeylessEnroll;
export declare const createAuthentication: typeof createKeylessAuth;

/** Beyond the client contract: tells the server to stop, releases camera and socket; no further event. */
export declare function abandonKeylessAttempt(sym: symbol): void;
