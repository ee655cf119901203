// End-to-end tests of the console's "Cognito identity pool" credentials mode
// (fromCognitoIdentityPool), in real Chromium against the local emulator's Cognito Identity side.
// Run: node --test tests/www/
//
// Screenshots go to www/screenshots/ (git-ignored), and the main one to /tmp/www-cognito.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startWww } from '../../scripts/www.mjs';
import { FIXTURES, CREDENTIALS, COGNITO_POOL } from '../emulator/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(root, 'www/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

const US = FIXTURES.US_DID_CLAIMED.summary;
const POOL = COGNITO_POOL.id;
const PROVIDER = COGNITO_POOL.provider;
const IDENTITY_RE = /^us-west-2:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CACHE_PREFIX = 'aws:cognito-identity-credentials:';
const ANONYMOUS_KEY = `${CACHE_PREFIX}${POOL}:ANONYMOUS`;

let www;
let browser;
let page;
const requests = []; // every request the page made: url, headers, body
const issued = [];   // every set of credentials Cognito Identity gave the page (read off the wire)
const pending = [];  // response bodies still being read
const pageErrors = [];

async function control(path, body) {
  const res = await fetch(`${www.emulator.url}/__emulator/${path}`, body === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return res.json();
}
const scenario = (fixture = 'US_DID_CLAIMED') => control('scenario', { fixture });
const connectLog = async (id) => (await control(`requests?id=${encodeURIComponent(id)}`)).requests;
const cognitoLog = async (pool = POOL) => (await control(`cognito/requests?identityPoolId=${encodeURIComponent(pool)}`)).requests;

const completed = () => page.locator('#lookup').getAttribute('data-completed').then((v) => Number(v ?? 0));
const untilCompleted = (n, timeout = 20_000) =>
  page.waitForFunction((m) => Number(document.querySelector('#lookup').dataset.completed ?? 0) > m, n, { timeout });
const field = (name) => page.locator(`#result [data-field="${name}"]`).first().innerText();
const identityField = (name) => page.locator(`#cognito-identity [data-field="${name}"]`).innerText();
const consoleState = () => page.evaluate(() => window.connectConsole.cognito);

async function describe(id) {
  await page.fill('#phone-id', id);
  const n = await completed();
  await page.click('#describe');
  await untilCompleted(n);
}

async function useLogin(token) {
  await page.fill('#login-provider', PROVIDER);
  await page.fill('#id-token', token);
}

async function assertSuccess() {
  assert.equal(await page.locator('#alerts .banner').count(), 0, await page.locator('#alerts').innerText());
  assert.equal(await page.isVisible('#result'), true, 'result card shown');
}

async function banner() {
  const el = page.locator('#alerts .banner');
  assert.equal(await el.count(), 1, 'one error banner');
  assert.equal(await page.isVisible('#result'), false, 'no stale result card next to an error');
  return {
    name: await el.getAttribute('data-error-name'),
    via: await el.getAttribute('data-error-via'),
    hint: await el.getAttribute('data-hint'),
    text: await el.innerText(),
  };
}

/** The expiry the identity box shows, as a Date, checked to be about the pool's TTL from now. */
async function assertExpiryShown() {
  const time = page.locator('#cognito-identity [data-field="credentials-expire"] time');
  const at = new Date(await time.getAttribute('datetime'));
  const ahead = (at.getTime() - Date.now()) / 1000;
  assert.ok(Math.abs(ahead - COGNITO_POOL.credentialsTtlSeconds) < 120, `expires in ${ahead} s`);
  assert.match(await time.innerText(), /\d{1,2}:\d{2}:\d{2}.*\(in (59|60) min\)/);
  return at;
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
    // The emulator's error answers (Cognito's 400s, Connect's 404s) are expected; nothing else is.
    if (m.type() === 'error' && !m.location().url.startsWith(www.emulator.url)) pageErrors.push(new Error(`${m.text()} (${m.location().url})`));
  });
  page.on('request', (r) => requests.push({ url: r.url(), headers: r.headers(), body: r.postData() ?? '' }));
  page.on('response', (r) => {
    if (r.request().method() !== 'POST' || !r.request().headers()['x-amz-target']?.endsWith('.GetCredentialsForIdentity')) return;
    pending.push(r.json().then((body) => { if (body?.Credentials) issued.push(body.Credentials); }, () => {}));
  });
  await page.goto(www.url);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 20_000 });
});

