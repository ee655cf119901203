// Robustness cases found in review: a credential provider that never settles, absurd
// options, a duck-typed abort signal, and a Date header that must not move the clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectClient, signRequest, presignUrl, clearSigningKeyCache } from '../../pkg/node.mjs';
import { startEmulator, FIXTURES, CREDENTIALS } from '../emulator/server.mjs';

const REGION = 'us-west-2';
const ID = FIXTURES.US_DID_CLAIMED.id;
let emu;
before(async () => {
  emu = await startEmulator({ region: REGION });
});
after(async () => {
  await emu.close();
});

test('an abort ends a call whose credential provider never settles, and the client stays usable', async () => {
  let calls = 0;
  let hang = true;
  const provider = () => {
    calls += 1;
    return hang ? new Promise(() => {}) : Promise.resolve(CREDENTIALS.longTerm);
  };
  const client = new ConnectClient({ region: REGION, endpoint: emu.url, credentials: provider });
  const controller = new AbortController();
  const pending = client.describePhoneNumber({ PhoneNumberId: ID }, { abortSignal: controller.signal });
  setTimeout(() => controller.abort(), 20);
  await assert.rejects(pending, (e) => e.name === 'AbortError' && e.$fault === 'client');
  assert.equal(calls, 1);
});

test('requestTimeout beyond what setTimeout can wait is a ValidationError, sent nowhere', async () => {
  const before = emu.stats().total;
  const client = new ConnectClient({ region: REGION, endpoint: emu.url, credentials: CREDENTIALS.longTerm, requestTimeout: 2 ** 31 });
  await assert.rejects(client.describePhoneNumber({ PhoneNumberId: ID }), (e) => e.name === 'ValidationError' && /requestTimeout/.test(e.message));
  assert.equal(emu.stats().total, before);
});

test('an abortSignal that is not an AbortSignal is a ValidationError, not a retried NetworkError', async () => {
  const client = new ConnectClient({ region: REGION, endpoint: emu.url, credentials: CREDENTIALS.longTerm });
  await assert.rejects(
    client.describePhoneNumber({ PhoneNumberId: ID }, { abortSignal: { aborted: false } }),
    (e) => e.name === 'ValidationError' && e.$metadata.attempts === 0,
  );
});

test('a broken Date header on a success does not move the clock', async () => {
  const fetch = async (url, init) => {
    const response = await globalThis.fetch(url, init);
    const headers = new Headers(response.headers);
    headers.set('date', 'Mon, 01 Jan 1900 00:00:00 GMT');
    return new Response(await response.arrayBuffer(), { status: response.status, headers });
  };
  const client = new ConnectClient({ region: REGION, endpoint: emu.url, credentials: CREDENTIALS.longTerm, fetch });
  await client.describePhoneNumber({ PhoneNumberId: ID });
  assert.equal(client.systemClockOffset, 0);
  const again = await client.describePhoneNumber({ PhoneNumberId: ID });
  assert.equal(again.$metadata.attempts, 1);
});

test('headers repeated with different case are returned once, and the emulator accepts them', async () => {
  const signed = signRequest(
    { url: `${emu.url}/phone-number/${ID}`, headers: { 'X-Foo': 'a', 'x-foo': 'b' } },
    { region: REGION, service: 'connect', credentials: CREDENTIALS.longTerm },
  );
  assert.equal(signed.headers['x-foo'], 'a,b');
  const response = await fetch(signed.url, { headers: signed.headers });
  assert.equal(response.status, 200);
});

test('clearSigningKeyCache can be called at any time', () => {
  const sign = () => signRequest({ url: 'https://example.com/' }, { region: REGION, service: 'connect', credentials: CREDENTIALS.longTerm, signingDate: new Date(0) });
  const first = sign().headers.authorization;
  clearSigningKeyCache();
  assert.equal(sign().headers.authorization, first);
});

