// fromCognitoIdentityPool in headless Chromium, on both browser entries (pkg/browser.js and
// pkg/client/browser.js): the coverage of tests/js/cognito.test.mjs, with the provider running
// inside a page served from one origin and calling the emulator's Cognito Identity on another
// (a different port on 127.0.0.1), so every call is a CORS request with a preflight. The
// emulator runs in this process; what it saw (headers, bodies, operations) is checked here, and
// what the page saw (credentials, errors, storage) is handed back by page.evaluate.
//
// Run: node --test tests/js/cognito-browser.test.mjs   (after `npm run build`; needs Debian's
// Chromium at /usr/bin/chromium, or CHROMIUM_PATH).
//
// Each entry gets its own browser context (its own localStorage, sessionStorage and cookies),
// as an app imports one entry, not both. The default cache is the page's real localStorage.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startPkgServer } from './pkg-server.mjs';
import { startEmulator, FIXTURES } from '../emulator/server.mjs';
import { COGNITO_POOL } from '../emulator/fixtures.mjs';
import { COGNITO_ERROR_CASES } from './cognito-error-cases.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const REGION = 'us-west-2';
const CACHE_PREFIX = 'aws:cognito-identity-credentials:';
const ENTRIES = { 'connect-phone-wasm': '/pkg/browser.js', 'connect-phone-wasm/client': '/pkg/client/browser.js' };

// ------------------------------------------------------------------ the page

const pageHtml = (entry) => `<!doctype html>
<meta charset="utf-8">
<title>connect-phone-wasm cognito</title>
<link rel="icon" href="data:,">
<script>
  window.escaped = { unhandledrejection: [], error: [] };
  addEventListener('unhandledrejection', (e) => escaped.unhandledrejection.push(String(e.reason?.stack ?? e.reason)));
  addEventListener('error', (e) => escaped.error.push(String(e.error?.stack ?? e.message)));
</script>
<script type="module">
  import { ConnectClient, fromCognitoIdentityPool } from '${entry}';
  window.api = { ConnectClient, fromCognitoIdentityPool };
  // An error as plain data, for page.evaluate to hand back.
  window.plainError = (e) => ({
    isError: e instanceof Error, name: e?.name, message: e?.message, $fault: e?.$fault,
    $metadata: e?.$metadata ? { ...e.$metadata } : e?.$metadata,
    cause: e?.cause ? { name: e.cause.name, $fault: e.cause.$fault, message: e.cause.message } : undefined,
  });
  window.plainCredentials = (c) => ({
    accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken,
    expirationIsDate: c.expiration instanceof Date, expirationMs: c.expiration?.getTime?.(), identityId: c.identityId,
    keys: Object.keys(c).sort(),
  });
  window.storageEntries = (s) => Array.from({ length: s.length }, (_, i) => s.key(i)).sort().map((k) => [k, s.getItem(k)]);
  document.documentElement.dataset.ready = 'true';
</script>
`;

const startStatic = () => startPkgServer({ '/main.html': pageHtml(ENTRIES['connect-phone-wasm']), '/client.html': pageHtml(ENTRIES['connect-phone-wasm/client']) });

