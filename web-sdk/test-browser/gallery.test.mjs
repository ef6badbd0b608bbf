// Every state of the capture view in every shipped language: the view and strings the elements
// use (src/ui/), bundled for the page, drawn in each state a user can meet, screenshotted under
// LIKENESS_SCREENSHOTS/gallery/, checked with axe-core, and checked for text overflowing its box.
// The elements' own transitions are tested on real sessions (components.test.mjs, keyless.test.mjs).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { browser, pageWith, sdkRoot, serve } from './harness.mjs';
import { AXE, SHOTS } from './component-page.mjs';

/** Each state: the view's state, what it says, and what else it shows (keys of the string tables). */
const STATES = {
  starting: { state: 'starting', say: 'starting', cancel: true },
  consent: { state: 'starting', instructions: 'consent', action: 'start' },
  searching: { state: 'searching', say: 'ready', cancel: true },
  adjust: { state: 'adjust', say: 'face_too_small', cancel: true },
  hold: { state: 'hold', say: 'holdStill', progress: 0.6, cancel: true },
  challenge: { state: 'hold', say: 'moveTurnLeft', move: 'TURN_LEFT', progress: 0.4, cancel: true },
  done: { state: 'done', say: 'finished', progress: 1 },
  'failed-no-match': { state: 'failed', say: 'failedNoMatch', action: 'retry' },
  'failed-permission': { state: 'failed', say: 'failedPermission', instructions: 'permissionHelpChromium', action: 'retry' },
  'failed-no-camera': { state: 'failed', say: 'failedNoCamera' },
  'failed-not-enrolled': { state: 'failed', say: 'failedNotEnrolled' },
  cancelled: { state: 'cancelled', say: 'cancelled', action: 'retry' },
};

const PAGE = `
  import { CaptureView } from '../src/ui/capture-view.js';
  import { directionOf, LANGUAGES, text } from '../src/ui/strings.js';
  window.languages = LANGUAGES;
  window.draw = (lang, spec) => {
    const host = document.getElementById('view');
    host.replaceWith(Object.assign(document.createElement('div'), { id: 'view' }));
    const view = new CaptureView(document.getElementById('view').attachShadow({ mode: 'open' }));
    const t = (key) => text(lang, key);
    view.layout({ size: 'medium', dir: directionOf(lang), lang,
      labels: { progress: t('progress'), camera: t('camera'), retry: t('retry'), cancel: t('cancel'), dialog: t('dialogTitle') } });
    view.state = spec.state;
    view.move = spec.move;
    view.progress = spec.progress ?? 0;
    if (spec.say) view.say(t(spec.say));
    view.instructions(spec.instructions ? t(spec.instructions) : '', Boolean(spec.instructions));
    view.cancellable(Boolean(spec.cancel));
    view.retry(Boolean(spec.action), () => {}, { label: spec.action ? t(spec.action) : t('retry'), focus: false });
  };`;

test('every state in every language: whole, accessible, and screenshotted', async () => {
  const bundle = await build({ stdin: { contents: PAGE, resolveDir: join(sdkRoot, 'test-browser'), sourcefile: 'gallery.js' },
    bundle: true, format: 'esm', write: false });
  serve('/gallery.js', bundle.outputFiles[0].text);
  const page = await pageWith(await browser(), '<div id="view"></div><script type="module" src="/gallery.js"></script>');
  await page.waitForFunction(() => typeof window.draw === 'function');
  await page.addScriptTag({ path: AXE });
  const languages = await page.evaluate(() => window.languages);
  assert.deepEqual([...languages].sort(), ['ar', 'de', 'en', 'es', 'fr', 'it', 'pt']);
  const folder = join(SHOTS, 'gallery');
  mkdirSync(folder, { recursive: true });
  const problems = [];
  for (const lang of languages) {
    for (const [name, spec] of Object.entries(STATES)) {
      const found = await page.evaluate(async ([l, s]) => {
        window.draw(l, s);
        const root = document.getElementById('view').shadowRoot;
        const issues = [];
        for (const node of root.querySelectorAll('.guidance, .instructions, button')) {
          if (node.offsetParent !== null && node.scrollWidth > node.clientWidth + 1) {
            issues.push(`${node.className} overflows`);
          }
        }
        if (root.querySelector('.frame').dir !== (l === 'ar' ? 'rtl' : 'ltr')) {
          issues.push('wrong direction');
        }
        const result = await window.axe.run(document, { resultTypes: ['violations'] });
        return issues.concat(result.violations.filter((v) => ['serious', 'critical'].includes(v.impact)).map((v) => `axe ${v.id}`));
      }, [lang, spec]);
      problems.push(...found.map((problem) => `${lang} ${name}: ${problem}`));
      await page.locator('#view').screenshot({ path: join(folder, `${name}-${lang}.png`), animations: 'disabled' });
    }
  }
  assert.deepEqual(problems, []);
});