test('a NetworkError keeps the fetch rejection as its cause; a provider failure keeps a masked copy of its exception', async () => {
  const refused = new ConnectClient({ region: REGION, endpoint: 'http://127.0.0.1:9', credentials: CREDENTIALS.longTerm, maxAttempts: 1 });
  await assert.rejects(refused.describePhoneNumber({ PhoneNumberId: ID }), (e) => e.name === 'NetworkError' && e.cause instanceof Error);
  const boom = new Error('provider down');
  const failing = new ConnectClient({ region: REGION, endpoint: emu.url, credentials: async () => { throw boom; } });
  await assert.rejects(failing.describePhoneNumber({ PhoneNumberId: ID }),
    (e) => e.name === 'CredentialsError' && e.cause instanceof Error && e.cause !== boom && e.cause.message === 'provider down');
  const ok = new ConnectClient({ region: REGION, endpoint: emu.url, credentials: CREDENTIALS.longTerm, maxAttempts: 1 });
  const { id } = emu.scenario({ faults: ['429'] });
  await assert.rejects(ok.describePhoneNumber({ PhoneNumberId: id }), (e) => e.name === 'ThrottlingException' && e.cause === undefined);
});

test('header values that fetch cannot send as signed are refused: non-ASCII and control characters', () => {
  const options = { region: REGION, service: 'connect', credentials: CREDENTIALS.longTerm };
  for (const value of ['café', 'a\u0000b', 'a\u0007b', 'x\u0085']) {
    const ascii = /^[\x00-\x7f]*$/.test(value);
    assert.throws(() => signRequest({ url: 'https://example.com/', headers: { 'x-a': value } }, options),
      (e) => e.name === 'ValidationError' && e.message.includes(ascii ? 'control characters' : 'is not ASCII') && (ascii || e.message.includes('Latin-1')),
      JSON.stringify(value));
  }
  // A folded value is signed and returned collapsed, as fetch can send it.
  const folded = signRequest({ url: 'https://example.com/', headers: { 'x-a': 'one\n  two' } }, options);
  assert.equal(folded.headers['x-a'], 'one two');
});

// ------------------------------------------------------------ hostile JS values
//
// Whatever a caller passes (a Proxy whose every trap throws, throwing getters, Symbols,
// BigInts, lone surrogates, a 4 MB URL), the answer is a typed error or a result, never a
// WASM trap (a RuntimeError would mean a Rust panic, which bricks the instance), and the same
// module keeps working afterwards.

const trap = () => { throw new Error('hostile trap'); };
const hostileProxy = () => new Proxy({}, { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap });
const throwingGetters = () => Object.defineProperties({}, Object.fromEntries(
  ['url', 'method', 'headers', 'body', 'region', 'service', 'credentials', 'signingDate', 'expiresIn', 'endpoint', 'maxAttempts',
    'requestTimeout', 'PhoneNumberId', 'abortSignal', 'accessKeyId', 'secretAccessKey', 'sessionToken', 'fetch', 'then']
    .map((name) => [name, { get: trap, enumerable: true }]),
));
const HOSTILE = [
  ['a Proxy whose every trap throws', hostileProxy],
  ['throwing getters', throwingGetters],
  ['a Symbol', () => Symbol('x')],
  ['a BigInt', () => 10n],
  ['a lone surrogate', () => '\uD800'],
  ['a function', () => () => 'x'],
  ['an array', () => ['https://example.com/']],
  ['NaN', () => NaN],
  ['an invalid Date', () => new Date(Number.NaN)],
  ['a null-prototype object', () => Object.create(null)],
  ['a revoked Proxy', () => { const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); return proxy; }],
];
const creds = CREDENTIALS.longTerm;
const goodSignOptions = { region: REGION, service: 'connect', credentials: creds, signingDate: new Date(0) };
const TYPED = new Set(['ValidationError', 'CredentialsError', 'NetworkError', 'ResponseParseError', 'ResourceNotFoundException',
  'InvalidParameterException', 'UnknownOperationException']);

/**
 * Runs `fn`; a throw or rejection must be a typed Error (never a RuntimeError from a trap),
 * and it must settle: the 10 s bound turns a call that hangs into a failure, not a stuck run.
 */
