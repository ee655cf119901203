// End-to-end tests of the demo admin console (www/) in real Chromium, against the local
// Connect emulator, through scripts/www.mjs. Run: node --test tests/www/
//
// Screenshots go to www/screenshots/ (git-ignored).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startWww } from '../../scripts/www.mjs';
import { FIXTURES, CREDENTIALS, UNKNOWN_ID } from '../emulator/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(root, 'www/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

const US = FIXTURES.US_DID_CLAIMED.summary;
const TDG = FIXTURES.US_TDG_ARN_ONLY.summary;
const SECRETS = [CREDENTIALS.longTerm.secretAccessKey, CREDENTIALS.temporary.secretAccessKey, CREDENTIALS.temporary.sessionToken];

let www;
let browser;
let context;
let page;
const requests = []; // every request the page made: url, headers, body
const pageErrors = [];

async function scenario(body) {
  const res = await fetch(`${www.emulator.url}/__emulator/scenario`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return res.json();
}

const completed = () => page.locator('#lookup').getAttribute('data-completed').then((v) => Number(v ?? 0));

/** Types the id, clicks Describe and waits for the call to finish. */
async function describe(id, { maxAttempts = 3 } = {}) {
  await page.fill('#phone-id', id);
  await setMaxAttempts(maxAttempts);
  const n = await completed();
  await page.click('#describe');
  await page.waitForFunction((m) => Number(document.querySelector('#lookup').dataset.completed ?? 0) > m, n, { timeout: 20_000 });
}

async function setMaxAttempts(n) {
  if (!(await page.isVisible('#max-attempts'))) await page.click('.advanced summary');
  await page.fill('#max-attempts', String(n));
}

const field = (name) => page.locator(`#result [data-field="${name}"]`).first().innerText();

async function useTemporaryCredentials() {
  await page.fill('#access-key-id', CREDENTIALS.temporary.accessKeyId);
  await page.fill('#secret-access-key', CREDENTIALS.temporary.secretAccessKey);
  await page.fill('#session-token', CREDENTIALS.temporary.sessionToken);
}

async function assertSuccess() {
  assert.equal(await page.locator('#alerts .banner').count(), 0, 'no error banner');
  assert.equal(await page.isVisible('#result'), true, 'result card shown');
}

async function banner() {
  const el = page.locator('#alerts .banner');
  assert.equal(await el.count(), 1, 'one error banner');
  assert.equal(await page.isVisible('#result'), false, 'no stale result card next to an error');
  return {
    name: await el.getAttribute('data-error-name'),
    hint: await el.getAttribute('data-hint'),
    text: await el.innerText(),
  };
}

async function shot(name, { fullPage = true } = {}) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`);
  www = await startWww({ port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e));
  page.on('console', (m) => {
    // The emulator's error responses are expected; anything else logged as an error is not.
    if (m.type() === 'error' && !m.location().url.startsWith(www.emulator.url)) pageErrors.push(new Error(`${m.text()} (${m.location().url})`));
  });
  page.on('request', (r) => requests.push({ url: r.url(), headers: r.headers(), body: r.postData() ?? '' }));
  await page.goto(www.url);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 20_000 });
});

after(async () => {
  await browser?.close();
  await www?.close();
});

test('loads the package and pre-fills region and endpoint from /config.json', async () => {
  assert.equal(await page.inputValue('#region'), 'us-west-2');
  assert.equal(await page.inputValue('#endpoint'), www.emulator.url);
  assert.equal(await page.getAttribute('#secret-access-key', 'type'), 'password');
  assert.equal(await page.innerText('#describe'), 'Describe');
  assert.equal(await page.isEnabled('#describe'), true);
  // Static server: content types.
  const wasm = await fetch(new URL('pkg/connect_phone_wasm_bg.wasm', www.url));
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  const js = await fetch(new URL('app.js', www.url));
  assert.match(js.headers.get('content-type'), /^text\/javascript/);
  const entry = await fetch(new URL('pkg/browser.js', www.url));
  assert.match(entry.headers.get('content-type'), /^text\/javascript/);
  // A path that would leave pkg/ is refused (WHATWG URLs keep %2f encoded).
  assert.equal((await fetch(new URL('pkg/..%2f..%2fpackage.json', www.url))).status, 400);
  assert.equal((await fetch(new URL('config.json', www.url))).headers.get('content-type'), 'application/json; charset=utf-8');
});

test('is accessible: every control has a label, errors go to a live region', async () => {
  const unlabeled = await page.$$eval('input, select, textarea', (els) =>
    els.filter((e) => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label')).map((e) => e.id));
  assert.deepEqual(unlabeled, []);
  assert.equal(await page.getAttribute('#alerts', 'aria-live'), 'assertive');
  assert.equal(await page.getAttribute('#status', 'role'), 'status');
  // Inputs have no name, the form posts nowhere: a submit without JS cannot leak a field.
  assert.equal(await page.locator('#lookup [name]').count(), 0);
  assert.notEqual((await page.getAttribute('#lookup', 'method')).toLowerCase(), 'get');
  // Focus order follows the form: region → endpoint → credentials source (one tab stop for the
  // radio group) → access key → secret → token.
  await page.focus('#region');
  const order = [];
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => document.activeElement.id));
  }
  assert.deepEqual(order, ['endpoint', 'cred-mode-keys', 'access-key-id', 'secret-access-key', 'session-token']);
});

test('describes a number by UUID with the demo keys', async () => {
  await page.click('#demo-credentials');
  assert.equal(await page.inputValue('#access-key-id'), CREDENTIALS.longTerm.accessKeyId);
  assert.match(await page.innerText('#demo-note'), /emulator/i);
  await describe(US.PhoneNumberId);
  await assertSuccess();
  assert.equal(await field('number'), '+1 206-555-0100');
  assert.equal(await field('e164'), '+12065550100');
  assert.equal(await field('country'), 'United States (US)');
  assert.match(await field('type'), /\bDID\b/);
  const badge = page.locator('#result .card-header .badge');
  assert.equal(await badge.getAttribute('data-status'), 'CLAIMED');
  assert.match(await badge.getAttribute('class'), /badge-ok/);
  assert.equal(await badge.evaluate((e) => getComputedStyle(e).color), 'rgb(17, 99, 41)'); // green
  assert.equal(await field('description'), US.PhoneNumberDescription);
  assert.equal(await field('phone-number-arn'), US.PhoneNumberArn);
  assert.equal(await field('target-arn'), US.TargetArn);
  assert.equal(await field('source-phone-number-arn'), US.SourcePhoneNumberArn);
  assert.equal(await field('instance-id'), US.InstanceId);
  const tags = await page.$$eval('#result table.tags tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  assert.deepEqual(tags, [['cost-center', '4711'], ['env', 'test'], ['team', 'support']]);
  assert.match(await field('request-id'), /^[0-9a-f-]{36}$/i);
  assert.equal(await field('attempts'), '1');
  assert.match(await field('latency'), /^\d+(\.\d)? ms$/);
  assert.match(await page.innerText('#status'), /Described \+1 206-555-0100/);
  await shot('desktop-result');
});

test('describes a number by ARN with temporary credentials', async () => {
  await useTemporaryCredentials();
  await describe(US.PhoneNumberArn);
  await assertSuccess();
  assert.equal(await field('number'), '+1 206-555-0100');
  assert.equal(await field('phone-number-id'), US.PhoneNumberId);
  assert.equal(await field('attempts'), '1');
});

test('shows amber IN_PROGRESS and red FAILED badges with their messages', async () => {
  await describe(FIXTURES.GB_TOLL_FREE_IN_PROGRESS.id);
  await assertSuccess();
  assert.equal(await field('number'), '+44 800 012 3456');
  assert.equal(await field('country'), 'United Kingdom (GB)');
  assert.match(await field('type'), /TOLL_FREE/);
  assert.match(await page.getAttribute('#result .card-header .badge', 'class'), /badge-pending/);
  assert.equal(await page.$eval('#result .card-header .badge', (e) => getComputedStyle(e).color), 'rgb(122, 77, 0)'); // amber
  assert.equal(await field('status-code'), 'IN_PROGRESS');
  assert.equal(await field('status-message'), 'Number claim is in progress');

  await describe(FIXTURES.DE_DID_FAILED.id);
  await assertSuccess();
  assert.equal(await field('number'), '+49 30 123456789');
  assert.equal(await field('country'), 'Germany (DE)');
  const badge = page.locator('#result .card-header .badge');
  assert.equal(await badge.getAttribute('data-status'), 'FAILED');
  assert.match(await badge.getAttribute('class'), /badge-failed/);
  assert.equal(await badge.evaluate((e) => getComputedStyle(e).color), 'rgb(164, 14, 38)'); // red
  assert.match(await field('status-message'), /regulatory address document was rejected/);
  await page.locator('#result').screenshot({ path: join(SHOTS, 'desktop-result-failed-card.png') });
});

test('an unknown UUID gives ResourceNotFoundException with the traffic distribution group hint', async () => {
  await describe(UNKNOWN_ID);
  const b = await banner();
  assert.equal(b.name, 'ResourceNotFoundException');
  assert.equal(b.hint, 'tdg');
  assert.match(b.text, /ResourceNotFoundException/);
  assert.match(b.text, /full phone number ARN/);
  assert.match(b.text, /HTTP 404/);
  assert.match(await page.innerText('#status'), /ResourceNotFoundException/);
  await shot('desktop-error');
});

test('a TDG number: by UUID a 404 with the hint, by ARN the number', async () => {
  await describe(TDG.PhoneNumberId);
  const b = await banner();
  assert.equal(b.name, 'ResourceNotFoundException');
  assert.equal(b.hint, 'tdg');

  await describe(TDG.PhoneNumberArn);
  await assertSuccess();
  assert.equal(await field('number'), '+1 800-555-0199');
  assert.match(await field('target-arn'), /traffic-distribution-group/);
  assert.equal(await page.locator('#result table.tags tbody tr').count(), 2);
});

test('sample chips fill the id field', async () => {
  await page.click('#samples button:has-text("TDG number by ARN")');
  assert.equal(await page.inputValue('#phone-id'), TDG.PhoneNumberArn);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'phone-id');
});

test('a 404 by ARN has no TDG hint', async () => {
  await describe(`arn:aws:connect:us-west-2:123456789012:phone-number/${UNKNOWN_ID}`);
  const b = await banner();
  assert.equal(b.name, 'ResourceNotFoundException');
  assert.equal(b.hint, null);
});

test('throttling that recovers shows 2 attempts', async () => {
  const { id } = await scenario({ fixture: 'US_DID_CLAIMED', faults: ['429'] });
  await describe(id);
  await assertSuccess();
  assert.equal(await field('attempts'), '2');
  assert.equal(await field('number'), '+1 206-555-0100');
});

test('clock skew: corrected by the client (2 attempts), or a banner with the skew hint at 1 attempt', async () => {
  const { id } = await scenario({ fixture: 'US_DID_CLAIMED', clockOffsetMs: 900_000 });
  await describe(id);
  await assertSuccess();
  assert.equal(await field('attempts'), '2');
  assert.match(await field('clock-offset'), /^\+\d+ s/);

  await describe(id, { maxAttempts: 1 });
  const b = await banner();
  assert.equal(b.name, 'InvalidSignatureException');
  assert.equal(b.hint, 'skew');
  assert.match(b.text, /Signature not yet current|Signature expired/);
  assert.match(b.text, /clock/i);
  await page.locator('#alerts').screenshot({ path: join(SHOTS, 'desktop-skew-banner.png') });
  await setMaxAttempts(3);
});

test('the button is busy while a call is in flight', async () => {
  const { id } = await scenario({ fixture: 'US_DID_CLAIMED', faults: ['slow:800'] });
  await page.fill('#phone-id', id);
  const n = await completed();
  await page.click('#describe');
  const busy = await page.$eval('#describe', (b) => ({ disabled: b.disabled, busy: b.getAttribute('aria-busy'), label: b.textContent }));
  assert.deepEqual(busy, { disabled: true, busy: 'true', label: 'Describing…' });
  assert.equal(await page.isVisible('#cancel'), true);
  await page.waitForFunction((m) => Number(document.querySelector('#lookup').dataset.completed) > m, n);
  const idle = await page.$eval('#describe', (b) => ({ disabled: b.disabled, busy: b.getAttribute('aria-busy'), label: b.textContent }));
  assert.deepEqual(idle, { disabled: false, busy: 'false', label: 'Describe' });
  await assertSuccess();
  assert.equal(await field('attempts'), '1');
});

test('Cancel aborts a slow call with AbortError', async () => {
  const { id } = await scenario({ fixture: 'US_DID_CLAIMED', faults: ['slow:5000'] });
  await page.fill('#phone-id', id);
  const n = await completed();
  await page.click('#describe');
  await page.click('#cancel');
  await page.waitForFunction((m) => Number(document.querySelector('#lookup').dataset.completed) > m, n);
  assert.equal((await banner()).name, 'AbortError');
});

test('empty fields are flagged, not sent', async () => {
  await page.fill('#phone-id', '');
  const before = requests.length;
  await page.click('#describe');
  const b = await banner();
  assert.equal(b.name, 'ValidationError');
  assert.equal(await page.getAttribute('#phone-id', 'aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'phone-id');
  assert.equal(requests.length, before);
});

test('history lists the last lookups and repeats one on click', async () => {
  const items = page.locator('#history li');
  assert.equal(await items.count(), 10, 'capped at 10');
  const target = page.locator(`#history button[data-history-id="${TDG.PhoneNumberArn}"]`).first();
  assert.match(await target.innerText(), /\+1 800-555-0199/);
  const n = await completed();
  await target.click();
  await page.waitForFunction((m) => Number(document.querySelector('#lookup').dataset.completed) > m, n);
  await assertSuccess();
  assert.equal(await page.inputValue('#phone-id'), TDG.PhoneNumberArn);
  assert.equal(await field('number'), '+1 800-555-0199');
  assert.match(await page.innerText('#history li:first-child'), /800-555-0199/);
});

