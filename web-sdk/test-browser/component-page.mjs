// A page holding one <kl-enroll> or <kl-auth>, as the component tests read it: every state the guide
// takes, every text its live region gets, every progress value and the element's events; axe-core
// on it as it is.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { asHtml, componentAttributes, COMPONENTS, pageWith, sdkRoot } from './harness.mjs';

export const SHOTS = process.env.LIKENESS_SCREENSHOTS ?? join(sdkRoot, 'dist', 'screenshots');
mkdirSync(SHOTS, { recursive: true });
export const AXE = join(sdkRoot, 'node_modules', 'axe-core', 'axe.min.js');

/**
 * A page with one component, its attributes from a fresh token; records every state the guide
 * takes, every text the live region gets, every progress value, and the element's events.
 */
export async function mount(instance, tag, username, transactionData, extraAttributes = '', pageOptions = {}) {
  return mountWith(instance, tag, await componentAttributes(tag, username, transactionData), extraAttributes, pageOptions);
}

/** The same page, the attributes given (an object) and `extraAttributes` (HTML) as they are. */
export async function mountWith(instance, tag, attributeObject, extraAttributes = '', pageOptions = {}) {
  const attributes = asHtml(attributeObject);
  const page = await pageWith(instance, `<script type="module" src="${COMPONENTS}"></script>
    <${tag} id="kl" ${attributes} ${extraAttributes}></${tag}>
    <script>
      window.seen = { states: [], spoken: [], progress: [], events: [] };
      const element = document.getElementById('kl');
      for (const name of ['finished', 'error', 'retry', 'cancel']) {
        element.addEventListener(name, (e) => window.seen.events.push({ name, detail: e.detail, message: e.message }));
      }
      customElements.whenDefined('${tag}').then(() => {
        const root = element.shadowRoot;
        const frame = root.querySelector('.frame');
        const live = root.querySelector('[aria-live]');
        const bar = root.querySelector('[role=progressbar]');
        const note = () => {
          const seen = window.seen;
          if (seen.states.at(-1) !== frame.dataset.state) seen.states.push(frame.dataset.state);
          if (seen.spoken.at(-1) !== live.textContent && live.textContent) seen.spoken.push(live.textContent);
          if (seen.progress.at(-1) !== bar.getAttribute('aria-valuenow')) seen.progress.push(bar.getAttribute('aria-valuenow'));
        };
        new MutationObserver(note).observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
        note();
      });
    </script>`, pageOptions);
  return page;
}

export const seen = (page) => page.evaluate(() => window.seen);
export const untilState = (page, state, timeout = 60_000) => page.waitForFunction(
  (s) => document.getElementById('kl').shadowRoot.querySelector('.frame').dataset.state === s, state, { timeout });
export const untilEvent = (page, name, count = 1) => page.waitForFunction(
  ([n, c]) => window.seen.events.filter((e) => e.name === n).length >= c, [name, count], { timeout: 90_000 });

/** axe-core on the component as it is now: no serious or critical violation. */
export async function accessible(page, state) {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ path: AXE });
  }
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, [], `axe in state ${state}`);
}

