import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import {
  createKeylessMediaStream, getKeylessCameraPermissionState, getKeylessVideoMediaDevices, isKeylessVideoMediaStreamAvailable,
} from '../src/index.js';
import { MediaStreamFrameSource } from '../src/media.js';

// A stand-in for the browser's navigator: these tests are about the SDK's mapping, not the camera.
function fakeNavigator({ devices = [], getUserMedia, permission } = {}) {
  Object.defineProperty(globalThis, 'navigator', {
    configurable: true,
    value: {
      mediaDevices: { enumerateDevices: async () => devices, getUserMedia },
      permissions: permission ? { query: async () => ({ state: permission }) } : undefined,
    },
  });
}

afterEach(() => Object.defineProperty(globalThis, 'navigator', { configurable: true, value: undefined }));

test('no camera and hidden labels are the two MEDIA_DEVICES_* errors, returned not thrown', async () => {
  fakeNavigator({ devices: [{ kind: 'audioinput', label: 'mic' }] });
  assert.equal((await getKeylessVideoMediaDevices()).message, 'MEDIA_DEVICES_NO_VIDEO_INPUTS');
  fakeNavigator({ devices: [{ kind: 'videoinput', label: '' }] });
  assert.equal((await getKeylessVideoMediaDevices()).message, 'MEDIA_DEVICES_EMPTY_VIDEO_INPUT_LABEL');
  fakeNavigator({ devices: [{ kind: 'videoinput', label: 'Front camera' }] });
  assert.equal((await getKeylessVideoMediaDevices()).length, 1);
});

test('every getUserMedia failure maps to its MEDIA_STREAM_* code', async () => {
  const cases = {
    NotAllowedError: 'MEDIA_STREAM_NOT_ALLOWED', NotFoundError: 'MEDIA_STREAM_NOT_FOUND',
    NotReadableError: 'MEDIA_STREAM_NOT_READABLE', OverconstrainedError: 'MEDIA_STREAM_OVERCONSTRAINED',
    AbortError: 'MEDIA_STREAM_ABORTED', SecurityError: 'MEDIA_STREAM_SECURITY', TypeError: 'MEDIA_STREAM_TYPE',
    SomethingNew: 'MEDIA_STREAM_UNKNOWN',
  };
  for (const [name, code] of Object.entries(cases)) {
    fakeNavigator({ getUserMedia: async () => { throw Object.assign(new Error('x'), { name }); } });
    assert.equal((await createKeylessMediaStream()).message, code, name);
    assert.equal(await isKeylessVideoMediaStreamAvailable(), false);
  }
  fakeNavigator({});
  assert.equal((await createKeylessMediaStream()).message, 'MEDIA_STREAM_UNAVAILABLE');
});

test('a granted stream is released by the availability probe', async () => {
  let stopped = 0;
  const stream = { getTracks: () => [{ stop: () => { stopped += 1; } }] };
  let constraints;
  fakeNavigator({ getUserMedia: async (c) => { constraints = c; return stream; } });
  assert.equal(await isKeylessVideoMediaStreamAvailable(), true);
  assert.equal(stopped, 1);
  await createKeylessMediaStream({ deviceId: 'cam-2', width: 1280 });
  assert.deepEqual(constraints.video.deviceId, { exact: 'cam-2' });
  assert.equal(constraints.audio, false);
});

test('permission state comes from the Permissions API, else from device labels', async () => {
  fakeNavigator({ permission: 'denied' });
  assert.equal(await getKeylessCameraPermissionState(), 'denied');
  fakeNavigator({ devices: [{ kind: 'videoinput', label: 'Front camera' }] });
  assert.equal(await getKeylessCameraPermissionState(), 'granted');
  fakeNavigator({ devices: [{ kind: 'videoinput', label: '' }] });
  assert.equal(await getKeylessCameraPermissionState(), 'prompt');
});

/** A page's video and canvas, as far as MediaStreamFrameSource uses them; `video.show()` delivers the first picture. */
function fakeDocument() {
  const video = {
    videoWidth: 0,
    videoHeight: 0,
    listeners: [],
    pending: undefined,
    set srcObject(stream) {
      // As a browser does: a new source interrupts a play() still waiting for its first picture.
      this.pending?.reject(new DOMException('The play() request was interrupted by a new load request.', 'AbortError'));
      this.pending = undefined;
      this.stream = stream;
      this.videoWidth = 0;
    },
    play() {
      return new Promise((resolve, reject) => { this.pending = { resolve, reject }; });
    },
    addEventListener(name, listener) {
      this.listeners.push(listener);
    },
    show() {
      this.videoWidth = 640;
      this.videoHeight = 480;
      this.pending?.resolve();
      this.pending = undefined;
      this.listeners.splice(0).forEach((listener) => listener());
    },
  };
  const canvas = {
    getContext: () => ({ drawImage: (from) => { canvas.drawnFrom = from.stream; } }),
    toBlob: (callback) => callback(new Blob([canvas.drawnFrom.id])),
  };
  Object.defineProperty(globalThis, 'document', {
    configurable: true,
    value: { createElement: (tag) => (tag === 'video' ? video : canvas) },
  });
  return video;
}

const liveStream = (id) => {
  const track = { readyState: 'live', stop() { this.readyState = 'ended'; } };
  return { id, getVideoTracks: () => [track], getTracks: () => [track] };
};

test('a camera switched while the first picture loads: the frame comes from the new camera, the attempt goes on', async () => {
  const video = fakeDocument();
  try {
    const first = liveStream('first');
    const source = new MediaStreamFrameSource(first);
    const frame = source.next(); // its video waits for the first camera's first picture
    await new Promise((resolve) => setImmediate(resolve));
    const second = liveStream('second');
    source.switchTo(second);
    first.getTracks()[0].stop();
    video.show();
    assert.equal(new TextDecoder().decode(await frame), 'second');
  } finally {
    Object.defineProperty(globalThis, 'document', { configurable: true, value: undefined });
  }
});

test('a frame source whose camera stopped rejects instead of repeating the last frame', async () => {
  const track = { readyState: 'ended' };
  const source = new MediaStreamFrameSource({ getVideoTracks: () => [track], getTracks: () => [track] });
  await assert.rejects(source.next(), /the camera stopped/);
});