async function typedOutcome(label, fn) {
  let timer;
  const hung = new Promise((resolve) => { timer = setTimeout(() => resolve(HUNG), 10_000); });
  try {
    const outcome = await Promise.race([Promise.resolve().then(fn), hung]);
    assert.notEqual(outcome, HUNG, `${label}: never settled`);
  } catch (e) {
    assert.ok(e instanceof Error, `${label}: threw a non-Error ${String(e)}`);
    assert.ok(!(e instanceof WebAssembly.RuntimeError), `${label}: WASM trapped (${e.message})`);
    assert.ok(TYPED.has(e.name), `${label}: ${e.name}: ${e.message}`);
  } finally {
    clearTimeout(timer);
  }
}
const HUNG = Symbol('hung');

test('hostile values anywhere in signRequest / presignUrl end in a ValidationError, and signing still works', async () => {
  const before = signRequest({ url: 'https://example.com/x' }, goodSignOptions).headers.authorization;
  for (const [what, make] of HOSTILE) {
    const places = {
      request: () => [make(), goodSignOptions],
      options: () => [{ url: 'https://example.com/' }, make()],
      url: () => [{ url: make() }, goodSignOptions],
      method: () => [{ url: 'https://example.com/', method: make() }, goodSignOptions],
      headers: () => [{ url: 'https://example.com/', headers: make() }, goodSignOptions],
      'a header value': () => [{ url: 'https://example.com/', headers: { 'x-a': make() } }, goodSignOptions],
      body: () => [{ url: 'https://example.com/', body: make() }, goodSignOptions],
      region: () => [{ url: 'https://example.com/' }, { ...goodSignOptions, region: make() }],
      credentials: () => [{ url: 'https://example.com/' }, { ...goodSignOptions, credentials: make() }],
      secretAccessKey: () => [{ url: 'https://example.com/' }, { ...goodSignOptions, credentials: { ...creds, secretAccessKey: make() } }],
      signingDate: () => [{ url: 'https://example.com/' }, { ...goodSignOptions, signingDate: make() }],
      expiresIn: () => [{ url: 'https://example.com/' }, { ...goodSignOptions, expiresIn: make() }],
    };
    for (const [place, args] of Object.entries(places)) {
      await typedOutcome(`signRequest, ${what} as ${place}`, () => signRequest(...args()));
      await typedOutcome(`presignUrl, ${what} as ${place}`, () => presignUrl(...args()));
    }
  }
  await typedOutcome('a 4 MB URL', () => signRequest({ url: `https://example.com/${'a/'.repeat(2 * 1024 * 1024)}` }, goodSignOptions));
  assert.equal(signRequest({ url: 'https://example.com/x' }, goodSignOptions).headers.authorization, before);
});

test('hostile values in the client config, the input and the call options end typed, and the module still describes', async () => {
  const good = { region: REGION, endpoint: emu.url, credentials: creds, maxAttempts: 1 };
  for (const [what, make] of HOSTILE) {
    const configs = {
      config: () => make(),
      region: () => ({ ...good, region: make() }),
      endpoint: () => ({ ...good, endpoint: make() }),
      credentials: () => ({ ...good, credentials: make() }),
      maxAttempts: () => ({ ...good, maxAttempts: make() }),
      requestTimeout: () => ({ ...good, requestTimeout: make() }),
      fetch: () => ({ ...good, fetch: make() }),
    };
    for (const [place, config] of Object.entries(configs)) {
      await typedOutcome(`config ${place}: ${what}`, async () => {
        const client = new ConnectClient(config());
        await client.describePhoneNumber({ PhoneNumberId: ID });
      });
    }
    const client = new ConnectClient(good);
    await typedOutcome(`input: ${what}`, () => client.describePhoneNumber(make()));
    await typedOutcome(`PhoneNumberId: ${what}`, () => client.describePhoneNumber({ PhoneNumberId: make() }));
    await typedOutcome(`call options: ${what}`, () => client.describePhoneNumber({ PhoneNumberId: ID }, make()));
    await typedOutcome(`abortSignal: ${what}`, () => client.describePhoneNumber({ PhoneNumberId: ID }, { abortSignal: make() }));
    await typedOutcome(`a provider resolving to ${what}`, () => new ConnectClient({ ...good, credentials: async () => make() }).describePhoneNumber({ PhoneNumberId: ID }));
    await typedOutcome(`a fetch resolving to ${what}`, () => new ConnectClient({ ...good, fetch: async () => make() }).describePhoneNumber({ PhoneNumberId: ID }));
  }
  const out = await new ConnectClient(good).describePhoneNumber({ PhoneNumberId: ID });
  assert.equal(out.$metadata.httpStatusCode, 200);
});

