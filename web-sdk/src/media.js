import { KeylessError, keylessError } from './errors.js';

/** getUserMedia's DOMException names, mapped to the SDK's MEDIA_STREAM_* codes. */
const STREAM_ERRORS = Object.freeze({
  NotAllowedError: KeylessError.MEDIA_STREAM_NOT_ALLOWED,
  PermissionDeniedError: KeylessError.MEDIA_STREAM_NOT_ALLOWED,
  NotFoundError: KeylessError.MEDIA_STREAM_NOT_FOUND,
  DevicesNotFoundError: KeylessError.MEDIA_STREAM_NOT_FOUND,
  NotReadableError: KeylessError.MEDIA_STREAM_NOT_READABLE,
  TrackStartError: KeylessError.MEDIA_STREAM_NOT_READABLE,
  OverconstrainedError: KeylessError.MEDIA_STREAM_OVERCONSTRAINED,
  ConstraintNotSatisfiedError: KeylessError.MEDIA_STREAM_OVERCONSTRAINED,
  AbortError: KeylessError.MEDIA_STREAM_ABORTED,
  SecurityError: KeylessError.MEDIA_STREAM_SECURITY,
  TypeError: KeylessError.MEDIA_STREAM_TYPE,
});

/** The MEDIA_STREAM_* code of a getUserMedia failure. */
export function mediaStreamErrorCode(failure) {
  return STREAM_ERRORS[failure?.name] ?? KeylessError.MEDIA_STREAM_UNKNOWN;
}

const mediaDevices = () => globalThis.navigator?.mediaDevices;

/**
 * The video input devices, or an Error: MEDIA_DEVICES_NO_VIDEO_INPUTS when there is no camera,
 * MEDIA_DEVICES_EMPTY_VIDEO_INPUT_LABEL when labels are still hidden (no stream has run yet).
 * Returns errors, never throws.
 * @returns {Promise<MediaDeviceInfo[] | Error>}
 */
export async function getKeylessVideoMediaDevices() {
  if (!mediaDevices()?.enumerateDevices) {
    return keylessError(KeylessError.MEDIA_DEVICES_NO_VIDEO_INPUTS);
  }
  try {
    const inputs = (await mediaDevices().enumerateDevices()).filter((d) => d.kind === 'videoinput');
    if (inputs.length === 0) {
      return keylessError(KeylessError.MEDIA_DEVICES_NO_VIDEO_INPUTS);
    }
    if (inputs.every((d) => !d.label)) {
      return keylessError(KeylessError.MEDIA_DEVICES_EMPTY_VIDEO_INPUT_LABEL);
    }
    return inputs;
  } catch {
    return keylessError(KeylessError.MEDIA_DEVICES_NO_VIDEO_INPUTS);
  }
}

/**
 * The camera permission: 'granted' | 'denied' | 'prompt'. Uses the Permissions API; where it is
 * missing or does not know 'camera', a granted permission shows as labelled devices.
 * @returns {Promise<'granted' | 'denied' | 'prompt'>}
 */
export async function getKeylessCameraPermissionState() {
  try {
    const status = await globalThis.navigator?.permissions?.query({ name: 'camera' });
    if (status && ['granted', 'denied', 'prompt'].includes(status.state)) {
      return status.state;
    }
  } catch {
    // no Permissions API for 'camera' here: fall back below
  }
  const devices = await getKeylessVideoMediaDevices();
  return Array.isArray(devices) ? 'granted' : 'prompt';
}

/**
 * A camera stream, or an Error with a MEDIA_STREAM_* code. Returns errors, never throws.
 * @param {{deviceId?: string, width?: number, height?: number, frameRate?: number}} [options]
 * @returns {Promise<MediaStream | Error>}
 */
export async function createKeylessMediaStream(options = {}) {
  if (!mediaDevices()?.getUserMedia) {
    return keylessError(KeylessError.MEDIA_STREAM_UNAVAILABLE);
  }
  const video = {
    width: { ideal: options.width ?? 640 },
    height: { ideal: options.height ?? 480 },
    frameRate: { ideal: options.frameRate ?? 15 },
    facingMode: 'user',
  };
  if (options.deviceId) {
    video.deviceId = { exact: options.deviceId };
  }
  try {
    return await mediaDevices().getUserMedia({ video, audio: false });
  } catch (failure) {
    return keylessError(mediaStreamErrorCode(failure));
  }
}

/**
 * Opens and closes a throwaway camera stream: this is what makes the browser ask for permission.
 * @returns {Promise<boolean>}
 */
export async function isKeylessVideoMediaStreamAvailable() {
  const stream = await createKeylessMediaStream();
  if (stream instanceof Error) {
    return false;
  }
  releaseStream(stream);
  return true;
}

/** Stops every track: the camera light goes off. */
export function releaseStream(stream) {
  stream?.getTracks?.().forEach((track) => track.stop());
}

/**
 * JPEG frames from a camera stream: a hidden video element drawn onto a canvas.
 * `next()` resolves to the JPEG bytes of the current frame, and rejects once the camera stopped.
 */
export class MediaStreamFrameSource {
  #stream;
  #video;
  #canvas;

  constructor(stream, { quality = 0.85 } = {}) {
    this.#stream = stream;
    this.quality = quality;
  }

  /** The canvas the last frame was drawn on (the client filters look at it). */
  get canvas() {
    return this.#canvas;
  }

  async #ready() {
    if (!this.#video) {
      this.#canvas = document.createElement('canvas');
      this.#video = document.createElement('video');
      this.#video.muted = true;
      this.#video.playsInline = true;
      this.#video.srcObject = this.#stream;
      await this.#video.play();
    }
    if (this.#video.videoWidth === 0) {
      await new Promise((resolve) => this.#video.addEventListener('loadeddata', resolve, { once: true }));
    }
  }

  /** @returns {Promise<Uint8Array>} */
  async next() {
    const stream = this.#stream;
    try {
      return await this.#capture(stream);
    } catch (failure) {
      if (this.#stream !== stream) {
        // The user switched cameras meanwhile: a switch interrupts the video's play() (AbortError),
        // and the camera left behind is released. The frame comes from the camera now chosen.
        return this.next();
      }
      throw failure;
    }
  }

  async #capture(stream) {
    // A camera unplugged, or taken over by the system, ends its track; the video element would go
    // on showing the last frame, sent as if live until the session timed out.
    if (!stream?.getVideoTracks?.().some((track) => track.readyState === 'live')) {
      throw new Error('the camera stopped');
    }
    await this.#ready();
    this.#canvas.width = this.#video.videoWidth;
    this.#canvas.height = this.#video.videoHeight;
    this.#canvas.getContext('2d').drawImage(this.#video, 0, 0);
    const blob = await new Promise((resolve) => this.#canvas.toBlob(resolve, 'image/jpeg', this.quality));
    if (!blob) {
      throw new Error('the camera gave no picture'); // toBlob's answer for a canvas with no pixels
    }
    return new Uint8Array(await blob.arrayBuffer());
  }

  /**
   * Takes frames from another stream from now on (the user chose another camera); the caller
   * releases the previous stream once nothing shows it.
   */
  switchTo(stream) {
    this.#stream = stream;
    if (this.#video) {
      this.#video.srcObject = stream;
      // A muted video is allowed to play; play() rejects only when a newer srcObject interrupts it,
      // and that switch calls play() again.
      this.#video.play().catch(() => undefined);
    }
  }

  close() {
    if (this.#video) {
      this.#video.srcObject = null;
    }
    releaseStream(this.#stream);
  }
}
