// <kl-enroll> and <kl-auth> as a user meets them, in Chromium with webcam-shaped fake cameras (4:3
// and 16:9): the guide's states, the progress bar, guidance announced once per change, retry with a
// fresh token, the camera switcher, languages and right-to-left, 320 px, reduced motion; axe-core
// in every state reached; a screenshot of each under LIKENESS_SCREENSHOTS; a blank video or text
// overflowing the component fails.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  browser, camera, componentAttributes, COMPONENTS, credentials, gateway, newUsername, pageWith, serve,
  verifyAtBackend, webcam,
} from './harness.mjs';
import { accessible, AXE, mount, seen, SHOTS, untilEvent, untilState } from './component-page.mjs';

/** Nothing broken in the render: no text wider than its box, the component inside the viewport. */
async function rendersWhole(page, state) {
  const problems = await page.evaluate(() => {
    const element = document.getElementById('kl');
    const root = element.shadowRoot;
    const found = [];
    for (const node of root.querySelectorAll('.guidance, .instructions, button, select, .camera')) {
      if (node.offsetParent !== null && node.scrollWidth > node.clientWidth + 1) {
        found.push(`${node.className || node.tagName} overflows: ${node.scrollWidth} > ${node.clientWidth}`);
      }
    }
    const box = root.querySelector('.frame').getBoundingClientRect();
    if (box.width === 0 || box.height === 0) {
      found.push('the component has no size');
    }
    if (box.right > document.documentElement.clientWidth + 1) {
      found.push(`the component is wider than the page: ${box.right} > ${document.documentElement.clientWidth}`);
    }
    return found;
  });
  assert.deepEqual(problems, [], `render in state ${state}`);
}