after(async () => {
  await browser?.close();
  await www?.close();
});

test('the credentials source is a labelled radio choice; Cognito mode is pre-filled for the emulator', async () => {
  // Access keys by default; the Cognito fields are there but hidden.
  assert.equal(await page.getAttribute('#cred-mode', 'role'), 'radiogroup');
  assert.ok(await page.getAttribute('#cred-mode', 'aria-label'));
  assert.equal(await page.getAttribute('#cred-mode-keys', 'aria-checked'), 'true');
  assert.equal(await page.getAttribute('#cred-mode-cognito', 'aria-checked'), 'false');
  assert.equal(await page.isVisible('#access-key-id'), true);
  assert.equal(await page.isVisible('#identity-pool-id'), false);

  await page.click('#cred-mode-cognito');
  assert.equal(await page.getAttribute('#cred-mode-cognito', 'aria-checked'), 'true');
  assert.equal(await page.getAttribute('#cred-mode-keys', 'aria-checked'), 'false');
  assert.equal(await page.isVisible('#access-key-id'), false);
  assert.equal(await page.isVisible('#identity-pool-id'), true);
  assert.equal(await page.inputValue('#identity-pool-id'), POOL, 'the emulator default pool');
  assert.equal(await page.inputValue('#login-provider'), PROVIDER);
  assert.equal(await page.inputValue('#id-token'), '', 'no token is pre-filled');
  assert.equal(await page.getAttribute('#id-token', 'type'), 'password');
  assert.match(await page.innerText('#cognito-note'), /emulator/i);
  // /config.json carries the pool id and provider name, nothing secret.
  const config = await (await fetch(new URL('config.json', www.url))).json();
  assert.deepEqual(Object.keys(config.cognito).sort(), ['identityPoolId', 'label', 'loginProvider']);
  assert.ok(!JSON.stringify(config.cognito).includes('id-token-'));

  // Accessible: every input labelled, the identity box a polite live region, one tab stop.
  const unlabeled = await page.$$eval('input, select, textarea', (els) =>
    els.filter((e) => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label')).map((e) => e.id));
  assert.deepEqual(unlabeled, []);
  assert.equal(await page.getAttribute('#cognito-identity', 'role'), 'status');
  assert.equal(await page.getAttribute('#cognito-identity', 'aria-live'), 'polite');
  assert.match(await page.innerText('#cognito-identity'), /No identity yet/);
  assert.equal(await page.locator('#lookup [name]').count(), 0, 'still no named inputs');
  assert.deepEqual(await page.$$eval('#cred-mode [role="radio"]', (rs) => rs.map((r) => r.tabIndex)), [-1, 0]);
  await page.focus('#endpoint');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'cred-mode-cognito');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'identity-pool-id');
  // Arrow keys move the choice (and focus) within the group.
  await page.focus('#cred-mode-cognito');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'cred-mode-keys');
  assert.equal(await page.getAttribute('#cred-mode-keys', 'aria-checked'), 'true');
  assert.equal(await page.isVisible('#access-key-id'), true);
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getAttribute('#cred-mode-cognito', 'aria-checked'), 'true');
  assert.equal(await page.evaluate(() => window.connectConsole.credentialMode), 'cognito');
});

