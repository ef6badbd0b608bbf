/**
 * JPEG quality that follows the uplink. Each frame's round trip (sent to its FrameResult) includes
 * its upload: on a slow uplink (a weak mobile signal) round trips grow with the frame's bytes, the
 * credit comes back late, and the user waits for guidance. Quality steps down while the median of
 * recent round trips is slow, and back up while it is fast; only the quality changes, never the
 * 640 x 480 the camera is asked for, since the server's filters judge faces by their size in pixels.
 */

/** The bounds and steps (README, "Uplink"): 0.85 is the default; below 0.5, fewer bytes are not worth the detail lost. */
export const UPLINK = Object.freeze({ maxQuality: 0.85, minQuality: 0.5, stepDown: 0.1, stepUp: 0.05, slowMs: 600, fastMs: 250, window: 5 });

export class UplinkQuality {
  #quality = UPLINK.maxQuality;
  #samples = [];

  /** The JPEG quality to encode the next frame at. */
  get quality() {
    return this.#quality;
  }

  /**
   * One frame's round trip, in ms. Every `window` samples, the median decides: over slowMs, a
   * step down; under fastMs, a step up; between, no change. Deciding on a window, not each frame,
   * keeps one late result (a pause of the server's) from changing anything.
   */
  record(roundTripMs) {
    this.#samples.push(roundTripMs);
    if (this.#samples.length < UPLINK.window) {
      return;
    }
    const sorted = this.#samples.splice(0).sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    if (median > UPLINK.slowMs) {
      this.#quality = Math.max(UPLINK.minQuality, round(this.#quality - UPLINK.stepDown));
    } else if (median < UPLINK.fastMs) {
      this.#quality = Math.min(UPLINK.maxQuality, round(this.#quality + UPLINK.stepUp));
    }
  }
}

const round = (quality) => Math.round(quality * 100) / 100;
