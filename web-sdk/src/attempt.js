import { KeylessError, keylessError, serverError } from './errors.js';
import { Listeners } from './events.js';
import { FrameCredit } from './flow-control.js';
import { frameAssociatedData, importImageKey, sealFrame } from './frame-crypto.js';
import { createKeylessMediaStream, MediaStreamFrameSource } from './media.js';
import { decodeServerMessage, encodeFrame, encodeStart, encodeStop, encodeWithheld } from './protocol.js';
import { UplinkQuality } from './uplink.js';

// readyTimeoutMs: Start to Ready is the gateway checking the token (and a ledger write); seconds, not more.
const DEFAULTS = Object.freeze({ framesPerSecond: 8, sessionTimeoutMs: 60_000, openTimeoutMs: 10_000, readyTimeoutMs: 15_000 });

/** WebSocket's readyState values (the standard's, which every implementation uses). */
const SOCKET = Object.freeze({ CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });

/**
 * While frames are kept back, how often the server hears that the client is still there: well
 * within its idle timeout (15 s by default), and far below any frame rate (client.proto, Withheld).
 */
const WITHHELD_EVERY_MS = 1000;

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** The first required option that is missing, as its *_UNSET code; undefined when all are there. */
export function missingOption(options) {
  const required = [
    [options?.ws?.url, KeylessError.WS_URL_UNSET],
    [options?.customer?.name, KeylessError.CUSTOMER_NAME_UNSET],
    [options?.username, KeylessError.USERNAME_UNSET],
    [options?.authorization?.token, KeylessError.AUTHORIZATION_TOKEN_UNSET],
    [options?.key?.id, KeylessError.KEY_ID_UNSET],
    [options?.key?.value, KeylessError.KEY_VALUE_UNSET],
  ];
  return required.find(([value]) => typeof value !== 'string' || value.trim() === '')?.[1];
}

/**
 * One enrollment or authentication: the socket, the frames, the events. One attempt per symbol;
 * a retry is a new symbol. Every terminal event (finished, error, timeout) releases the camera;
 * once it is delivered, the listeners are dropped and {@link Attempt#onEnded} is called, so a page
 * that runs many attempts keeps none of the ended ones alive.
 */
export class Attempt {
  listeners = new Listeners();
  /** Called once the attempt has ended and its last event was delivered. */
  onEnded = () => {};
  lastServerFilters = [];
  lastVideoFrameQuality = undefined;
  #state = 'new';
  #options;
  #socket;
  #source;
  #imageKey;
  #timers = [];
  #readyTimer;
  #sequence = 0;
  #credit = new FrameCredit();
  /** The JPEG quality the uplink allows, from each frame's round trip; the send times by sequence. */
  #uplink = new UplinkQuality();
  #sentAt = new Map();
  /** Whether the server takes Withheld (Ready says); an older one would end the session on it. */
  #withheldAccepted = false;
  /** Whether the latest frame checked was kept back by the client filters. */
  #keptBack = false;
  /** When the server was last told of a frame kept back; -Infinity once a turn or a frame makes that news again. */
  #withheldAt = -Infinity;

  /** @param {'enroll' | 'auth'} type */
  constructor(type) {
    this.type = type;
  }

  get state() {
    return this.#state;
  }