test('(a) unauthenticated: describes a number, and shows the identity id and when the credentials expire', async () => {
  const { id } = await scenario();
  await describe(id);
  await assertSuccess();
  assert.equal(await field('number'), '+1 206-555-0100');

  const identityId = await identityField('identity-id');
  assert.match(identityId, IDENTITY_RE);
  assert.match(await page.innerText('#cognito-identity'), /Unauthenticated identity/);
  assert.equal(await page.getAttribute('#cognito-identity', 'data-state'), 'ok');
  await assertExpiryShown();
  // The result card says which identity signed the call.
  assert.equal(await field('identity-id'), identityId);
  assert.match(await field('credentials-expire'), /\(in (59|60) min\)/);
  assert.equal(await field('credentials-source'), 'New, from the pool');
  assert.deepEqual({ ...(await consoleState()), expiration: undefined },
    { identityId, expiration: undefined, authenticated: false, providerCalls: 1, error: null });

  // On the wire: GetId (no Logins) and GetCredentialsForIdentity, then a describe signed with the
  // pool's temporary key and its session token.
  const log = await cognitoLog();
  assert.deepEqual(log.map((r) => [r.operation, r.status]), [['GetId', 200], ['GetCredentialsForIdentity', 200]]);
  assert.equal(log[0].body.Logins, undefined);
  assert.equal(log[1].body.IdentityId, identityId);
  const [call] = await connectLog(id);
  assert.equal(call.status, 200);
  assert.match(call.headers.authorization, /Credential=ASIA[A-Z2-7]{16}\//);
  assert.ok(call.headers['x-amz-security-token']);
  // Only the identity id is cached, under the package's key.
  assert.deepEqual(await page.evaluate(() => ({ ...localStorage })), { [ANONYMOUS_KEY]: identityId });
});

test('the client memoises the pool credentials: a second describe and a wait ask Cognito nothing', async () => {
  const before = (await cognitoLog()).length;
  const identityId = await identityField('identity-id');
  await describe(US.PhoneNumberId);
  await assertSuccess();
  assert.equal(await field('credentials-source'), 'Reused by the client');
  assert.equal(await field('identity-id'), identityId);

  // "Wait until claimed" uses the same credentials.
  await page.click('.advanced summary');
  await page.fill('#wait-min-delay', '0.2');
  await page.fill('#wait-max-delay', '0.3');
  const { id } = await control('claim', { inProgressFor: 1, then: 'CLAIMED' });
  await page.fill('#phone-id', id);
  const n = await completed();
  await page.click('#wait');
  await untilCompleted(n);
  await assertSuccess();
  assert.equal(await page.getAttribute('#result .card-header .badge', 'data-status'), 'CLAIMED');
  assert.equal(await field('wait-describes'), '2');
  assert.equal(await field('credentials-source'), 'Reused by the client');
  assert.equal((await cognitoLog()).length, before, 'no Cognito call');
  assert.equal((await consoleState()).providerCalls, 1);
  await page.click('.advanced summary');
});

test('(b) authenticated with id-token-alice works; a bad token shows NotAuthorizedException', async () => {
  const anonymous = await identityField('identity-id');
  await useLogin(COGNITO_POOL.tokens.alice);
  assert.match(await page.innerText('#cognito-identity'), /settings changed/, 'a new login means a new identity');
  const { id } = await scenario();
  await describe(id);
  await assertSuccess();
  const alice = await identityField('identity-id');
  assert.match(alice, IDENTITY_RE);
  assert.notEqual(alice, anonymous);
  assert.equal(await page.innerText('#cognito-identity .identity-kind'), `Signed in with ${PROVIDER}`);
  assert.equal(await field('identity-id'), alice);
  assert.equal(await field('credentials-source'), 'New, from the pool');
  await assertExpiryShown();
  assert.equal((await consoleState()).authenticated, true);
  const log = await cognitoLog();
  const getId = log.filter((r) => r.operation === 'GetId').at(-1);
  assert.deepEqual(getId.body.Logins, { [PROVIDER]: COGNITO_POOL.tokens.alice });
  assert.equal((await connectLog(id))[0].status, 200);
  await page.screenshot({ path: '/tmp/www-cognito.png', fullPage: true });
  await page.screenshot({ path: join(SHOTS, 'desktop-cognito.png'), fullPage: true });

  // Bob is another identity; alice again is hers (a new provider: GetId again, same answer).
  await useLogin(COGNITO_POOL.tokens.bob);
  await describe(id);
  await assertSuccess();
  const bob = await identityField('identity-id');
  assert.notEqual(bob, alice);
  await useLogin(COGNITO_POOL.tokens.alice);
  await describe(id);
  await assertSuccess();
  assert.equal(await identityField('identity-id'), alice);

  // A token the pool does not accept: NotAuthorizedException, named as such, and no describe sent.
  const bad = await scenario();
  await useLogin('id-token-mallory');
  await describe(bad.id);
  const b = await banner();
  assert.equal(b.name, 'NotAuthorizedException');
  assert.equal(b.via, 'CredentialsError');
  assert.equal(b.hint, 'cognito-not-authorized');
  assert.match(b.text, /NotAuthorizedException/);
  assert.match(b.text, /Invalid login token/);
  assert.match(b.text, /CredentialsError from the Cognito identity pool · Cognito HTTP 400/);
  assert.match(b.text, /Cognito request ID [0-9a-f-]{36}/);
  assert.match(b.text, /ID token is current/);
  assert.match(await page.innerText('#status'), /^NotAuthorizedException for /);
  assert.match(await page.innerText('#history li:first-child'), /NotAuthorizedException/);
  assert.equal(await page.getAttribute('#cognito-identity', 'data-state'), 'error');
  assert.equal(await identityField('identity-error'), 'NotAuthorizedException');
  assert.equal((await consoleState()).error, 'NotAuthorizedException');
  assert.deepEqual(await connectLog(bad.id), [], 'nothing reached Connect');
  await page.locator('#alerts').screenshot({ path: join(SHOTS, 'desktop-cognito-not-authorized.png') });
  await page.fill('#id-token', '');
});

test('pool errors: an unknown pool is a Cognito ResourceNotFoundException (no TDG hint), a malformed id a ValidationError', async () => {
  const { id } = await scenario();
  const unknown = 'us-west-2:00000000-0000-4000-8000-000000000000';
  await page.fill('#identity-pool-id', unknown);
  await describe(id); // a bare UUID: a Connect 404 here would get the TDG hint
  let b = await banner();
  assert.equal(b.name, 'ResourceNotFoundException');
  assert.equal(b.via, 'CredentialsError');
  assert.equal(b.hint, 'cognito-pool');
  assert.match(b.text, /IdentityPool '.*' not found/);
  assert.doesNotMatch(b.text, /traffic distribution group/);

  const sent = requests.length;
  await page.fill('#identity-pool-id', 'not-a-pool');
  await describe(id);
  b = await banner();
  assert.equal(b.name, 'ValidationError');
  assert.equal(b.via, null);
  assert.match(b.text, /identityPoolId/);
  assert.equal(await page.getAttribute('#identity-pool-id', 'aria-invalid'), 'true');
  assert.equal(requests.length, sent, 'nothing sent for a bad option');

  // An empty field is flagged by the page itself (the call does not start).
  await page.fill('#identity-pool-id', '');
  await page.click('#describe');
  assert.equal((await banner()).name, 'ValidationError');
  assert.equal(await page.getAttribute('#identity-pool-id', 'aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'identity-pool-id');

  await page.fill('#identity-pool-id', POOL);
  await describe(id);
  await assertSuccess();
  assert.equal(await page.getAttribute('#identity-pool-id', 'aria-invalid'), null);
  assert.deepEqual(await connectLog(id).then((l) => l.map((r) => r.status)), [200]);
});

test('a remembered identity id the pool no longer knows is replaced within the same describe', async () => {
  await page.click('#forget-identity');
  assert.deepEqual(await page.evaluate(() => ({ ...localStorage })), {});
  const gone = 'us-west-2:00000000-1111-4222-8333-444444444444';
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [ANONYMOUS_KEY, gone]);
  const { id } = await scenario();
  await describe(id);
  await assertSuccess();
  const fresh = await identityField('identity-id');
  assert.notEqual(fresh, gone);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), ANONYMOUS_KEY), fresh);
});