/** While frames arrive, the video shows them: not black, not one flat colour (within a few seconds of the stream starting). */
async function videoShowsTheCamera(page) {
  await page.waitForFunction(() => document.getElementById('kl').shadowRoot.querySelector('video').videoWidth > 0, null, { timeout: 30_000 });
  let picture;
  for (const deadline = Date.now() + 5000; Date.now() < deadline;) {
    picture = await page.evaluate(() => {
      const video = document.getElementById('kl').shadowRoot.querySelector('video');
      const canvas = Object.assign(document.createElement('canvas'), { width: video.videoWidth, height: video.videoHeight });
      const context = canvas.getContext('2d');
      context.drawImage(video, 0, 0);
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let sum = 0;
      let squares = 0;
      const n = data.length / 4;
      for (let i = 0; i < data.length; i += 4) {
        const y = 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
        sum += y;
        squares += y * y;
      }
      const mean = sum / n;
      return { mean, spread: Math.sqrt(squares / n - mean * mean), width: canvas.width, height: canvas.height };
    });
    if (picture.mean > 5 && picture.spread > 8) {
      return { width: picture.width, height: picture.height };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.fail(`the video is blank (mean ${picture.mean.toFixed(1)}, spread ${picture.spread.toFixed(1)}, ${picture.width}x${picture.height})`);
}

async function screenshot(page, name) {
  await page.locator('#kl').screenshot({ path: join(SHOTS, `${name}.png`), animations: 'disabled' });
}

/** The finished JWT verifies at the customer's backend for this operation and transaction. */
async function verifies(page, operation, transactionData) {
  const finished = (await seen(page)).events.find((e) => e.name === 'finished');
  assert.ok(finished, JSON.stringify((await seen(page)).events));
  const verdict = await verifyAtBackend(finished.detail.transactionJwt);
  assert.equal(verdict.valid, true, JSON.stringify(verdict));
  assert.equal(verdict.claims.op, operation);
  assert.equal(verdict.claims.td, transactionData);
}

test('4:3 webcam, light, large, English: the guide searches, holds, fills the bar and is done', async () => {
  const username = newUsername('guided');
  const page = await mount(await browser({ video: webcam('grace-hopper', 640, 480) }), 'kl-enroll', username, 'guided enroll',
    'size="large" lang="en"');
  // "Hold still" lasts only while frames are used: axe runs in the page the moment it begins.
  await page.addScriptTag({ path: AXE });
  const axeAtHold = page.evaluate(() => new Promise((resolve) => {
    const frame = document.getElementById('kl').shadowRoot.querySelector('.frame');
    const check = () => {
      if (frame.dataset.state === 'hold') {
        observer.disconnect();
        window.axe.run(document, { resultTypes: ['violations'] }).then((result) => resolve(result.violations
          .filter((v) => ['serious', 'critical'].includes(v.impact)).map((v) => `${v.id} (${v.impact})`)));
      } else if (['done', 'failed'].includes(frame.dataset.state)) {
        observer.disconnect();
        resolve([`the state went to ${frame.dataset.state} before axe saw hold`]);
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(frame, { attributes: true });
    check();
  }));
  await untilState(page, 'searching');
  assert.deepEqual(await videoShowsTheCamera(page), { width: 640, height: 480 });
  assert.equal(await page.locator('#kl .camera').isVisible(), false, 'one camera: no switcher');
  await untilEvent(page, 'finished');
  const after = await seen(page);
  assert.ok(after.states.includes('hold'), `states: ${after.states}`);
  assert.deepEqual(after.states.slice(-1), ['done']);
  assert.deepEqual(after.progress.filter((p) => p !== '0'), ['20', '40', '60', '80', '100'], 'one step per frame used, of 5');
  assert.equal(after.spoken.at(-1), 'Done');
  for (let i = 1; i < after.spoken.length; i++) {
    assert.notEqual(after.spoken[i], after.spoken[i - 1], 'each change spoken once');
  }
  await verifies(page, 'enroll', 'guided enroll');
  assert.deepEqual(await axeAtHold, [], 'axe in state hold');
  await rendersWhole(page, 'done');
  await accessible(page, 'done');
  await screenshot(page, 'done-light-large-en-4x3');
});

test('16:9 webcam, dark, small, French: enroll then authenticate, both verified', async () => {
  const username = newUsername('wide');
  const enrolling = await mount(await browser({ video: webcam('grace-hopper', 1280, 720) }), 'kl-enroll', username, 'enroll wide',
    'theme="dark" size="small" lang="fr"');
  await untilState(enrolling, 'searching');
  // The SDK asks for 640x480 (enough for the filters, a quarter of the bytes); Chromium adapts the 16:9 camera to it.
  const shown = await videoShowsTheCamera(enrolling);
  assert.ok(shown.width >= 640, JSON.stringify(shown));
  await rendersWhole(enrolling, 'searching');
  await accessible(enrolling, 'searching');
  await screenshot(enrolling, 'searching-dark-small-fr-16x9');
  await untilEvent(enrolling, 'finished');
  await verifies(enrolling, 'enroll', 'enroll wide');
  assert.equal((await seen(enrolling)).spoken.at(-1), 'Terminé');
  await screenshot(enrolling, 'done-dark-small-fr-16x9');

  const authenticating = await mount(await browser({ video: webcam('grace-hopper-second-photo', 1280, 720) }), 'kl-auth', username,
    'auth wide', 'theme="dark" size="small" lang="fr"');
  await untilEvent(authenticating, 'finished');
  await verifies(authenticating, 'auth', 'auth wide');
  assert.deepEqual((await seen(authenticating)).progress.filter((p) => p !== '0'), ['33', '67', '100'], 'of 3 frames');
});

test('two cameras: the switcher lists both, keyboard users reach it, and switching keeps the session streaming', async () => {
  // Chromium's generated fake cameras (a moving pattern, no face): a file camera is always one device.
  const page = await mount(await browser({ video: 'generated', cameras: 2 }), 'kl-enroll', newUsername('cameras'), 'two cameras');
  await untilState(page, 'searching');
  const select = page.locator('#kl select');
  assert.equal(await select.locator('option').count(), 2);
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.getElementById('kl').shadowRoot.activeElement?.tagName), 'SELECT');
  const second = await select.locator('option').nth(1).getAttribute('value');
  await select.selectOption(second);
  await page.waitForFunction((id) => document.getElementById('kl').shadowRoot.querySelector('video').srcObject
    ?.getVideoTracks()[0]?.getSettings().deviceId === id, second, { timeout: 10_000 }).catch(async (failure) => {
    // What the page shows when the switch did not happen: the guide's states and events, and the camera shown.
    const shown = await page.evaluate(() => {
      const root = document.getElementById('kl').shadowRoot;
      const track = root.querySelector('video').srcObject?.getVideoTracks()[0];
      return { seen: window.seen, select: root.querySelector('select').value, track: track && { ...track.getSettings(), readyState: track.readyState } };
    });
    throw new Error(`${failure.message}; asked for ${second}; the page: ${JSON.stringify(shown)}`);
  });
  await videoShowsTheCamera(page);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal(await page.evaluate(() => document.getElementById('kl').shadowRoot.querySelector('.frame').dataset.state), 'searching',
    'the session goes on with the other camera');
  await rendersWhole(page, 'searching');
  await accessible(page, 'searching with two cameras');
  await screenshot(page, 'searching-two-cameras');
});

test('a camera chosen before the first picture came: the attempt goes on with it, not a camera failure', async () => {
  // On a busy machine the SDK's hidden video may still wait for its first picture when the user
  // switches; the browser then rejects that play() (AbortError). Held here until after the switch.
  const holdFirstPictures = () => {
    const play = HTMLMediaElement.prototype.play;
    window.firstPictures = new Promise((resolve) => { window.letPicturesIn = resolve; });
    HTMLMediaElement.prototype.play = function heldPlay() {
      const source = this.srcObject;
      const playing = play.call(this);
      return window.firstPictures.then(() => {
        if (this.srcObject !== source) {
          throw new DOMException('The play() request was interrupted by a new load request.', 'AbortError');
        }
        return playing;
      });
    };
  };
  const page = await mount(await browser({ video: 'generated', cameras: 2 }), 'kl-enroll', newUsername('early-switch'), 'early switch', '',
    { initScript: holdFirstPictures });
  await untilState(page, 'searching');
  const select = page.locator('#kl select');
  const other = await page.evaluate(() => {
    const root = document.getElementById('kl').shadowRoot;
    const inUse = root.querySelector('video').srcObject.getVideoTracks()[0].getSettings().deviceId;
    return [...root.querySelectorAll('option')].map((o) => o.value).find((id) => id !== inUse);
  });
  await select.selectOption(other);
  await page.waitForFunction((id) => document.getElementById('kl').shadowRoot.querySelector('video').srcObject
    ?.getVideoTracks()[0]?.getSettings().deviceId === id, other, { timeout: 10_000 });
  await page.evaluate(() => window.letPicturesIn());
  await page.waitForFunction(() => window.seen.spoken.includes('Place your face in the oval') || window.seen.events.length > 0,
    null, { timeout: 10_000 });
  const { events, states } = await seen(page);
  assert.deepEqual(events, [], 'no camera failure');
  assert.equal(states.at(-1), 'searching', 'frames from the camera chosen are checked');
});

test('a camera that will not open leaves the one in use working and shown; one that opens after the attempt ended is turned off', async () => {
  const page = await mount(await browser({ video: 'generated', cameras: 2 }), 'kl-enroll', newUsername('camera-fails'), 'camera fails');
  await untilState(page, 'searching');
  const select = page.locator('#kl select');
  const shownTrack = () => page.evaluate(() => {
    const track = document.getElementById('kl').shadowRoot.querySelector('video').srcObject?.getVideoTracks()[0];
    return track && { deviceId: track.getSettings().deviceId, readyState: track.readyState };
  });
  const inUse = (await shownTrack()).deviceId;
  const other = (await select.locator('option').evaluateAll((options) => options.map((o) => o.value))).find((id) => id !== inUse);
  // Chromium's fake cameras always open: the page's getUserMedia fails for the other one as a camera
  // held by another application does, or waits until the test lets it open.
  await page.evaluate((id) => {
    const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    window.camera = { mode: 'busy', opened: [] };
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      if (constraints?.video?.deviceId?.exact !== id) {
        return open(constraints);
      }
      if (window.camera.mode === 'busy') {
        throw new DOMException('Could not start video source', 'NotReadableError');
      }
      await new Promise((resolve) => { window.camera.letOpen = resolve; });
      const stream = await open(constraints);
      window.camera.opened.push(stream);
      return stream;
    };
  }, other);

  await select.selectOption(other);
  await page.waitForFunction((id) => document.getElementById('kl').shadowRoot.querySelector('select').value === id, inUse,
    { timeout: 10_000 });
  assert.deepEqual(await shownTrack(), { deviceId: inUse, readyState: 'live' }, 'the camera in use goes on');
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(await page.evaluate(() => document.getElementById('kl').shadowRoot.querySelector('.frame').dataset.state), 'searching');
  assert.deepEqual((await seen(page)).events, [], 'the attempt goes on: no error');

  // Chosen again, and the element taken off the page while that camera opens: once open, it is turned off.
  await page.evaluate(() => { window.camera.mode = 'slow'; });
  await select.selectOption(other);
  await page.waitForFunction(() => window.camera.letOpen !== undefined);
  await page.evaluate(() => document.getElementById('kl').remove());
  await page.evaluate(() => window.camera.letOpen());
  await page.waitForFunction(() => window.camera.opened.length === 1
    && window.camera.opened[0].getTracks().every((track) => track.readyState === 'ended'), undefined, { timeout: 10_000 });
});

test('the chosen camera unplugged mid-attempt: a camera failure with a retry, and the retry opens the other camera', async () => {
  const username = newUsername('unplugged');
  const page = await mount(await browser({ video: 'generated', cameras: 2 }), 'kl-enroll', username, 'unplugged');
  await untilState(page, 'searching');
  const select = page.locator('#kl select');
  const shownDevice = () => page.evaluate(() => document.getElementById('kl').shadowRoot.querySelector('video').srcObject
    ?.getVideoTracks()[0]?.getSettings().deviceId);
  const first = await shownDevice();
  const chosen = (await select.locator('option').evaluateAll((options) => options.map((o) => o.value))).find((id) => id !== first);
  await select.selectOption(chosen);
  await page.waitForFunction((id) => document.getElementById('kl').shadowRoot.querySelector('video').srcObject
    ?.getVideoTracks()[0]?.getSettings().deviceId === id, chosen, { timeout: 10_000 });

  // Unplugged: its track ends, and it is no longer there to open.
  const { token: fresh } = await credentials(username, 'enroll', 'unplugged');
  await page.evaluate(({ id, token }) => {
    const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (constraints) => constraints?.video?.deviceId?.exact === id
      ? Promise.reject(new DOMException('Requested device not found', 'NotFoundError')) : open(constraints);
    const element = document.getElementById('kl');
    element.authorizationTokenProvider = async () => token;
    element.shadowRoot.querySelector('video').srcObject.getVideoTracks()[0].stop();
  }, { id: chosen, token: fresh });
  await untilEvent(page, 'error');
  await untilState(page, 'failed');
  assert.equal((await seen(page)).events.find((e) => e.name === 'error').message, 'MEDIA_STREAM_NOT_READABLE');
  assert.equal(await page.locator('#kl .retry').isVisible(), true, 'a camera failure may be retried');

  await page.locator('#kl .retry').click();
  await untilState(page, 'searching');
  assert.equal(await shownDevice(), first, 'the camera still there');
  assert.equal(await select.inputValue(), first, 'and the switcher shows it');
});

test('a camera plugged in mid-attempt shows the switcher, the one in use chosen; unplugged again, it hides', async () => {
  const page = await mount(await browser({ video: 'generated', cameras: 1 }), 'kl-enroll', newUsername('plugged'), 'plugged');
  await untilState(page, 'searching');
  const switcher = page.locator('#kl .camera');
  assert.equal(await switcher.isVisible(), false, 'one camera: no switcher');
  const inUse = await page.evaluate(() => document.getElementById('kl').shadowRoot.querySelector('video').srcObject
    .getVideoTracks()[0].getSettings().deviceId);

  // Chromium's fake cameras cannot be plugged in: the page's device list gains one, and the browser's event says so.
  const plug = (plugged) => page.evaluate((extra) => {
    const devices = navigator.mediaDevices;
    window.realDevices ??= devices.enumerateDevices.bind(devices);
    devices.enumerateDevices = async () => [...await window.realDevices(),
      ...(extra ? [{ deviceId: 'usb-webcam', groupId: 'usb', kind: 'videoinput', label: 'USB webcam' }] : [])];
    devices.dispatchEvent(new Event('devicechange'));
  }, plugged);
  await plug(true);
  await switcher.waitFor({ state: 'visible', timeout: 10_000 });
  const select = page.locator('#kl select');
  assert.deepEqual(await select.locator('option').allTextContents(), [
    await page.evaluate(async () => (await navigator.mediaDevices.enumerateDevices()).find((d) => d.kind === 'videoinput').label), 'USB webcam']);
  assert.equal(await select.inputValue(), inUse, 'the camera in use is the one chosen');
  await accessible(page, 'a camera plugged in');

  await plug(false);
  await switcher.waitFor({ state: 'hidden', timeout: 10_000 });
  assert.equal(await page.evaluate(() => document.getElementById('kl').shadowRoot.querySelector('.frame').dataset.state), 'searching',
    'the attempt goes on');
});

test('no face: the guide keeps searching, guidance is spoken once, not per frame; reduced motion stops the pulse; removal abandons', async () => {
  const username = newUsername('searching');
  const chromium = await browser({ video: camera('no-face/frame-01.jpg') });
  const moving = await mount(chromium, 'kl-enroll', username, 'no face');
  await untilState(moving, 'searching');
  const searchingSince = Date.now();
  // Counted, not timed: a loaded machine captures fewer frames a second, and "once, not per frame"
  // needs many frames. Each frame the SDK captures is one canvas encoded to JPEG.
  await moving.evaluate(() => {
    window.captured = 0;
    const toBlob = HTMLCanvasElement.prototype.toBlob;
    HTMLCanvasElement.prototype.toBlob = function countedToBlob(...args) {
      window.captured += 1;
      return toBlob.apply(this, args);
    };
  });
  const guided = await moving.waitForFunction(() => window.seen.spoken.at(-1) === 'Place your face in the oval' && window.captured,
    null, { timeout: 20_000 }).then((handle) => handle.jsonValue(), async () => assert.fail(`no face guidance: ${JSON.stringify(await seen(moving))}`));
  await moving.waitForFunction((from) => window.captured >= from + 30, guided, { timeout: 40_000 }); // all without a face
  const { spoken, states } = await seen(moving);
  assert.ok(spoken.length <= 3, `spoken: ${JSON.stringify(spoken)}`);
  assert.equal(spoken.at(-1), 'Place your face in the oval', `30 frames on, spoken: ${JSON.stringify(spoken)}`);
  assert.equal(states.at(-1), 'searching');
  const pulse = () => getComputedStyle(document.getElementById('kl').shadowRoot.querySelector('.oval')).animationName;
  assert.equal(await moving.evaluate(pulse), 'kl-pulse');
  await accessible(moving, 'searching');

  const still = await mount(chromium, 'kl-enroll', newUsername('still'), 'no face', '', { reducedMotion: 'reduce' });
  await untilState(still, 'searching');
  assert.equal(await still.evaluate(pulse), 'none');

  // Taken off the page mid-session (a route change): the camera goes off at once, nothing more is told.
  const afterRemoval = await still.evaluate(async () => {
    const element = document.getElementById('kl');
    const tracks = element.shadowRoot.querySelector('video').srcObject.getTracks();
    const eventsBefore = window.seen.events.length;
    element.remove();
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { states: tracks.map((t) => t.readyState), newEvents: window.seen.events.length - eventsBefore };
  });
  assert.deepEqual(afterRemoval, { states: ['ended'], newEvents: 0 });

  // Past the gateway's idle timeout (15 s by default, as this stack runs): a user still finding the
  // camera sends no frame, yet the session goes on, since the SDK says it keeps them back (Withheld).
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, searchingSince + 17_000 - Date.now())));
  const { events, states: later } = await seen(moving);
  assert.deepEqual(events, [], 'no error: the session is not idle');
  assert.equal(later.at(-1), 'searching');
});

