/**
 * The client side of the protocol's credit-based flow control (client.proto, Ready): at most
 * `maxInFlight` sent frames may be unanswered; a frame stops counting when its result arrives or
 * when `frameResultTimeoutMs` (plus a margin, as the server starts its clock on receipt) has passed.
 * The attempt awaits `available()` before it captures a frame it will send, so what it sends when a
 * credit frees is the camera's current picture, never one queued while it waited.
 */
export class FrameCredit {
  #max = Infinity;
  #timeoutMs = Infinity;
  #marginMs;
  #now;
  /** sequence -> sent time (ms), oldest first */
  #inFlight = new Map();
  #waiters = [];
  #timer;

  constructor({ marginMs = 1000, now = () => Date.now() } = {}) {
    this.#marginMs = marginMs;
    this.#now = now;
  }

  /** Applies Ready's fields; 0 (a server without flow control) means no limit. */
  grant(maxInFlight, frameResultTimeoutMs) {
    this.#max = maxInFlight > 0 ? maxInFlight : Infinity;
    this.#timeoutMs = frameResultTimeoutMs > 0 ? frameResultTimeoutMs + this.#marginMs : Infinity;
    this.#wake();
  }

  /** Applies a Credit message: at most `maxInFlight` from now on; 0 pauses until a later Credit. */
  update(maxInFlight) {
    this.#max = Math.max(0, maxInFlight);
    this.#wake();
  }

  get inFlight() {
    this.#expire();
    return this.#inFlight.size;
  }

  sent(sequence) {
    this.#inFlight.set(sequence, this.#now());
  }

  /** A result arrived: frees its credit. Returns the frame's sent time, or undefined if it no longer counted. */
  answered(sequence) {
    const sentAt = this.#inFlight.get(sequence);
    this.#inFlight.delete(sequence);
    this.#wake();
    return sentAt;
  }

  /** Whether a frame may be sent now. */
  hasRoom() {
    return this.inFlight < this.#max;
  }

  /** Resolves when a frame may be sent (at once if the credit has room). */
  available() {
    if (this.inFlight < this.#max) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#waiters.push(resolve);
      this.#armTimeout();
    });
  }

  /** Releases every waiter: the attempt ended. */
  close() {
    clearTimeout(this.#timer);
    this.#waiters.splice(0).forEach((resolve) => resolve());
  }

  #wake() {
    if (this.#waiters.length > 0 && this.inFlight < this.#max) {
      clearTimeout(this.#timer);
      this.#waiters.splice(0).forEach((resolve) => resolve());
    }
  }

  /** Looks again when the oldest frame in flight times out: its result may never come. */
  #armTimeout() {
    clearTimeout(this.#timer);
    const oldest = this.#inFlight.values().next();
    if (oldest.done || this.#timeoutMs === Infinity) {
      return;
    }
    this.#timer = setTimeout(() => {
      this.#wake();
      if (this.#waiters.length > 0) {
        this.#armTimeout();
      }
    }, Math.max(0, oldest.value + this.#timeoutMs - this.#now()));
  }

  #expire() {
    const now = this.#now();
    for (const [sequence, sentAt] of this.#inFlight) {
      if (now - sentAt < this.#timeoutMs) {
        break;
      }
      this.#inFlight.delete(sequence);
    }
  }
}
