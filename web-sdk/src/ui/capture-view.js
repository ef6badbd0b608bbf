/**
 * The capture view inside `<kl-enroll>` / `<kl-auth>`: the mirrored camera under an oval guide,
 * a progress bar, the guidance line (a polite live region), and the controls (camera switcher,
 * retry). It only draws: the element decides what to show. Every part has a `part` name so an
 * integrator can restyle it with ::part().
 */

/** The component's widths in px by `size`; a number of px also works; it never exceeds its container. */
const SIZES = Object.freeze({ small: 240, medium: 360, large: 480 });

const STYLE = `
  :host { display: inline-block; max-width: 100%; font: 16px/1.4 system-ui, sans-serif;
    --kl-fg: #111; --kl-bg: #fff; --kl-muted: #4b5563; --kl-accent: #1d4ed8; --kl-ok: #15803d; --kl-warn: #b45309; --kl-bad: #b91c1c;
    --kl-shade: rgba(0, 0, 0, 0.45); --kl-track: #e5e7eb; }
  :host([theme="dark"]) { --kl-fg: #f5f5f5; --kl-bg: #111; --kl-muted: #d1d5db; --kl-accent: #93c5fd; --kl-ok: #4ade80; --kl-warn: #fbbf24; --kl-bad: #fca5a5;
    --kl-shade: rgba(0, 0, 0, 0.6); --kl-track: #374151; }
  .frame { background: var(--kl-bg); color: var(--kl-fg); border-radius: 12px; padding: 12px; box-sizing: border-box; max-width: 100%; }
  .stage { position: relative; aspect-ratio: 4 / 3; border-radius: 8px; overflow: hidden; background: #000; }
  video { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: cover; transform: scaleX(-1); display: block; }
  .guide { position: absolute; inset: 0; width: 100%; height: 100%; }
  .shade { fill: var(--kl-shade); }
  .oval { fill: none; stroke: var(--kl-muted); stroke-width: 1.2; stroke-dasharray: 3 2; vector-effect: non-scaling-stroke; }
  .frame[data-state="searching"] .oval { animation: kl-pulse 1.6s ease-in-out infinite; }
  .frame[data-state="adjust"] .oval { stroke: var(--kl-warn); stroke-dasharray: none; }
  .frame[data-state="hold"] .oval { stroke: var(--kl-accent); stroke-dasharray: none; stroke-width: 2; }
  .frame[data-state="done"] .oval { stroke: var(--kl-ok); stroke-dasharray: none; stroke-width: 2.5; }
  .frame[data-state="failed"] .oval { stroke: var(--kl-bad); stroke-dasharray: 1 1; }
  .tick { fill: none; stroke: var(--kl-ok); stroke-width: 3; stroke-linecap: round; stroke-linejoin: round; vector-effect: non-scaling-stroke; display: none; }
  .frame[data-state="done"] .tick { display: inline; }
  @keyframes kl-pulse { 50% { opacity: 0.35; } }
  .progress { height: 6px; margin: 10px 0 0; border-radius: 3px; background: var(--kl-track); overflow: hidden; }
  .bar { height: 100%; width: 0; background: var(--kl-accent); transition: width 200ms ease-out; }
  .frame[data-state="done"] .bar { background: var(--kl-ok); }
  .frame[data-state="failed"] .bar { background: var(--kl-bad); }
  .guidance { margin: 8px 0 0; min-height: 2.8em; text-align: center; font-weight: 600; overflow-wrap: anywhere; }
  .instructions { margin: 4px 0 0; font-size: 0.875em; color: var(--kl-muted); text-align: center; overflow-wrap: anywhere; }
  .controls { display: flex; flex-wrap: wrap; gap: 8px; justify-content: center; align-items: center; margin: 8px 0 0; }
  .camera { display: flex; gap: 6px; align-items: center; font-size: 0.875em; max-width: 100%; }
  select { max-width: 12em; font: inherit; color: var(--kl-fg); background: var(--kl-bg); border: 1px solid var(--kl-muted); border-radius: 6px; padding: 4px; }
  button { font: inherit; font-weight: 600; color: #fff; background: var(--kl-accent); border: 0; border-radius: 6px; padding: 8px 16px; cursor: pointer; }
  :host([theme="dark"]) button { color: #111; }
  button:focus-visible, select:focus-visible { outline: 3px solid var(--kl-accent); outline-offset: 2px; }
  button.cancel { color: var(--kl-fg); background: transparent; border: 1px solid var(--kl-muted); }
  :host([theme="dark"]) button.cancel { color: var(--kl-fg); }
  .dialog { padding: 0; border: 0; border-radius: 12px; background: transparent; max-width: calc(100vw - 16px); }
  .dialog::backdrop { background: rgba(0, 0, 0, 0.6); }
  [hidden] { display: none !important; }
  .cue { display: none; fill: var(--kl-accent); }
  .frame[data-move="turn_left"] .cue-left, .frame[data-move="turn_right"] .cue-right,
  .frame[data-move="look_up"] .cue-up, .frame[data-move="look_down"] .cue-down { display: inline; animation: kl-nudge 1.2s ease-in-out infinite; }
  .frame[data-move] .oval { stroke: var(--kl-accent); stroke-dasharray: none; stroke-width: 2; }
  @keyframes kl-nudge { 50% { opacity: 0.45; } }
  @media (prefers-reduced-motion: reduce) {
    .frame[data-move] .cue { animation: none; }
    .frame[data-state="searching"] .oval { animation: none; }
    .bar { transition: none; }
  }
`;