test('a fetch stand-in whose "response" throws or lies at every step: NetworkError or ResponseParseError, and the module still describes', async () => {
  const good = { region: REGION, endpoint: emu.url, credentials: creds, maxAttempts: 1 };
  const sized = () => new Headers({ 'content-length': '2', 'content-type': 'application/json' });
  const reader = (read) => ({ getReader: () => ({ read, cancel: async () => {} }) });
  const RESPONSES = {
    'a throwing status getter': () => ({ get status() { return trap(); } }),
    'a status of 0': () => ({ status: 0, headers: new Headers() }),
    'a status of 200.5': () => ({ status: 200.5, headers: new Headers() }),
    'a throwing headers getter': () => ({ status: 200, get headers() { return trap(); } }),
    'headers that are a hostile Proxy': () => ({ status: 200, headers: hostileProxy() }),
    'a throwing arrayBuffer()': () => ({ status: 200, headers: sized(), arrayBuffer: trap }),
    'an arrayBuffer() that gives a Proxy': () => ({ status: 200, headers: sized(), arrayBuffer: () => hostileProxy() }),
    'an arrayBuffer() that gives a string': () => ({ status: 200, headers: sized(), arrayBuffer: async () => '{}' }),
    'a throwing body getter': () => ({ status: 200, headers: new Headers(), get body() { return trap(); } }),
    'a reader whose read() throws': () => ({ status: 200, headers: new Headers(), body: reader(trap) }),
    'a reader whose read() gives a Proxy': () => ({ status: 200, headers: new Headers(), body: reader(() => hostileProxy()) }),
    'a reader that gives a Proxy chunk': () => ({ status: 200, headers: new Headers(), body: reader(async () => ({ done: false, value: hostileProxy() })) }),
    'a reader whose chunk getter throws': () => ({ status: 200, headers: new Headers(), body: reader(async () => ({ get done() { return trap(); } })) }),
  };
  for (const [what, make] of Object.entries(RESPONSES)) {
    for (const requestTimeout of [0, 5000]) {
      const client = new ConnectClient({ ...good, requestTimeout, fetch: async () => make() });
      await typedOutcome(`${what} (requestTimeout ${requestTimeout})`, () => client.describePhoneNumber({ PhoneNumberId: ID }));
    }
  }
  const out = await new ConnectClient(good).describePhoneNumber({ PhoneNumberId: ID });
  assert.equal(out.$metadata.httpStatusCode, 200);
});

test('an abort signal whose getter or listener methods throw cannot break the module', async () => {
  const good = { region: REGION, endpoint: emu.url, credentials: creds };
  const signals = {
    'a throwing aborted getter': () => { const s = new AbortController().signal; Object.defineProperty(s, 'aborted', { get: trap }); return s; },
    'a throwing addEventListener': () => { const s = new AbortController().signal; s.addEventListener = trap; s.removeEventListener = trap; return s; },
  };
  for (const [what, make] of Object.entries(signals)) {
    await typedOutcome(`abortSignal with ${what}`, () => new ConnectClient(good).describePhoneNumber({ PhoneNumberId: ID }, { abortSignal: make() }));
  }
  const out = await new ConnectClient(good).describePhoneNumber({ PhoneNumberId: ID });
  assert.equal(out.$metadata.httpStatusCode, 200);
});

