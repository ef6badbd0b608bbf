/** The events an attempt emits, by name (CLIENT-SDK.md, "Events"). */
export const EVENT_NAMES = Object.freeze([
  'frame-results', 'video-frame-quality', 'finished', 'error',
  'begin-stream', 'stop-stream', 'ws-open', 'ws-close', 'step-change',
  // Beyond the contract, additive: how far the decision is ({ framesUsed, framesNeeded, challengeMovesDone }),
  // and the liveness challenge to show ({ moves: ['TURN_LEFT'|'TURN_RIGHT'|'LOOK_UP'|'LOOK_DOWN', ...], timeLimitMs }).
  'progress', 'challenge',
]);

/** The listeners of one attempt. A throwing listener never breaks the attempt or the other listeners. */
export class Listeners {
  #byName = new Map();

  /** Adds the entries that have a known `name` and a function `callback`; other entries and keys are ignored. */
  add(entries) {
    for (const entry of Array.isArray(entries) ? entries : []) {
      if (entry && EVENT_NAMES.includes(entry.name) && typeof entry.callback === 'function') {
        if (!this.#byName.has(entry.name)) {
          this.#byName.set(entry.name, []);
        }
        this.#byName.get(entry.name).push(entry.callback);
      }
    }
  }

  clear() {
    this.#byName.clear();
  }

  emit(name, payload) {
    for (const callback of this.#byName.get(name) ?? []) {
      try {
        callback(payload);
      } catch (failure) {
        // An integrator's listener failing is theirs to see, not a reason to end the session.
        queueMicrotask(() => { throw failure; });
      }
    }
  }
}