test('(c) no secret key or session token in the page text, the DOM, storage or the URL', async () => {
  await Promise.all(pending);
  assert.ok(issued.length >= 4, `saw ${issued.length} credential sets`);
  const secrets = issued.flatMap((c) => [c.SecretKey, c.SessionToken]);
  assert.ok(secrets.every((s) => typeof s === 'string' && s.length >= 20));
  await useLogin(COGNITO_POOL.tokens.alice); // a token in its field (memory) only
  const state = await page.evaluate(() => ({
    text: document.body.innerText,
    html: document.documentElement.outerHTML,
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
    console: JSON.stringify(window.connectConsole),
    url: location.href,
    cookie: document.cookie,
  }));
  for (const secret of [...secrets, COGNITO_POOL.tokens.alice, COGNITO_POOL.tokens.bob]) {
    for (const [where, value] of Object.entries(state)) {
      assert.ok(!value.includes(secret), `a secret (${secret.slice(0, 6)}…) in ${where}`);
    }
  }
  // Only identity ids in localStorage, under the package's keys; nothing in sessionStorage.
  const local = await page.evaluate(() => ({ ...localStorage }));
  assert.ok(Object.keys(local).length >= 1);
  for (const [key, value] of Object.entries(local)) {
    assert.ok(key.startsWith(CACHE_PREFIX), key);
    assert.match(value, IDENTITY_RE);
  }
  assert.equal(state.session, '{}');
  assert.equal(new URL(state.url).search + new URL(state.url).hash, '');
  // On the wire: a secret key never; a session token only as x-amz-security-token to the emulator.
  const keys = issued.map((c) => c.SecretKey);
  const tokens = issued.map((c) => c.SessionToken);
  for (const r of requests) {
    for (const s of keys) {
      assert.ok(!r.url.includes(s) && !r.body.includes(s), `secret key sent to ${r.url}`);
      assert.deepEqual(Object.entries(r.headers).filter(([, v]) => v.includes(s)), [], `secret key in headers to ${r.url}`);
    }
    for (const s of tokens) {
      assert.ok(!r.url.includes(s) && !r.body.includes(s), `session token in ${r.url}`);
      assert.deepEqual(Object.entries(r.headers).filter(([k, v]) => k !== 'x-amz-security-token' && v.includes(s)), []);
    }
  }
  const signed = requests.filter((r) => tokens.includes(r.headers['x-amz-security-token']));
  assert.ok(signed.length > 0 && signed.every((r) => r.url.startsWith(`${www.emulator.url}/phone-number/`)));
  await page.fill('#id-token', '');
});