test('a body declared larger than 1 MiB is refused and its connection released, even with nothing to abort it', async () => {
  const { createServer } = await import('node:http');
  let socketClosed;
  const closed = new Promise((resolve) => { socketClosed = resolve; });
  const server = createServer((req, res) => {
    req.socket.once('close', socketClosed);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(8 * 1024 * 1024) });
    res.write('{"ClaimedPhoneNumberSummary":{"PhoneNumberId":"'); // then nothing: the rest never comes
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    // No requestTimeout and no abortSignal: the attempt has no AbortController. The fetch
    // wrapper keeps every Response reachable, so only an explicit cancel (not undici's
    // clean-up of a collected Response) can close the connection.
    const kept = [];
    const keepingFetch = async (input, init) => { const response = await fetch(input, init); kept.push(response); return response; };
    const client = new ConnectClient({ region: REGION, endpoint: `http://127.0.0.1:${server.address().port}`, credentials: creds, maxAttempts: 1, fetch: keepingFetch });
    await assert.rejects(client.describePhoneNumber({ PhoneNumberId: ID }), (e) => e.name === 'ResponseParseError' && /larger than 1048576 bytes/.test(e.message));
    assert.equal(kept.length, 1);
    // Wait for the close event; the bound only turns a hang into a clear failure.
    let timer;
    const gaveUp = new Promise((resolve) => { timer = setTimeout(() => resolve('still open after 10 s'), 10_000); });
    assert.equal(await Promise.race([closed.then(() => 'closed'), gaveUp]), 'closed', 'the client left the connection open');
    clearTimeout(timer);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('promises with a throwing constructor getter (read by Promise.resolve) and getters that change their answer', async () => {
  // Promise.resolve(p) reads p.constructor synchronously: a throw there must not cross WASM.
  const evilPromise = (value) => Object.defineProperty(Promise.resolve(value), 'constructor', { get: trap });
  const good = { region: REGION, endpoint: emu.url, credentials: creds, maxAttempts: 1 };
  const body = new TextEncoder().encode('{}').buffer;
  const sized = () => new Headers({ 'content-length': '2', 'content-type': 'application/json' });
  for (const requestTimeout of [0, 5000]) {
    const cases = {
      'fetch returns it': { fetch: () => evilPromise(new Response('{}')) },
      'arrayBuffer() returns it': { fetch: async () => ({ status: 200, headers: sized(), arrayBuffer: () => evilPromise(body) }) },
      'a stream read() returns it': { fetch: async () => ({ status: 200, headers: new Headers(), body: { getReader: () => ({ read: () => evilPromise({ done: true }), cancel: async () => {} }) } }) },
      'the credential provider returns it': { credentials: () => evilPromise({ ...creds }) },
    };
    for (const [what, extra] of Object.entries(cases)) {
      await typedOutcome(`${what} (requestTimeout ${requestTimeout})`, () => new ConnectClient({ ...good, requestTimeout, ...extra }).describePhoneNumber({ PhoneNumberId: ID }));
    }
  }
  // Values checked on a first read and different on a second: what is signed is what was checked.
  const flipping = (first, then) => { let reads = 0; return () => (reads++ ? then : first); };
  const changing = {
    url: () => { const next = flipping('https://example.com/', 12345); return [{ get url() { return next(); } }, goodSignOptions]; },
    sessionToken: () => { const next = flipping(undefined, {}); return [{ url: 'https://example.com/' }, { ...goodSignOptions, credentials: { ...creds, get sessionToken() { return next(); } } }]; },
    region: () => { const next = flipping('us-west-2', null); return [{ url: 'https://example.com/' }, { ...goodSignOptions, get region() { return next(); } }]; },
    'signingDate.getTime': () => { const d = new Date(0); d.getTime = () => ({ valueOf: trap }); return [{ url: 'https://example.com/' }, { ...goodSignOptions, signingDate: d }]; },
  };
  for (const [what, args] of Object.entries(changing)) {
    await typedOutcome(`signRequest, ${what} changes between reads`, () => signRequest(...args()));
    await typedOutcome(`presignUrl, ${what} changes between reads`, () => presignUrl(...args()));
  }
  const out = await new ConnectClient(good).describePhoneNumber({ PhoneNumberId: ID });
  assert.equal(out.$metadata.httpStatusCode, 200);
  assert.ok(signRequest({ url: 'https://example.com/x' }, goodSignOptions).headers.authorization.startsWith('AWS4-HMAC-SHA256 '));
});