// The oval in a 100 x 75 box (the 4:3 stage): a face at arm's length, centred a little high.
// The shade is the box minus the oval (even-odd), so no mask ids that could clash between instances.
const OVAL = { cx: 50, cy: 36, rx: 19, ry: 26 };
const SHADE = `M0 0H100V75H0Z M${OVAL.cx - OVAL.rx} ${OVAL.cy} a${OVAL.rx} ${OVAL.ry} 0 1 0 ${2 * OVAL.rx} 0 a${OVAL.rx} ${OVAL.ry} 0 1 0 ${-2 * OVAL.rx} 0Z`;

// A tick inside the oval once the attempt succeeded (the camera is off by then: the stage is dark).
const TICK = `M${OVAL.cx - 8} ${OVAL.cy} l6 6 l11 -13`;

// Arrows inside the oval for a challenge's move, in screen directions: the preview is mirrored, so a
// user turning to their own left sees their face turn to the screen's left (whatever the text direction).
const CUES = [
  ['cue-left', `M${OVAL.cx - OVAL.rx + 3} ${OVAL.cy} l7 -6 v12 z`],
  ['cue-right', `M${OVAL.cx + OVAL.rx - 3} ${OVAL.cy} l-7 -6 v12 z`],
  ['cue-up', `M${OVAL.cx} ${OVAL.cy - OVAL.ry + 3} l-6 7 h12 z`],
  ['cue-down', `M${OVAL.cx} ${OVAL.cy + OVAL.ry - 3} l-6 -7 h12 z`],
].map(([name, d]) => `<path class="cue ${name}" d="${d}"></path>`).join('');

const TEMPLATE = `
  <div class="frame" part="frame" data-state="starting">
    <div class="stage" part="stage">
      <video part="video" muted playsinline autoplay aria-hidden="true"></video>
      <svg class="guide" part="guide" viewBox="0 0 100 75" preserveAspectRatio="xMidYMid slice" aria-hidden="true" focusable="false">
        <path class="shade" fill-rule="evenodd" d="${SHADE}"></path>
        <ellipse class="oval" cx="${OVAL.cx}" cy="${OVAL.cy}" rx="${OVAL.rx}" ry="${OVAL.ry}"></ellipse>
        <path class="tick" d="${TICK}"></path>
        ${CUES}
      </svg>
    </div>
    <div class="progress" part="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"><div class="bar"></div></div>
    <p class="guidance" part="guidance" role="status" aria-live="polite" aria-atomic="true" dir="auto"></p>
    <p class="instructions" part="instructions" hidden></p>
    <div class="controls">
      <label class="camera" part="camera" hidden><span class="camera-label"></span><select part="camera-select"></select></label>
      <button type="button" class="retry" part="retry" hidden></button>
      <button type="button" class="cancel" part="cancel" hidden></button>
    </div>
  </div>`;

// The dialog elements put the same view in a modal <dialog>: the page behind is inert, Escape cancels.
const DIALOG_TEMPLATE = `<dialog class="dialog" part="dialog">${TEMPLATE}</dialog>`;

let styleSheet;

function sharedStyleSheet() {
  if (!styleSheet) {
    styleSheet = new CSSStyleSheet();
    styleSheet.replaceSync(STYLE);
  }
  return styleSheet;
}

/**
 * The guide's states (the frame's data-state): starting, searching (no face yet), adjust (a
 * filter asks for a change), hold (frames pass; progress fills), done, failed. Each has its own
 * colour and stroke; motion only where the user has not asked for less of it.
 */
export class CaptureView {
  #root;
  #frame;
  #video;
  #progress;
  #bar;
  #guidance;
  #instructions;
  #camera;
  #select;
  #retry;
  #cancel;
  #retryLabel = '';
  #dialog;
  /** Called when the user cancels: the cancel button, or Escape in a dialog. */
  onCancel = () => {};