let emu;
let www;
let browser;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`);
  emu = await startEmulator({ host: '127.0.0.1', port: 0, region: REGION, quiet: true });
  www = await startStatic();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
});

after(async () => {
  await browser?.close();
  await www?.close();
  await emu?.close();
});

const requestsOf = (poolId) => emu.cognitoRequests(poolId).requests;
const ops = (poolId) => requestsOf(poolId).map((r) => r.operation);
const count = (poolId, operation) => ops(poolId).filter((o) => o === operation).length;

for (const [entryName, entryPath] of Object.entries(ENTRIES)) {
  describe(`${entryName} in Chromium: fromCognitoIdentityPool`, () => {
    let context;
    let page;
    const pageErrors = [];
    const consoleErrors = [];
    const failedRequests = [];

    before(async () => {
      context = await browser.newContext();
      page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.stack ?? String(e)));
      page.on('console', (m) => {
        // Chromium logs every non-2xx fetch ("Failed to load resource"): those are the errors
        // the tests ask for. Anything else logged as an error (a CORS refusal, say) is not.
        if (m.type() === 'error' && !(m.location().url.startsWith(emu.url)
          && /Failed to load resource: the server responded with a status of (400|500)/.test(m.text()))) {
          consoleErrors.push(`${m.text()} (${m.location().url})`);
        }
      });
      page.on('requestfailed', (r) => failedRequests.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
      await page.goto(`${www.url}/${entryName.endsWith('/client') ? 'client' : 'main'}.html`);
      await page.waitForSelector('html[data-ready="true"]', { timeout: 20_000 });
      assert.ok(await page.evaluate((p) => document.querySelector(`script[type=module]`).textContent.includes(p), entryPath));
    });

    after(async () => {
      await context?.close();
    });

    const run = (fn, arg) => page.evaluate(fn, { endpoint: emu.url, region: REGION, ...arg });

    test('unauthenticated: GetId then GetCredentialsForIdentity, unsigned, cross-origin, and the credentials describe a number', async () => {
      const { id: pool } = emu.cognitoPool({});
      const out = await run(async ({ endpoint, region, pool, phoneNumberId }) => {
        const { ConnectClient, fromCognitoIdentityPool } = window.api;
        const credentials = window.plainCredentials(await fromCognitoIdentityPool({ identityPoolId: pool, endpoint, cache: false })());
        const client = new ConnectClient({ region, endpoint, credentials: fromCognitoIdentityPool({ identityPoolId: pool, endpoint, cache: false }) });
        let described;
        try {
          const r = await client.describePhoneNumber({ PhoneNumberId: phoneNumberId });
          described = { ok: true, id: r.ClaimedPhoneNumberSummary?.PhoneNumberId, attempts: r.$metadata.attempts };
        } catch (e) {
          described = { ok: false, error: window.plainError(e) };
        }
        client.free();
        return { credentials, described };
      }, { pool, phoneNumberId: FIXTURES.US_DID_CLAIMED.id });
      const { credentials } = out;
      assert.match(credentials.accessKeyId, /^ASIA/);
      assert.equal(typeof credentials.secretAccessKey, 'string');
      assert.equal(typeof credentials.sessionToken, 'string');
      assert.ok(credentials.expirationIsDate && credentials.expirationMs > Date.now(), 'expiration is a future Date');
      assert.match(credentials.identityId, /^us-west-2:/);
      const seen = requestsOf(pool);
      assert.deepEqual(seen.map((r) => r.operation), ['GetId', 'GetCredentialsForIdentity', 'GetId', 'GetCredentialsForIdentity']);
      for (const r of seen) {
        assert.equal(r.method, 'POST');
        assert.equal(r.path, '/');
        assert.equal(r.headers['content-type'], 'application/x-amz-json-1.1');
        assert.equal(r.headers['x-amz-target'], `AWSCognitoIdentityService.${r.operation}`);
        for (const h of ['authorization', 'x-amz-security-token', 'x-amz-date']) assert.equal(r.headers[h], undefined, h);
        assert.equal(r.headers.origin, www.url, 'a cross-origin request from the page');
        assert.equal(r.status, 200);
      }
      assert.deepEqual(seen[0].body, { IdentityPoolId: pool });
      assert.deepEqual(seen[1].body, { IdentityId: credentials.identityId });
      assert.deepEqual(seen[2].body, { IdentityPoolId: pool });
      assert.deepEqual(out.described, { ok: true, id: FIXTURES.US_DID_CLAIMED.id, attempts: 1 });
    });

    test('authenticated: the logins function is called once per refresh and its token sent in both calls', async () => {
      const { id: pool } = emu.cognitoPool({});
      const out = await run(async ({ endpoint, pool, provider, token }) => {
        const { fromCognitoIdentityPool } = window.api;
        let calls = 0;
        const logins = { [provider]: async () => { calls += 1; return token; } };
        const get = fromCognitoIdentityPool({ identityPoolId: pool, endpoint, cache: false, logins, customRoleArn: 'arn:aws:iam::123456789012:role/console' });
        const first = window.plainCredentials(await get());
        const callsAfterFirst = calls;
        const second = window.plainCredentials(await get());
        const callsAfterSecond = calls;
        const bad = await fromCognitoIdentityPool({ identityPoolId: pool, endpoint, cache: false, logins: { [provider]: 'not-a-token' } })()
          .then(() => null, window.plainError);
        return { first, second, callsAfterFirst, callsAfterSecond, bad };
      }, { pool, provider: COGNITO_POOL.provider, token: COGNITO_POOL.tokens.alice });
      assert.equal(out.callsAfterFirst, 1);
      assert.equal(out.callsAfterSecond, 2, 'resolved again at the next refresh');
      const seen = requestsOf(pool);
      const logins = { [COGNITO_POOL.provider]: COGNITO_POOL.tokens.alice };
      assert.deepEqual(seen[0].body, { IdentityPoolId: pool, Logins: logins });
      assert.deepEqual(seen[1].body, {
        IdentityId: out.first.identityId, Logins: logins, CustomRoleArn: 'arn:aws:iam::123456789012:role/console',
      });
      assert.deepEqual(seen[2].body, seen[1].body);
      assert.equal(out.second.identityId, out.first.identityId);
      assert.deepEqual(seen.slice(0, 3).map((r) => r.operation), ['GetId', 'GetCredentialsForIdentity', 'GetCredentialsForIdentity']);
      for (const r of seen.slice(0, 3)) {
        assert.equal(r.status, 200);
        for (const h of ['authorization', 'x-amz-security-token', 'x-amz-date']) assert.equal(r.headers[h], undefined, h);
      }
      assert.equal(out.bad?.name, 'NotAuthorizedException');
    });

    test('the identity id is cached in the real localStorage (one GetId over two refreshes), only it is stored, and an error forgets it', async () => {
      const { id: pool } = emu.cognitoPool({});
      const key = `${CACHE_PREFIX}${pool}:ANONYMOUS`;
      const first = await run(async ({ endpoint, pool }) => {
        localStorage.clear();
        const get = window.api.fromCognitoIdentityPool({ identityPoolId: pool, endpoint }); // default cache
        const a = window.plainCredentials(await get());
        const b = window.plainCredentials(await get());
        const stored = window.storageEntries(localStorage);
        // A second provider on the same storage reuses the stored id.
        const c = window.plainCredentials(await window.api.fromCognitoIdentityPool({ identityPoolId: pool, endpoint })());
        window.cachedGet = get; // kept for the error below
        return { a, b, c, stored };
      }, { pool });
      assert.equal(first.a.identityId, first.b.identityId);
      assert.equal(first.c.identityId, first.a.identityId);
      assert.deepEqual(first.stored, [[key, first.a.identityId]], 'only the identity id, under its key');
      assert.deepEqual(ops(pool), ['GetId', 'GetCredentialsForIdentity', 'GetCredentialsForIdentity', 'GetCredentialsForIdentity']);

      emu.cognitoFault({ operation: 'GetCredentialsForIdentity', error: 'NotAuthorizedException', identityPoolId: pool });
      const second = await run(async ({ key }) => {
        const error = await window.cachedGet().then(() => null, window.plainError);
        const afterError = localStorage.getItem(key);
        const again = window.plainCredentials(await window.cachedGet());
        return { error, afterError, again, stored: window.storageEntries(localStorage) };
      }, { key });
      assert.equal(second.error?.name, 'NotAuthorizedException');
      assert.equal(second.afterError, null, 'the stored id is removed');
      assert.equal(count(pool, 'GetId'), 2, 'GetId again after the error');
      assert.notEqual(second.again.identityId, first.a.identityId, 'a new unauthenticated identity');
      assert.deepEqual(second.stored, [[key, second.again.identityId]]);

      // An authenticated identity is stored only under its userIdentifier.
      const auth = await run(async ({ endpoint, pool, provider, alice, bob }) => {
        localStorage.clear();
        await window.api.fromCognitoIdentityPool({ identityPoolId: pool, endpoint, userIdentifier: 'alice', logins: { [provider]: alice } })();
        const withUser = window.storageEntries(localStorage).map(([k]) => k);
        localStorage.clear();
        await window.api.fromCognitoIdentityPool({ identityPoolId: pool, endpoint, logins: { [provider]: bob } })();
        return { withUser, withoutUser: window.storageEntries(localStorage).map(([k]) => k) };
      }, { pool, provider: COGNITO_POOL.provider, alice: COGNITO_POOL.tokens.alice, bob: COGNITO_POOL.tokens.bob });
      assert.deepEqual(auth.withUser, [`${CACHE_PREFIX}${pool}:alice`]);
      assert.deepEqual(auth.withoutUser, []);
    });

    test('ConnectClient refreshes the credentials 5 minutes before they expire', async () => {
      const { id: short } = emu.cognitoPool({ credentialsTtlSeconds: 120 });
      const { id: long } = emu.cognitoPool({ credentialsTtlSeconds: 3600 });
      const out = await run(async ({ endpoint, region, short, long, phoneNumberId }) => {
        const { ConnectClient, fromCognitoIdentityPool } = window.api;
        const ids = [];
        for (const pool of [short, long]) {
          const client = new ConnectClient({ region, endpoint, credentials: fromCognitoIdentityPool({ identityPoolId: pool, endpoint, cache: false }) });
          for (let i = 0; i < 2; i++) ids.push((await client.describePhoneNumber({ PhoneNumberId: phoneNumberId })).ClaimedPhoneNumberSummary.PhoneNumberId);
          client.free();
        }
        return ids;
      }, { short, long, phoneNumberId: FIXTURES.US_DID_CLAIMED.id });
      assert.deepEqual(out, Array(4).fill(FIXTURES.US_DID_CLAIMED.id));
      assert.equal(count(short, 'GetCredentialsForIdentity'), 2, 'within 5 minutes of expiry: refreshed');
      assert.equal(count(long, 'GetCredentialsForIdentity'), 1, 'an hour left: memoised');
    });

    test('every Cognito error reaches the page by name, with $fault and $metadata; throttling and 5xx are retried', async () => {
      for (const [operation, name, attempts] of COGNITO_ERROR_CASES) {
        const { id: pool } = emu.cognitoPool({});
        emu.cognitoFault({ operation, error: name, count: attempts, identityPoolId: pool });
        const error = await run(({ endpoint, pool }) => window.api.fromCognitoIdentityPool({ identityPoolId: pool, endpoint, cache: false })()
          .then(() => null, window.plainError), { pool });
        assert.ok(error?.isError, `${name}: an Error in the page`);
        assert.equal(error.name, name, `${name}: ${error.message}`);
        assert.equal(error.$fault, name === 'InternalErrorException' ? 'server' : 'client', name);
        assert.equal(error.$metadata?.attempts, attempts, name);
        assert.equal(error.$metadata?.httpStatusCode, name === 'InternalErrorException' ? 500 : 400, name);
        assert.equal(count(pool, operation), attempts, name);
        for (const r of requestsOf(pool).filter((x) => x.operation === operation)) assert.equal(r.error, name);
      }
      // Retried then cured.
      const { id: pool } = emu.cognitoPool({});
      emu.cognitoFault({ operation: 'GetId', error: 'TooManyRequestsException', count: 1, identityPoolId: pool });
      const cured = await run(async ({ endpoint, pool }) => (await window.api.fromCognitoIdentityPool({ identityPoolId: pool, endpoint, cache: false })()).identityId, { pool });
      assert.match(cured, /^us-west-2:/);
      assert.deepEqual(ops(pool), ['GetId', 'GetId', 'GetCredentialsForIdentity']);
      // Under ConnectClient the Cognito error is the cause of a CredentialsError; an unknown pool.
      const { id: denied } = emu.cognitoPool({ allowUnauthenticated: false });
      const out = await run(async ({ endpoint, region, denied, unknownPool, phoneNumberId }) => {
        const { ConnectClient, fromCognitoIdentityPool } = window.api;
        const client = new ConnectClient({ region, endpoint, credentials: fromCognitoIdentityPool({ identityPoolId: denied, endpoint, cache: false }) });
        const failed = await client.describePhoneNumber({ PhoneNumberId: phoneNumberId }).then(() => null, window.plainError);
        client.free();
        const unknown = await fromCognitoIdentityPool({ identityPoolId: unknownPool, endpoint, cache: false })().then(() => null, window.plainError);
        return { failed, unknown };
      }, { denied, unknownPool: 'us-west-2:00000000-0000-4000-8000-000000000000', phoneNumberId: FIXTURES.US_DID_CLAIMED.id });
      assert.equal(out.failed?.name, 'CredentialsError');
      assert.equal(out.failed.cause?.name, 'NotAuthorizedException');
      assert.equal(out.unknown?.name, 'ResourceNotFoundException');
    });

    test('bad options throw a ValidationError at once, and nothing is sent', async () => {
      const before = emu.cognitoRequests().requests.length;
      const results = await run(({ pool }) => {
        const cases = [
          [undefined, 'must be an object'],
          [{}, 'identityPoolId is required'],
          [{ identityPoolId: 'us-west-2' }, 'is not an identity pool id'],
          [{ identityPoolId: 'US WEST:abc' }, 'is not an identity pool id'],
          [{ identityPoolId: pool, region: 'Not A Region' }, 'not a valid region name'],
          [{ identityPoolId: pool, logins: 'token' }, 'logins must be an object'],
          [{ identityPoolId: pool, logins: ['a'] }, 'logins must be an object'],
          [{ identityPoolId: pool, logins: { p: 5 } }, 'logins["p"] must be a non-empty token or a function'],
          [{ identityPoolId: pool, cache: true }, 'cache must be a Storage'],
          [{ identityPoolId: pool, endpoint: 'not a url' }, 'endpoint is not usable'],
          [{ identityPoolId: pool, fetch: 'fetch' }, 'fetch must be a function'],
        ];
        return cases.map(([options, expected]) => {
          try {
            window.api.fromCognitoIdentityPool(options);
            return { expected, threw: false };
          } catch (e) {
            return { expected, threw: true, name: e.name, message: e.message };
          }
        });
      }, { pool: COGNITO_POOL.id });
      for (const r of results) {
        assert.ok(r.threw && r.name === 'ValidationError' && r.message.includes(r.expected), `${r.expected}: ${JSON.stringify(r)}`);
      }
      assert.equal(emu.cognitoRequests().requests.length, before);
    });

    test('no secret the provider returned reaches localStorage, sessionStorage or document.cookie', async () => {
      // One more round on the default cache, guest and signed in with a userIdentifier, through
      // ConnectClient too, so the storage has something in it.
      const { id: pool } = emu.cognitoPool({});
      const dump = await run(async ({ endpoint, region, pool, provider, alice, phoneNumberId }) => {
        const { ConnectClient, fromCognitoIdentityPool } = window.api;
        const returned = [];
        const keep = (c) => { returned.push(c.accessKeyId, c.secretAccessKey, c.sessionToken); return c; };
        keep(await fromCognitoIdentityPool({ identityPoolId: pool, endpoint })());
        keep(await fromCognitoIdentityPool({ identityPoolId: pool, endpoint, userIdentifier: 'alice', logins: { [provider]: () => alice } })());
        const client = new ConnectClient({ region, endpoint, credentials: fromCognitoIdentityPool({ identityPoolId: pool, endpoint, userIdentifier: 'alice', logins: { [provider]: alice } }) });
        await client.describePhoneNumber({ PhoneNumberId: phoneNumberId });
        client.free();
        return {
          returned,
          local: window.storageEntries(localStorage),
          session: window.storageEntries(sessionStorage),
          cookie: document.cookie,
          escaped: window.escaped,
        };
      }, { pool, provider: COGNITO_POOL.provider, alice: COGNITO_POOL.tokens.alice, phoneNumberId: FIXTURES.US_DID_CLAIMED.id });
      // Every credential the emulator ever issued (the page's, in all the tests above, and the
      // ones only ConnectClient saw), plus what the page got back here.
      const issued = [...emu.state.cognito.credentials.values()];
      const answered = emu.cognitoRequests().requests.filter((r) => r.operation === 'GetCredentialsForIdentity' && r.status === 200);
      assert.equal(issued.length, answered.length, 'one credential per GetCredentialsForIdentity answered');
      const secrets = new Set([...issued.flatMap((c) => [c.secretAccessKey, c.sessionToken]), ...dump.returned.filter((_, i) => i % 3)]);
      const keyIds = new Set([...issued.map((c) => c.accessKeyId), ...dump.returned.filter((_, i) => i % 3 === 0)]);
      const stored = [...dump.local.flat(), ...dump.session.flat(), dump.cookie];
      assert.ok(dump.local.some(([k]) => k === `${CACHE_PREFIX}${pool}:ANONYMOUS`), 'the guest id is stored');
      assert.ok(dump.local.some(([k]) => k === `${CACHE_PREFIX}${pool}:alice`), "alice's id is stored");
      for (const value of stored) {
        for (const secret of secrets) assert.ok(!value.includes(secret), 'a secret access key or session token in storage');
        for (const keyId of keyIds) assert.ok(!value.includes(keyId), 'an access key id in storage');
      }
      for (const [k, v] of dump.local) {
        assert.ok(k.startsWith(CACHE_PREFIX), `only the provider's keys: ${k}`);
        assert.match(v, /^us-west-2:[0-9a-f-]+$/, 'only identity ids are stored');
      }
      assert.deepEqual(dump.session, []);
      assert.equal(dump.cookie, '');
      assert.deepEqual(dump.escaped, { unhandledrejection: [], error: [] }, 'no unhandledrejection or error event in the page');
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(consoleErrors, [], 'no CORS refusal or other error logged in the page');
      assert.deepEqual(failedRequests, [], 'no request failed at the network level');
    });
  });
}