test('secrets never reach the DOM, storage, the URL or any request', async () => {
  // The secret is still in the password field (memory) ...
  assert.equal(await page.inputValue('#secret-access-key'), CREDENTIALS.temporary.secretAccessKey);
  const state = await page.evaluate(() => ({
    html: document.documentElement.outerHTML,
    text: document.body.innerText,
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
    url: location.href,
    cookie: document.cookie,
  }));
  for (const secret of SECRETS) {
    for (const [where, value] of Object.entries(state)) {
      assert.ok(!value.includes(secret), `secret found in ${where}`);
    }
    for (const r of requests) {
      assert.ok(!r.url.includes(secret), `secret in request URL ${r.url}`);
      assert.ok(!r.body.includes(secret), `secret in request body to ${r.url}`);
      const leaked = Object.entries(r.headers).filter(([k, v]) => k !== 'x-amz-security-token' && v.includes(secret));
      assert.deepEqual(leaked, [], `secret in headers to ${r.url}`);
    }
  }
  assert.equal(new URL(state.url).search, '');
  assert.equal(new URL(state.url).hash, '');
  assert.equal(state.local, '{}');
  assert.equal(state.session, '{}');
  // The session token is sent only as x-amz-security-token, and only to the emulator.
  const withToken = requests.filter((r) => r.headers['x-amz-security-token']);
  assert.ok(withToken.length > 0);
  assert.ok(withToken.every((r) => r.url.startsWith(www.emulator.url)));
  // "Forget credentials" clears the fields.
  await page.click('#forget-credentials');
  assert.equal(await page.inputValue('#secret-access-key'), '');
  await useTemporaryCredentials();
});

