// Robustness cases found in review: a credential provider that never settles, absurd
// options, a duck-typed abort signal, and a Date header that must not move the clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectClient, signRequest, clearSigningKeyCache } from '../../pkg/node.mjs';
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

test('a NetworkError keeps the fetch rejection as its cause; a provider failure keeps its exception', async () => {
  const refused = new ConnectClient({ region: REGION, endpoint: 'http://127.0.0.1:9', credentials: CREDENTIALS.longTerm, maxAttempts: 1 });
  await assert.rejects(refused.describePhoneNumber({ PhoneNumberId: ID }), (e) => e.name === 'NetworkError' && e.cause instanceof Error);
  const boom = new Error('provider down');
  const failing = new ConnectClient({ region: REGION, endpoint: emu.url, credentials: async () => { throw boom; } });
  await assert.rejects(failing.describePhoneNumber({ PhoneNumberId: ID }), (e) => e.name === 'CredentialsError' && e.cause === boom);
  const ok = new ConnectClient({ region: REGION, endpoint: emu.url, credentials: CREDENTIALS.longTerm, maxAttempts: 1 });
  const { id } = emu.scenario({ faults: ['429'] });
  await assert.rejects(ok.describePhoneNumber({ PhoneNumberId: id }), (e) => e.name === 'ThrottlingException' && e.cause === undefined);
});

test('header values that fetch cannot send as signed are refused: non-ASCII and control characters', () => {
  const options = { region: REGION, service: 'connect', credentials: CREDENTIALS.longTerm };
  for (const value of ['café', 'a\u0000b', 'a\u0007b', 'x\u0085']) {
    assert.throws(() => signRequest({ url: 'https://example.com/', headers: { 'x-a': value } }, options), (e) => e.name === 'ValidationError', JSON.stringify(value));
  }
  // A folded value is signed and returned collapsed, as fetch can send it.
  const folded = signRequest({ url: 'https://example.com/', headers: { 'x-a': 'one\n  two' } }, options);
  assert.equal(folded.headers['x-a'], 'one two');
});