  /** Renders into a shadow root; `modal`: inside a modal dialog, opened by open(). */
  constructor(root, { modal = false } = {}) {
    // A constructed stylesheet, shared by every instance: a page whose Content-Security-Policy
    // forbids inline styles (no 'unsafe-inline') still styles the component.
    root.adoptedStyleSheets = [sharedStyleSheet()];
    root.innerHTML = modal ? DIALOG_TEMPLATE : TEMPLATE;
    this.#root = root;
    this.#dialog = root.querySelector('dialog');
    this.#frame = root.querySelector('.frame');
    this.#video = root.querySelector('video');
    this.#progress = root.querySelector('.progress');
    this.#bar = root.querySelector('.bar');
    this.#guidance = root.querySelector('.guidance');
    this.#instructions = root.querySelector('.instructions');
    this.#camera = root.querySelector('.camera');
    this.#select = root.querySelector('select');
    this.#retry = root.querySelector('.retry');
    this.#cancel = root.querySelector('.cancel');
    this.#cancel.onclick = () => this.onCancel();
    this.#dialog?.addEventListener('cancel', (event) => {
      event.preventDefault(); // Escape: the element decides (it abandons the attempt, then closes)
      this.onCancel();
    });
  }

  /** Opens the dialog (modal: the page behind is inert); nothing for an inline view. */
  open() {
    if (this.#dialog && !this.#dialog.open && this.#dialog.isConnected) {
      this.#dialog.showModal();
    }
  }

  close() {
    if (this.#dialog?.open) {
      this.#dialog.close();
    }
  }

  /** Shows the cancel control while an attempt runs; a dialog always has it, as its way out. */
  cancellable(shown) {
    this.#cancel.hidden = !shown && !this.#dialog;
  }

  /** Width (a SIZES name or px), direction and the labels of the language (the dialog's name among them). */
  layout({ size, dir, lang, labels }) {
    const width = SIZES[size] ?? (Number.parseInt(size, 10) || SIZES.medium);
    this.#frame.style.width = `${width}px`;
    this.#frame.dir = dir;
    this.#frame.lang = lang;
    this.#progress.setAttribute('aria-label', labels.progress);
    this.#root.querySelector('.camera-label').textContent = labels.camera;
    this.#retryLabel = labels.retry;
    if (this.#retry.hidden) {
      this.#retry.textContent = labels.retry;
    }
    this.#cancel.textContent = labels.cancel;
    this.#dialog?.setAttribute('aria-label', labels.dialog);
  }

  set state(state) {
    this.#frame.dataset.state = state;
  }

  get state() {
    return this.#frame.dataset.state;
  }

  set stream(stream) {
    this.#video.srcObject = stream;
  }

  /** Shows a fraction (0..1) of the way to a decision. */
  set progress(fraction) {
    const percent = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
    this.#bar.style.width = `${percent}%`;
    this.#progress.setAttribute('aria-valuenow', String(percent));
  }

  /** Shows the direction cue of a challenge's move (a ChallengeMove name), or none. */
  set move(move) {
    if (move) {
      this.#frame.dataset.move = String(move).toLowerCase();
    } else {
      delete this.#frame.dataset.move;
    }
  }

  /** Sets the guidance line; unchanged text is not written again, so a screen reader hears each change once. */
  say(message) {
    if (this.#guidance.textContent !== message) {
      this.#guidance.textContent = message;
    }
  }

  instructions(message, shown) {
    this.#instructions.textContent = message;
    this.#instructions.hidden = !shown;
  }

  /**
   * Shows the retry button (focused, so keyboard users land on it after a failure) or hides it;
   * `label` and `focus: false` make it the consent step's Start.
   */
  retry(shown, onClick, { label = this.#retryLabel, focus = true } = {}) {
    this.#retry.hidden = !shown;
    this.#retry.onclick = shown ? onClick : null;
    this.#retry.textContent = label;
    if (shown && focus) {
      this.#retry.focus({ preventScroll: true });
    }
  }

  /** Lists the cameras when there is more than one; calls onChoose(deviceId) on a change. */
  cameras(devices, selectedId, onChoose, labelOf) {
    this.#camera.hidden = devices.length < 2;
    this.#select.replaceChildren(...devices.map((device, index) => {
      const option = document.createElement('option');
      option.value = device.deviceId;
      option.textContent = device.label || labelOf(index);
      option.selected = device.deviceId === selectedId;
      return option;
    }));
    this.#select.onchange = () => onChoose(this.#select.value);
  }
}