test('"Forget identity" drops the cached identity ids and the token', async () => {
  await useLogin(COGNITO_POOL.tokens.alice);
  await page.click('#forget-identity');
  assert.equal(await page.inputValue('#id-token'), '');
  assert.deepEqual(await page.evaluate(() => ({ ...localStorage })), {});
  assert.equal(await page.getAttribute('#cognito-identity', 'data-state'), 'none');
  assert.equal(await consoleState(), null);
  assert.match(await page.innerText('#status'), /forgotten/);
});

test('(d) switching back to access keys still works, signed with the keys', async () => {
  await page.click('#cred-mode-keys');
  await page.click('#demo-credentials');
  const { id } = await scenario();
  await describe(id);
  await assertSuccess();
  assert.equal(await field('number'), '+1 206-555-0100');
  assert.equal(await page.locator('#result [data-field="identity-id"]').count(), 0, 'no identity with keys');
  const [call] = await connectLog(id);
  assert.match(call.headers.authorization, new RegExp(`Credential=${CREDENTIALS.longTerm.accessKeyId}/`));
  assert.equal(call.headers['x-amz-security-token'], undefined);
  assert.deepEqual(await page.evaluate(() => ({ ...localStorage })), {}, 'keys mode stores nothing');

  // ...and back to the pool: a new identity, the keys untouched in their fields.
  await page.click('#cred-mode-cognito');
  await describe(id);
  await assertSuccess();
  assert.match(await field('identity-id'), IDENTITY_RE);
  assert.match((await connectLog(id)).at(-1).headers.authorization, /Credential=ASIA/);
  await page.click('#cred-mode-keys');
  assert.equal(await page.inputValue('#access-key-id'), CREDENTIALS.longTerm.accessKeyId);
  await describe(id);
  await assertSuccess();
  assert.match((await connectLog(id)).at(-1).headers.authorization, new RegExp(`Credential=${CREDENTIALS.longTerm.accessKeyId}/`));
  await page.click('#cred-mode-cognito');
});

test('narrow 390px viewport: the Cognito fields and identity fit without horizontal scrolling', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await describe(US.PhoneNumberId);
    await assertSuccess();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'narrow-cognito.png'), fullPage: true });
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});

test('no page errors', () => {
  assert.deepEqual(pageErrors.map((e) => e.message), []);
});
