// End-to-end tests of the console's "Wait until claimed" (waitUntilPhoneNumberClaimed) and its
// "Adaptive retries" switch (retryMode), in real Chromium against the local Connect emulator's
// claim transitions and rate limit. Run: node --test tests/www/
//
// Screenshots go to www/screenshots/ (git-ignored), and the main one to /tmp/www-wait.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import { startWww } from '../../scripts/www.mjs';
import { FIXTURES, CREDENTIALS } from '../emulator/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(root, 'www/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

const US = FIXTURES.US_DID_CLAIMED.summary;
// Small delays so a wait takes a second or two.
const FAST = { minDelay: '0.2', maxDelay: '0.4', maxWait: '20' };

let www;
let browser;
let page;
const requests = []; // every request the page made
const pageErrors = [];

async function control(path, body) {
  const res = await fetch(`${www.emulator.url}/__emulator/${path}`, body === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return res.json();
}
const claim = (body) => control('claim', body);
const emulatorLog = async (id) => (await control(`requests?id=${encodeURIComponent(id)}`)).requests;

const completed = () => page.locator('#lookup').getAttribute('data-completed').then((v) => Number(v ?? 0));
const untilCompleted = (n, timeout = 20_000) =>
  page.waitForFunction((m) => Number(document.querySelector('#lookup').dataset.completed ?? 0) > m, n, { timeout });
const field = (name) => page.locator(`#result [data-field="${name}"]`).first().innerText();

async function openAdvanced() {
  if (!(await page.isVisible('#max-attempts'))) await page.click('.advanced summary');
}

async function setWaitTiming({ minDelay, maxDelay, maxWait } = FAST) {
  await openAdvanced();
  await page.fill('#wait-min-delay', minDelay);
  await page.fill('#wait-max-delay', maxDelay);
  await page.fill('#wait-max-time', maxWait);
}

async function setAdaptive(on) {
  await openAdvanced();
  await page.setChecked('#adaptive-retries', on);
}

/** Records every text the live progress line shows, from now on (a page-side list). */
async function recordProgress() {
  await page.evaluate(() => {
    const el = document.querySelector('#wait-progress-text');
    window.__progressTexts = [];
    window.__progressObserver?.disconnect();
    window.__progressObserver = new MutationObserver(() => window.__progressTexts.push(el.textContent));
    window.__progressObserver.observe(el, { childList: true, characterData: true, subtree: true });
  });
}
const progressTexts = () => page.evaluate(() => [...new Set(window.__progressTexts)]);

async function startWait(id) {
  await page.fill('#phone-id', id);
  await recordProgress();
  const n = await completed();
  await page.click('#wait');
  return n;
}

async function banner() {
  const el = page.locator('#alerts .banner');
  assert.equal(await el.count(), 1, 'one banner');
  assert.equal(await page.isVisible('#result'), false, 'no result card next to it');
  return {
    name: await el.getAttribute('data-error-name'),
    outcome: await el.getAttribute('data-outcome'),
    hint: await el.getAttribute('data-hint'),
    text: await el.innerText(),
  };
}

async function assertIdle() {
  const state = await page.evaluate(() => ({
    wait: [document.querySelector('#wait').disabled, document.querySelector('#wait').getAttribute('aria-busy'), document.querySelector('#wait').textContent],
    describe: document.querySelector('#describe').disabled,
    cancel: document.querySelector('#cancel').hidden,
    progress: document.querySelector('#wait-progress').hidden,
  }));
  assert.deepEqual(state, { wait: [false, 'false', 'Wait until claimed'], describe: false, cancel: true, progress: true });
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`);
  www = await startWww({ port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e));
  page.on('console', (m) => {
    // The emulator's 404s and 429s are expected; anything else logged as an error is not.
    if (m.type() === 'error' && !m.location().url.startsWith(www.emulator.url)) pageErrors.push(new Error(`${m.text()} (${m.location().url})`));
  });
  page.on('request', (r) => requests.push({ url: r.url(), method: r.method(), time: Date.now() }));
  await page.goto(www.url);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 20_000 });
  await page.click('#demo-credentials');
});

after(async () => {
  await browser?.close();
  await www?.close();
});

test('the wait controls are labelled, and the progress line is a polite live region', async () => {
  assert.equal(await page.innerText('#wait'), 'Wait until claimed');
  assert.equal(await page.isEnabled('#wait'), true);
  assert.equal(await page.getAttribute('#wait', 'type'), 'button', 'Enter in the form still describes');
  await openAdvanced();
  const unlabeled = await page.$$eval('input, select, textarea, progress', (els) =>
    els.filter((e) => e.type !== 'hidden' && !e.labels?.length && !e.getAttribute('aria-label')).map((e) => e.id));
  assert.deepEqual(unlabeled, []);
  assert.equal(await page.getAttribute('#adaptive-retries', 'role'), 'switch');
  assert.equal(await page.isChecked('#adaptive-retries'), false, 'standard by default');
  assert.equal(await page.getAttribute('#wait-progress-text', 'role'), 'status');
  assert.equal(await page.getAttribute('#wait-progress-text', 'aria-live'), 'polite');
  assert.equal(await page.getAttribute('#wait-progress-text', 'aria-atomic'), 'true');
  // The switch works from the keyboard.
  await page.focus('#adaptive-retries');
  await page.keyboard.press('Space');
  assert.equal(await page.isChecked('#adaptive-retries'), true);
  await page.keyboard.press('Space');
  assert.equal(await page.isChecked('#adaptive-retries'), false);
  // Still no named inputs: nothing typed can be submitted anywhere.
  assert.equal(await page.locator('#lookup [name]').count(), 0);
});

test('waits through IN_PROGRESS, showing each attempt, until CLAIMED', async () => {
  await setWaitTiming();
  const { id, arn } = await claim({ inProgressFor: 2, then: 'CLAIMED' });
  const n = await startWait(id);

  // Busy while waiting: the wait button says so, Describe is off, Cancel is on offer.
  const busy = await page.$eval('#wait', (b) => ({ disabled: b.disabled, busy: b.getAttribute('aria-busy'), label: b.textContent }));
  assert.deepEqual(busy, { disabled: true, busy: 'true', label: 'Waiting…' });
  assert.equal(await page.isDisabled('#describe'), true);
  assert.equal(await page.isVisible('#cancel'), true);
  assert.equal(await page.isVisible('#wait-progress'), true);
  assert.match(await page.innerText('#status'), /Waiting until .* is claimed \(at most 20 s\)/);
  await untilCompleted(n);
  const texts = await progressTexts();
  assert.ok(texts.some((t) => /^Waiting… attempt 1, \d+\.\d s, last status IN_PROGRESS$/.test(t)), texts.join('\n'));
  assert.ok(texts.some((t) => /^Waiting… attempt 2, \d+\.\d s, last status IN_PROGRESS$/.test(t)), texts.join('\n'));
  assert.ok(texts.some((t) => /^Waiting… attempt 3, \d+\.\d s, last status CLAIMED$/.test(t)), texts.join('\n'));
  const secondsShown = texts.map((t) => Number(/(\d+\.\d) s/.exec(t)?.[1])).filter((x) => !Number.isNaN(x));
  assert.deepEqual(secondsShown, [...secondsShown].sort((a, b) => a - b), 'elapsed time only grows');

  // The outcome: the CLAIMED number, rendered as a describe renders it, plus the wait's numbers.
  assert.equal(await page.locator('#alerts .banner').count(), 0);
  assert.equal(await page.isVisible('#result'), true);
  assert.equal(await page.getAttribute('#result .card-header .badge', 'data-status'), 'CLAIMED');
  assert.equal(await field('status-code'), 'CLAIMED');
  assert.equal(await field('number'), '+1 206-555-0100');
  assert.equal(await field('phone-number-id'), id);
  assert.equal(await field('phone-number-arn'), arn);
  assert.equal(await field('description'), US.PhoneNumberDescription);
  assert.equal(await field('wait-describes'), '3');
  assert.match(await field('wait-time'), /^\d+\.\d s$/);
  assert.equal(await field('attempts'), '1', 'the last describe took one HTTP attempt');
  assert.match(await page.innerText('#status'), /^Claimed: \+1 206-555-0100 is CLAIMED after 3 describes, \d+\.\d s\.$/);
  await assertIdle();
  assert.match(await page.innerText('#history li:first-child'), /Wait: .*claimed \+1 206-555-0100/);

  // The emulator saw exactly the three describes, all signed and answered.
  const log = await emulatorLog(id);
  assert.deepEqual(log.map((r) => r.status), [200, 200, 200]);
  await page.screenshot({ path: join(SHOTS, 'desktop-wait-claimed.png'), fullPage: true });
});

test('a wait in the history runs again on click', async () => {
  const entry = page.locator('#history li:first-child button');
  assert.equal(await entry.getAttribute('data-history-kind'), 'wait');
  const id = await entry.getAttribute('data-history-id');
  await page.fill('#phone-id', '');
  await recordProgress();
  const n = await completed();
  await entry.click();
  await untilCompleted(n);
  assert.equal(await page.inputValue('#phone-id'), id);
  assert.equal(await page.getAttribute('#result .card-header .badge', 'data-status'), 'CLAIMED');
  assert.equal(await field('wait-describes'), '1', 'already CLAIMED: one describe');
});

test('an error that waiting cannot cure ends the wait at once', async () => {
  const { id } = await control('scenario', { fixture: 'GB_TOLL_FREE_IN_PROGRESS', faults: ['accessDenied'] });
  const n = await startWait(id);
  await untilCompleted(n);
  const b = await banner();
  assert.equal(b.name, 'AccessDeniedException');
  assert.match(b.text, /1 describe · waited \d+\.\d s · HTTP 403/);
  assert.deepEqual((await emulatorLog(id)).map((r) => r.status), [403]);
  await assertIdle();
});

test('a number not visible yet (404) is waited on too', async () => {
  const { id } = await claim({ notFoundFor: 1, inProgressFor: 1, then: 'CLAIMED' });
  const n = await startWait(id);
  await untilCompleted(n);
  const texts = await progressTexts();
  assert.ok(texts.some((t) => /attempt 1, .* last status ResourceNotFoundException$/.test(t)), texts.join('\n'));
  assert.equal(await page.getAttribute('#result .card-header .badge', 'data-status'), 'CLAIMED');
  assert.equal(await field('wait-describes'), '3');
});

test('a FAILED claim shows the service message, escaped, as a WaiterFailure', async () => {
  const message = 'Regulatory document rejected <img src=x onerror="window.__pwned=1"> & "retry"';
  const { id } = await claim({ inProgressFor: 1, then: 'FAILED', message });
  const n = await startWait(id);
  await untilCompleted(n);
  const b = await banner();
  assert.equal(b.name, 'WaiterFailure');
  assert.equal(b.hint, 'claim-failed');
  assert.ok(b.text.includes(message), b.text); // shown as text, markup and all
  assert.match(b.text, /FAILED/);
  assert.match(b.text, /2 describes · waited \d+\.\d s/);
  assert.doesNotMatch(b.text, /client fault/, 'a FAILED claim is not a client fault');
  assert.equal(await page.locator('#alerts img').count(), 0, 'no markup from the service reached the DOM');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.match(await page.innerText('#status'), /^WaiterFailure while waiting for .* after 2 describes/);
  await assertIdle();
  assert.deepEqual((await emulatorLog(id)).map((r) => r.status), [200, 200]);
  await page.locator('#alerts').screenshot({ path: join(SHOTS, 'desktop-wait-failed-banner.png') });
});

test('running out of max wait gives a TimeoutError with a hint', async () => {
  await setWaitTiming({ minDelay: '0.2', maxDelay: '0.3', maxWait: '1' });
  const { id } = await claim({ inProgressFor: 1000 });
  const n = await startWait(id);
  await untilCompleted(n);
  const b = await banner();
  assert.equal(b.name, 'TimeoutError');
  assert.equal(b.hint, 'wait-timeout');
  assert.match(b.text, /not CLAIMED within maxWaitTime \(1 s\)/);
  await assertIdle();
  await setWaitTiming();
});

test('Cancel stops the wait between describes: "Cancelled", and no request after it', async () => {
  await setWaitTiming({ minDelay: '0.3', maxDelay: '0.5', maxWait: '60' });
  const { id } = await claim({ inProgressFor: 1000 });
  const n = await startWait(id);
  await page.waitForFunction(() => Number(document.querySelector('#wait-progress').dataset.attempts) >= 2);
  await page.screenshot({ path: '/tmp/www-wait.png', fullPage: true });
  await page.click('#cancel');
  await untilCompleted(n, 5_000);
  const b = await banner();
  assert.equal(b.outcome, 'cancelled');
  assert.equal(b.name, null, 'a cancel is not shown as an error');
  assert.match(b.text, /^–?\s*Cancelled/);
  assert.match(b.text, /Stopped waiting for .* after \d+ describes?, \d+\.\d s\. No more requests are sent for it\./);
  assert.match(await page.innerText('#status'), /^Cancelled waiting for /);
  await assertIdle();
  assert.match(await page.innerText('#history li:first-child'), /Wait: .*cancelled/);

  const seen = (await emulatorLog(id)).length;
  const fromPage = requests.filter((r) => r.url.includes(id)).length;
  assert.ok(seen >= 2, `at least 2 describes reached the emulator, got ${seen}`);
  await sleep(1_500); // three times the max delay: the waiter would have described again by now
  assert.equal((await emulatorLog(id)).length, seen, 'no describe reached the emulator after Cancel');
  assert.equal(requests.filter((r) => r.url.includes(id)).length, fromPage, 'the page sent nothing more for it');
  await setWaitTiming();
});

test('Cancel during a slow describe aborts that request at once', async () => {
  // A scenario number stays IN_PROGRESS for ever; its first describe answers after 5 s.
  const { id } = await control('scenario', { fixture: 'GB_TOLL_FREE_IN_PROGRESS', faults: ['slow:5000'] });
  const n = await startWait(id);
  await sleep(300); // the first describe is on the wire
  const t0 = Date.now();
  await page.click('#cancel');
  await untilCompleted(n, 3_000);
  assert.ok(Date.now() - t0 < 2_000, `cancelled in ${Date.now() - t0} ms, not after the slow answer`);
  assert.equal((await banner()).outcome, 'cancelled');
  const seen = (await emulatorLog(id)).length;
  assert.equal(seen, 1);
  await sleep(1_000);
  assert.equal((await emulatorLog(id)).length, seen, 'nothing sent after Cancel');
});

test('the adaptive switch creates the client with retryMode adaptive, and standard when off', async () => {
  const options = () => page.evaluate(() => window.connectConsole.lastClientOptions);
  await setAdaptive(false);
  await page.fill('#phone-id', US.PhoneNumberId);
  let n = await completed();
  await page.click('#describe');
  await untilCompleted(n);
  assert.equal((await options()).retryMode, 'standard');

  await setAdaptive(true);
  n = await completed();
  await page.click('#describe');
  await untilCompleted(n);
  const opts = await options();
  assert.equal(opts.retryMode, 'adaptive');
  assert.equal(await page.getAttribute('#result .card-header .badge', 'data-status'), 'CLAIMED');
  // What the page exposes is the options minus the credentials, and read-only.
  assert.deepEqual(Object.keys(opts).sort(), ['endpoint', 'maxAttempts', 'region', 'requestTimeout', 'retryMode']);
  assert.equal(await page.evaluate(() => Object.isFrozen(window.connectConsole.lastClientOptions)), true);
  const json = await page.evaluate(() => JSON.stringify(window.connectConsole));
  assert.ok(!json.includes(CREDENTIALS.longTerm.secretAccessKey) && !json.includes(CREDENTIALS.longTerm.accessKeyId));
});

test('adaptive retries: a fast wait under the emulator rate limit gets through to CLAIMED', async (t) => {
  await setAdaptive(true);
  await openAdvanced();
  await page.fill('#max-attempts', '5');
  await setWaitTiming({ minDelay: '0.1', maxDelay: '0.2', maxWait: '30' });
  const { id } = await claim({ inProgressFor: 3 });
  await control('rate-limit', { rate: 2, burst: 1 }); // describes every 0.1–0.2 s are too many
  try {
    const n = await startWait(id);
    await untilCompleted(n, 30_000);
    assert.equal(await page.locator('#alerts .banner').count(), 0, await page.locator('#alerts').innerText());
    assert.equal(await page.getAttribute('#result .card-header .badge', 'data-status'), 'CLAIMED');
    assert.equal((await page.evaluate(() => window.connectConsole.lastClientOptions)).retryMode, 'adaptive');
    const statuses = (await emulatorLog(id)).map((r) => r.status);
    t.diagnostic(`emulator answers for the wait: ${statuses.join(' ')}`);
    assert.equal(statuses.filter((s) => s === 200).length, 4, 'three IN_PROGRESS, then CLAIMED');
    assert.ok(statuses.every((s) => s === 200 || s === 429), statuses.join(' '));
  } finally {
    await fetch(`${www.emulator.url}/__emulator/rate-limit`, { method: 'DELETE' });
    await page.fill('#max-attempts', '3');
    await setAdaptive(false);
    await setWaitTiming();
  }
});

test('narrow 390px viewport: the wait controls fit without horizontal scrolling', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    const { id } = await claim({ inProgressFor: 2 });
    const n = await startWait(id);
    await page.waitForFunction(() => document.querySelector('#wait-progress').dataset.attempts === '1');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
    await page.screenshot({ path: join(SHOTS, 'narrow-wait.png'), fullPage: true });
    await untilCompleted(n);
    assert.equal(await page.getAttribute('#result .card-header .badge', 'data-status'), 'CLAIMED');
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});

test('no page errors', () => {
  assert.deepEqual(pageErrors.map((e) => e.message), []);
});