test('a face off-centre in a 4:3 frame gets the adjust state and its guidance, in German', async () => {
  // Eileen Collins' photo, letterboxed to 4:3, sits just outside the centring limit: the guide asks her to centre.
  const page = await mount(await browser({ video: webcam('eileen-collins', 640, 480) }), 'kl-enroll', newUsername('adjust'), 'adjust',
    'lang="de" size="medium"');
  await untilState(page, 'adjust');
  assert.equal((await seen(page)).spoken.at(-1), 'Zentrieren Sie Ihr Gesicht im Oval');
  await videoShowsTheCamera(page);
  await rendersWhole(page, 'adjust');
  await accessible(page, 'adjust');
  await screenshot(page, 'adjust-light-medium-de-4x3');
  await page.close();
});

test('right-to-left at 320 px: a face that does not match fails with a retry that keyboard users reach; the retry asks for a fresh token', async () => {
  const username = newUsername('rtl');
  const enrolled = await mount(await browser({ video: webcam('grace-hopper', 640, 480) }), 'kl-enroll', username, 'enroll rtl');
  await untilEvent(enrolled, 'finished');

  const page = await mount(await browser({ video: camera('eileen-collins/frame-01.jpg') }), 'kl-auth', username, 'auth rtl',
    'lang="ar"', { viewport: { width: 320, height: 640 } });
  await untilEvent(page, 'error');
  await untilState(page, 'failed');
  assert.equal((await seen(page)).events.find((e) => e.name === 'error').message, 'SERVER_FACE_DOES_NOT_MATCH', JSON.stringify(await seen(page)));
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('kl').shadowRoot.querySelector('.frame')).direction), 'rtl');
  await rendersWhole(page, 'failed');
  await accessible(page, 'failed');
  await screenshot(page, 'failed-rtl-320');

  // Keyboard only: the failure moves focus to the retry button, where Enter starts the next attempt.
  assert.equal(await page.evaluate(() => `${document.activeElement?.tagName} ${document.getElementById('kl').shadowRoot.activeElement?.className}`),
    'KL-AUTH retry');
  // The retry event hands out the attempt; the page answers with a fresh token from its backend.
  const { token } = await credentials(username, 'auth', 'auth rtl');
  await page.evaluate((fresh) => document.getElementById('kl').addEventListener('retry', () => {
    document.getElementById('kl').setAttribute('authorization-token', fresh);
  }), token);
  await page.keyboard.press('Enter');
  await untilEvent(page, 'error', 2);
  const events = (await seen(page)).events;
  assert.deepEqual(events.filter((e) => e.name === 'retry').map((e) => e.detail), [{ attempt: 2, code: 'SERVER_FACE_DOES_NOT_MATCH' }]);
  assert.equal(events.filter((e) => e.name === 'error')[1].message, 'SERVER_FACE_DOES_NOT_MATCH', 'a second attempt ran, on the fresh token');
});