  /** Resolves once the socket is open and Start is sent, or to an Error; never rejects. */
  async open(options) {
    if (this.#state !== 'new') {
      return keylessError(KeylessError.SESSION_ALREADY_STARTED);
    }
    const unset = missingOption(options);
    if (unset) {
      return keylessError(unset);
    }
    this.#state = 'opening';
    this.#options = options;
    try {
      this.#imageKey = await importImageKey(options.key.value);
    } catch {
      // A key that does not import would encrypt nothing the server can open.
      return this.#endedOpening(keylessError(KeylessError.SERVER_IMAGE_ENCRYPT_FAILED));
    }
    const source = await this.#frameSource(options);
    if (source instanceof Error) {
      return this.#endedOpening(source);
    }
    this.#source = source;
    if (this.#state === 'ended') {
      this.#release(); // abandoned while the camera started
      return undefined;
    }
    this.#step('connecting');
    const socket = await this.#connect(options);
    if (socket instanceof Error) {
      this.#release();
      return this.#endedOpening(socket);
    }
    if (this.#state === 'ended') {
      socket.close(1000); // abandoned while the socket opened (#end released the camera)
      return undefined;
    }
    this.#socket = socket;
    socket.send(encodeStart({
      customer: options.customer.name,
      username: options.username,
      operation: this.type,
      transactionData: options.transaction?.data ?? '',
      authorizationToken: options.authorization.token,
      keyId: options.key.id,
    }));
    this.#step('started');
    // Ready, or an Error, should follow at once: a gateway that accepted the socket but never
    // answers Start would otherwise leave the user looking at "Starting…" until the session timeout.
    this.#readyTimer = setTimeout(() => this.#fail(KeylessError.SESSION_READY_TIMEOUT),
      options.ws.readyTimeoutMs ?? DEFAULTS.readyTimeoutMs);
    this.#timers.push(this.#readyTimer);
    return undefined;
  }

  /** Opening failed with `error`, which open() resolves to: the attempt is over. */
  #endedOpening(error) {
    this.#state = 'ended';
    this.#letGo();
    return error;
  }

  async #frameSource(options) {
    if (options.frameSource) {
      return options.frameSource;
    }
    const stream = options.stream ?? await createKeylessMediaStream(options.media);
    if (stream instanceof Error) {
      return stream;
    }
    return new MediaStreamFrameSource(stream);
  }

  #connect(options) {
    const WebSocketImpl = options.ws.WebSocket ?? globalThis.WebSocket;
    return new Promise((resolve) => {
      let settled = false;
      const settle = (value) => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          resolve(value);
        }
      };
      let socket;
      try {
        socket = new WebSocketImpl(options.ws.url);
      } catch {
        resolve(keylessError(KeylessError.WEB_SOCKET_OPEN));
        return;
      }
      const timer = setTimeout(() => {
        socket.close();
        settle(keylessError(KeylessError.WEB_SOCKET_TIMEOUT));
      }, options.ws.timeoutMs ?? DEFAULTS.openTimeoutMs);
      socket.binaryType = 'arraybuffer';
      socket.onopen = () => {
        this.listeners.emit('ws-open', {});
        socket.onmessage = (event) => this.#receive(event.data);
        socket.onerror = () => this.#fail(KeylessError.WEB_SOCKET_ERROR);
        socket.onclose = (event) => {
          this.listeners.emit('ws-close', { code: event.code, reason: event.reason });
          this.#fail(KeylessError.WEB_SOCKET_UNEXPECTED_CLOSE);
        };
        settle(socket);
      };
      socket.onerror = () => settle(keylessError(KeylessError.WEB_SOCKET_OPEN));
    });
  }

  #receive(data) {
    let message;
    try {
      message = decodeServerMessage(new Uint8Array(data));
    } catch {
      this.#fail(KeylessError.WEB_SOCKET_ERROR);
      return;
    }
    switch (message.kind) {
      case 'ready':
        clearTimeout(this.#readyTimer);
        this.sessionId = message.sessionId;
        this.#withheldAccepted = message.withheldAccepted;
        this.#credit.grant(message.maxInFlight, message.frameResultTimeoutMs);
        if (message.credit !== undefined && message.credit !== null) {
          this.#credit.update(message.credit); // 0: wait for a turn before the first frame
        }
        this.#state = 'streaming';
        this.listeners.emit('begin-stream', { sessionId: message.sessionId });
        this.#step('streaming');
        this.#timers.push(setTimeout(() => {
          this.#send(encodeStop());
          this.#fail(KeylessError.SESSION_MEDIA_STREAM_TIMEOUT);
        }, this.#options.session?.timeoutMs ?? DEFAULTS.sessionTimeoutMs));
        this.#streamFrames();
        break;
      case 'credit':
        this.#credit.update(message.maxInFlight);
        this.#withheldAt = -Infinity;
        if (this.#keptBack) {
          this.#reportWithheld(); // a turn with nothing to send: it goes back at once, not on the next capture
        }
        break;
      case 'frameResult':
        this.#credit.answered(message.sequence);
        this.#measureUplink(message.sequence);
        this.lastServerFilters = message.filters.filter((f) => f.triggered).map((f) => f.name);
        this.listeners.emit('frame-results', {
          filters: Object.fromEntries(message.filters.map((f) => [f.name, f.triggered])),
          accepted: message.accepted,
          sequence: message.sequence,
          timestamp: Date.now(),
        });
        break;
      case 'progress':
        this.listeners.emit('progress', {
          framesUsed: message.framesUsed,
          framesNeeded: message.framesNeeded,
          challengeMovesDone: message.challengeMovesDone,
          timestamp: Date.now(),
        });
        break;
      case 'challenge':
        this.listeners.emit('challenge', { moves: message.moves, timeLimitMs: message.timeLimitMs, timestamp: Date.now() });
        break;
      case 'finished':
        this.#end();
        this.listeners.emit('finished', {
          customer: message.customer,
          type: message.operation,
          username: message.username,
          transactionJwt: message.transactionJwt,
          // The same token under the name Keyless's component documentation uses.
          transactionJWT: message.transactionJwt,
        });
        this.#letGo();
        break;
      case 'error':
        this.#failWith(serverError(message.code, message.codeName));
        break;
      default:
        break;
    }
  }

  /**
   * Captures at the frame rate and sends what passes the client filters while the credit allows.
   * Without a credit the filters still run on every frame, so the user's guidance goes on while the
   * session waits its turn, and the first frame to pass once the turn comes is sent. Frames kept back
   * while holding credit are reported (Withheld). With no filters, or `sendRejected`, every frame
   * is sent, so one is captured only once a credit is free.
   */
  async #streamFrames() {
    const interval = 1000 / (this.#options.frames?.perSecond ?? DEFAULTS.framesPerSecond);
    const check = this.#options.frameQualityCheck;
    const sendRejected = Boolean(this.#options.frames?.sendRejected);
    let turn; // one wait for the credit at a time, however many frames are checked meanwhile
    while (this.#state === 'streaming') {
      if (!check || sendRejected) {
        // Every frame captured is sent: wait for a credit first, so the one sent is the camera's current one.
        await this.#credit.available();
        if (this.#state !== 'streaming') {
          break;
        }
      }
      const started = Date.now();
      let jpeg;
      try {
        jpeg = await this.#source.next();
      } catch {
        this.#fail(KeylessError.MEDIA_STREAM_NOT_READABLE);
        break;
      }
      const triggered = check ? await this.#clientFilters(check, jpeg) : [];
      if (this.#state !== 'streaming') {
        break;
      }
      this.#keptBack = triggered.length > 0 && !sendRejected;
      if (this.#keptBack) {
        this.#reportWithheld();
      } else if (!this.#credit.hasRoom()) {
        // Worth sending, but not this session's turn: checked again at the frame rate until the
        // turn comes, so that what is sent then is the camera's current frame, and still passes.
        turn ??= this.#credit.available().then(() => { turn = undefined; });
        await Promise.race([turn, pause(interval - (Date.now() - started))]);
        continue;
      } else {
        const sequence = this.#sequence + 1;
        let sealed;
        try {
          sealed = await sealFrame(this.#imageKey, jpeg, frameAssociatedData(this.sessionId, sequence));
        } catch {
          this.#fail(KeylessError.SERVER_IMAGE_ENCRYPT_FAILED);
          break;
        }
        this.#sequence = sequence;
        this.#credit.sent(sequence);
        this.#sentAt.set(sequence, Date.now());
        this.#withheldAt = -Infinity;
        this.#send(encodeFrame(sequence, Date.now(), sealed));
      }
      await pause(interval - (Date.now() - started));
    }
  }

  /** A frame's round trip, for the uplink's quality; the next frames are encoded at what it allows. */
  #measureUplink(sequence) {
    const sentAt = this.#sentAt.get(sequence);
    this.#sentAt.delete(sequence);
    if (sentAt !== undefined) {
      this.#uplink.record(Date.now() - sentAt);
      if (this.#source && 'quality' in this.#source) {
        this.#source.quality = this.#uplink.quality;
      }
    }
  }

  /**
   * Tells the server a frame was kept back (client.proto, Withheld): only a server that takes it,
   * only while holding credit (a session waiting its turn is silent by design), and at most once
   * per WITHHELD_EVERY_MS unless a Credit or a Frame came since.
   */
  #reportWithheld() {
    const now = Date.now();
    if (this.#state === 'streaming' && this.#withheldAccepted && this.#credit.hasRoom() && now - this.#withheldAt >= WITHHELD_EVERY_MS) {
      this.#withheldAt = now;
      this.#send(encodeWithheld());
    }
  }

  /** The triggered client filters, reported as video-frame-quality; a failing check just skips them. */
  async #clientFilters(check, jpeg) {
    let triggered;
    try {
      triggered = await check(jpeg, this.#source.canvas);
    } catch {
      return [];
    }
    this.lastVideoFrameQuality = { filters: triggered, timestamp: Date.now() };
    this.listeners.emit('video-frame-quality', this.lastVideoFrameQuality);
    return triggered;
  }

  /**
   * Gives the attempt up (the page no longer shows it): the server is told to stop, the camera
   * and the socket are released, and no further event comes. Harmless when it has ended.
   */
  abandon() {
    if (this.#state === 'ended') {
      return;
    }
    if (this.#state === 'new') {
      this.#state = 'ended';
      this.#letGo();
      return;
    }
    this.#send(encodeStop());
    this.listeners.clear();
    this.#end();
    this.#letGo();
  }

  #send(bytes) {
    if (this.#socket && this.#socket.readyState === SOCKET.OPEN) {
      this.#socket.send(bytes);
    }
  }

  #fail(code) {
    this.#failWith(keylessError(code));
  }

  #failWith(error) {
    if (this.#state === 'ended') {
      return;
    }
    this.#end();
    this.listeners.emit('error', error);
    this.#letGo();
  }

  /** After the last event: the listeners (and whatever they hold) are dropped, and the owner told. */
  #letGo() {
    this.listeners.clear();
    const ended = this.onEnded;
    this.onEnded = () => {};
    ended();
  }

  #end() {
    if (this.#state === 'ended') {
      return;
    }
    this.#state = 'ended';
    this.#timers.forEach(clearTimeout);
    this.#credit.close();
    this.#release();
    if (this.#socket && (this.#socket.readyState === SOCKET.CONNECTING || this.#socket.readyState === SOCKET.OPEN)) {
      this.#socket.close(1000);
    }
    this.#step('ended');
  }

  #release() {
    if (this.#source) {
      this.#source.close?.();
      this.listeners.emit('stop-stream', {});
    }
  }

  #step(step) {
    this.listeners.emit('step-change', { step });
  }
}