test('narrow 390px viewport: one column, no horizontal scrolling; screenshots', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await describe(US.PhoneNumberId);
  await assertSuccess();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
  const [form, result] = await Promise.all(['.form-panel', '.result-panel'].map((s) => page.locator(s).boundingBox()));
  assert.ok(result.y >= form.y + form.height, 'result below the form');
  assert.ok(result.width > 340, 'result uses the width');
  // The page scrolls the result panel into view by itself after a call on a narrow screen.
  await page.waitForFunction(() => Math.abs(document.querySelector('#result-panel').getBoundingClientRect().top) <= 80);
  await shot('narrow-result', { fullPage: false });
  await shot('narrow-full-page');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot('narrow-form', { fullPage: false });
  await page.locator('#result').screenshot({ path: join(SHOTS, 'narrow-result-card.png') });

  await describe(UNKNOWN_ID);
  await banner();
  const overflow2 = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow2 <= 0, `page scrolls sideways by ${overflow2}px`);
  await page.locator('#alerts').screenshot({ path: join(SHOTS, 'narrow-error-banner.png') });
  await page.waitForFunction(() => Math.abs(document.querySelector('#result-panel').getBoundingClientRect().top) <= 80);
  await shot('narrow-error', { fullPage: false });
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('no page errors', () => {
  assert.deepEqual(pageErrors.map((e) => e.message), []);
});