test('before its attributes are set, the component waits, accessible and whole', async () => {
  const page = await pageWith(await browser(), `<script type="module" src="${COMPONENTS}"></script><kl-auth id="kl"></kl-auth>`);
  await page.waitForFunction(() => document.getElementById('kl').shadowRoot?.querySelector('.frame'));
  assert.equal(await page.evaluate(() => document.getElementById('kl').shadowRoot.querySelector('.frame').dataset.state), 'starting');
  await rendersWhole(page, 'starting');
  await accessible(page, 'starting');
});

test('a final error (a user who never enrolled) offers no retry', async () => {
  const page = await mount(await browser({ video: webcam('grace-hopper', 640, 480) }), 'kl-auth', newUsername('never-enrolled'), 'nobody');
  await untilEvent(page, 'error');
  assert.equal((await seen(page)).events.find((e) => e.name === 'error').message, 'SERVER_USER_NOT_FOUND');
  assert.equal(await page.locator('#kl .retry').isVisible(), false);
  await accessible(page, 'failed');
  await screenshot(page, 'failed-final-light-medium-en');
});

test('a retry whose token provider rejects fails again, still offering a retry; a provider that answers starts the next attempt', async () => {
  const username = newUsername('provider');
  // A token for someone else: the gateway refuses the Start (SERVER_FORBIDDEN), which a fresh token may mend.
  const { token: foreign } = await credentials(newUsername('someone-else'), 'auth', 'provider');
  const page = await mount(await browser({ video: camera('eileen-collins/frame-01.jpg') }), 'kl-auth', username, 'provider');
  await page.evaluate((t) => document.getElementById('kl').setAttribute('authorization-token', t), foreign);
  await untilEvent(page, 'error');
  assert.equal((await seen(page)).events.find((e) => e.name === 'error').message, 'SERVER_FORBIDDEN', JSON.stringify(await seen(page)));

  const { token: fresh } = await credentials(username, 'auth', 'provider');
  await page.evaluate((t) => {
    const element = document.getElementById('kl');
    window.providerCalls = [];
    element.authorizationTokenProvider = async (request) => {
      window.providerCalls.push(request);
      if (window.providerCalls.length === 1) throw new Error('the backend is down');
      return t;
    };
  }, fresh);
  await untilState(page, 'failed');
  await page.keyboard.press('Enter'); // focus is on "Try again"
  await untilEvent(page, 'error', 2);
  await untilState(page, 'failed');
  assert.equal((await seen(page)).events.filter((e) => e.name === 'error')[1].message, 'SERVER_FORBIDDEN', 'the failure stands');
  assert.equal(await page.locator('#kl .retry').isVisible(), true, 'and the retry is offered again');

  await page.locator('#kl .retry').click();
  await untilEvent(page, 'error', 3);
  const events = (await seen(page)).events;
  assert.equal(events.filter((e) => e.name === 'error')[2].message, 'SERVER_USER_NOT_FOUND', 'an attempt ran on the provided token');
  assert.deepEqual(await page.evaluate(() => window.providerCalls),
    [{ attempt: 2, code: 'SERVER_FORBIDDEN' }, { attempt: 2, code: 'SERVER_FORBIDDEN' }]);
  assert.equal(events.filter((e) => e.name === 'retry').length, 0, 'with a provider, no retry event');
  await page.close();
});

test('under the Content-Security-Policy the README documents, with no inline script or style allowed, the component finishes', async () => {
  const username = newUsername('csp');
  const attributes = await componentAttributes('kl-enroll', username, 'strict page');
  const socket = new URL(attributes['ws-url']);
  // What README "Content-Security-Policy" lists, for a page that loads the SDK from the gateway.
  const policy = [`default-src 'none'`, `script-src 'self' ${gateway} 'wasm-unsafe-eval'`, `connect-src ${gateway} ${socket.origin}`,
    `style-src 'self'`, `img-src 'self'`].join('; ');
  serve('/csp-page.js', `
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
    const element = document.createElement('kl-enroll');
    for (const [name, value] of Object.entries(${JSON.stringify(attributes)})) element.setAttribute(name, value);
    element.id = 'kl';
    element.addEventListener('finished', (e) => { window.outcome = { finished: e.detail }; });
    element.addEventListener('error', (e) => { window.outcome = { error: e.message }; });
    document.querySelector('main').append(element);
    await import('${COMPONENTS}');
  `, { 'Content-Type': 'text/javascript' });
  const page = await pageWith(await browser({ video: webcam('grace-hopper', 640, 480) }), '<script type="module" src="/csp-page.js"></script>',
    {}, { 'Content-Security-Policy': policy });
  await page.waitForFunction(() => window.outcome !== undefined, null, { timeout: 90_000 });
  const outcome = await page.evaluate(() => window.outcome);
  assert.equal(outcome.error, undefined);
  const verdict = await verifyAtBackend(outcome.finished.transactionJwt);
  assert.equal(verdict.valid, true);
  assert.deepEqual(await page.evaluate(() => window.violations), [], 'nothing the policy blocks');
  assert.deepEqual(page.errors, []);
  // The styles applied although inline styles are forbidden: the guide is drawn, the stage has its shape.
  const stage = await page.evaluate(() => getComputedStyle(document.getElementById('kl').shadowRoot.querySelector('.stage')).aspectRatio);
  assert.equal(stage, '4 / 3');
});
