// ConnectClient (the built npm package) against the local Connect emulator, which verifies
// every signature with @smithy/signature-v4 and injects faults per scenario.
// Run: node --test tests/js/   (after `npm run build`)
// client-entry.test.mjs runs this whole file again against connect-phone-wasm/client.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';

const ENTRY = globalThis.CONNECT_CLIENT_ENTRY ?? '../../pkg/node.mjs';
const { ConnectClient } = await import(ENTRY);
globalThis.CONNECT_CLIENT_SUITE_RAN_ON = ENTRY;
import { startEmulator, FIXTURES, CREDENTIALS, UNKNOWN_ID } from '../emulator/server.mjs';

const REGION = 'us-west-2';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FIELDS = ['PhoneNumberId', 'PhoneNumberArn', 'PhoneNumber', 'PhoneNumberCountryCode', 'PhoneNumberType',
  'PhoneNumberDescription', 'TargetArn', 'InstanceId', 'Tags', 'PhoneNumberStatus', 'SourcePhoneNumberArn'];
const INSTANCE_ID = FIXTURES.US_DID_CLAIMED.summary.InstanceId;
const instanceArn = (uuid) => `arn:aws:connect:${REGION}:123456789012:instance/${INSTANCE_ID}/phone-number/${uuid}`;
const SECRETS = [
  CREDENTIALS.longTerm.secretAccessKey,
  CREDENTIALS.temporary.secretAccessKey, CREDENTIALS.temporary.sessionToken,
  CREDENTIALS.expired.secretAccessKey, CREDENTIALS.expired.sessionToken,
];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let emu;
before(async () => { emu = await startEmulator({ region: REGION, quiet: true }); });
after(async () => { await emu?.close(); });

/** Every error any call rejects with, for the secret-hygiene test at the end. */
const errors = [];
const clients = [];

function mk(config = {}) {
  const c = new ConnectClient({ region: REGION, endpoint: emu.url, credentials: CREDENTIALS.longTerm, ...config });
  clients.push(c);
  return c;
}

/** Await a call that must reject; return its error (and remember it). */
async function rejectsWith(promise, name) {
  let err;
  try {
    const out = await promise;
    assert.fail(`expected ${name}, got success: ${JSON.stringify(out?.$metadata)}`);
  } catch (e) {
    if (e?.code === 'ERR_ASSERTION') throw e;
    err = e;
  }
  errors.push(err);
  assert.ok(err instanceof Error, `not an Error: ${err}`);
  assert.equal(err.name, name, `got ${err.name}: ${err.message}`);
  assert.ok(err.$metadata && typeof err.$metadata === 'object', '$metadata present');
  assert.ok(err.$fault === 'client' || err.$fault === 'server', `$fault=${err.$fault}`);
  return err;
}

/** A fetch wrapper that counts calls and remembers every response's headers. */
function recordingFetch() {
  const rec = { calls: 0, requests: [], responses: [] };
  rec.fetch = async (input, init) => {
    rec.calls++;
    rec.requests.push({ url: String(input?.url ?? input), init });
    const res = await globalThis.fetch(input, init);
    rec.responses.push({ status: res.status, requestId: res.headers.get('x-amzn-requestid') });
    return res;
  };
  return rec;
}

function assertSummary(actual, expected) {
  assert.ok(actual, 'ClaimedPhoneNumberSummary present');
  for (const f of FIELDS) assert.deepEqual(actual[f], expected[f], f);
  assert.deepEqual(actual, expected);
}

function assertOkMetadata(md, attempts = 1) {
  assert.equal(md.httpStatusCode, 200);
  assert.match(md.requestId, UUID_RE);
  assert.equal(md.attempts, attempts);
  if (attempts === 1) assert.equal(md.totalRetryDelay, 0);
  else assert.ok(Number.isFinite(md.totalRetryDelay) && md.totalRetryDelay >= 0);
}

/** A fresh scenario succeeds on `client` (the module and the client are not bricked). */
async function assertStillWorks(client) {
  const s = emu.scenario({});
  const out = await client.describePhoneNumber({ PhoneNumberId: s.id });
  assert.equal(out.ClaimedPhoneNumberSummary.PhoneNumberId, s.id);
  assert.equal(out.$metadata.httpStatusCode, 200);
}

// --------------------------------------------------------------------- lookups

describe('lookups return every field', () => {
  const fixtures = [FIXTURES.US_DID_CLAIMED, FIXTURES.GB_TOLL_FREE_IN_PROGRESS, FIXTURES.DE_DID_FAILED];
  for (const [credLabel, credentials] of [['long-term', CREDENTIALS.longTerm], ['temporary', CREDENTIALS.temporary]]) {
    for (const f of fixtures) {
      for (const [form, idOf] of [['UUID', (x) => x.id], ['ARN', (x) => x.summary.PhoneNumberArn], ['instance ARN', (x) => instanceArn(x.id)]]) {
        test(`${f.summary.PhoneNumberCountryCode} ${f.summary.PhoneNumberStatus.Status} by ${form} (${credLabel})`, async () => {
          const rec = recordingFetch();
          const client = mk({ credentials, fetch: rec.fetch });
          const out = await client.describePhoneNumber({ PhoneNumberId: idOf(f) });
          assertSummary(out.ClaimedPhoneNumberSummary, f.summary);
          assertOkMetadata(out.$metadata, 1);
          assert.equal(rec.calls, 1);
          assert.equal(out.$metadata.requestId, rec.responses[0].requestId, 'requestId is the response x-amzn-RequestId');
        });
      }
    }
  }

  test('TDG (ARN-only) fixture: UUID gives ResourceNotFoundException, ARN succeeds', async () => {
    const f = FIXTURES.US_TDG_ARN_ONLY;
    const client = mk({ credentials: CREDENTIALS.temporary });
    const err = await rejectsWith(client.describePhoneNumber({ PhoneNumberId: f.id }), 'ResourceNotFoundException');
    assert.equal(err.$metadata.httpStatusCode, 404);
    assert.equal(err.$fault, 'client');
    for (const arn of [f.summary.PhoneNumberArn, instanceArn(f.id)]) {
      const out = await client.describePhoneNumber({ PhoneNumberId: arn });
      assertSummary(out.ClaimedPhoneNumberSummary, f.summary);
      assertOkMetadata(out.$metadata, 1);
    }
  });

  test('the emulator saw the ARN percent-encoded (%3A, %2F) in the path', async () => {
    const s = emu.scenario({});
    const client = mk();
    for (const id of [s.arn, s.instanceArn]) {
      await client.describePhoneNumber({ PhoneNumberId: id });
    }
    const seen = emu.requests(s.id).requests.map((r) => r.path);
    assert.equal(seen.length, 2);
    for (const [i, p] of seen.entries()) {
      assert.match(p, /%3A/);
      assert.match(p, /%2F/);
      assert.ok(!p.slice('/phone-number/'.length).includes(':'), p);
      assert.equal(p, `/phone-number/${encodeURIComponent([s.arn, s.instanceArn][i])}`);
    }
  });
});

// ------------------------------------------------------------- request headers

describe('request headers', () => {
  test('x-amz-user-agent, amz-sdk-invocation-id (stable across retries), amz-sdk-request', async () => {
    const client = mk();
    const s = emu.scenario({ faults: ['500', '503'] });
    const out = await client.describePhoneNumber({ PhoneNumberId: s.id });
    assert.equal(out.$metadata.attempts, 3);
    const reqs = emu.requests(s.id).requests;
    assert.equal(reqs.length, 3);
    const ids = new Set();
    for (const [i, r] of reqs.entries()) {
      assert.match(r.headers['x-amz-user-agent'] ?? '', /^connect-phone-wasm\//);
      assert.match(r.headers['amz-sdk-invocation-id'] ?? '', UUID_RE);
      ids.add(r.headers['amz-sdk-invocation-id']);
      assert.equal(r.headers['amz-sdk-request'], `attempt=${i + 1}; max=3`);
      assert.match(r.headers.authorization, /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-west-2\/connect\/aws4_request, /);
    }
    assert.equal(ids.size, 1, 'one invocation id per call');

    // A second call gets a new invocation id.
    const s2 = emu.scenario({});
    await client.describePhoneNumber({ PhoneNumberId: s2.id });
    const other = emu.requests(s2.id).requests[0].headers['amz-sdk-invocation-id'];
    assert.match(other, UUID_RE);
    assert.ok(!ids.has(other));
  });

  test('amz-sdk-request reflects maxAttempts', async () => {
    const client = mk({ maxAttempts: 5 });
    const s = emu.scenario({ faults: ['500'] });
    await client.describePhoneNumber({ PhoneNumberId: s.id });
    assert.deepEqual(emu.requests(s.id).requests.map((r) => r.headers['amz-sdk-request']), ['attempt=1; max=5', 'attempt=2; max=5']);
  });

  test('an IPv6 endpoint (signed by the full signer, not the wire-form path) passes the signature check', async (t) => {
    // ::ffff:127.0.0.1 reaches the IPv4 emulator; its URL host is [::ffff:7f00:1], which the
    // wire-form signer leaves to the full one.
    const endpoint = `http://[::ffff:127.0.0.1]:${new URL(emu.url).port}`;
    try {
      await fetch(`${endpoint}/`);
    } catch {
      t.skip('this machine has no IPv6 loopback');
      return;
    }
    for (const credentials of [CREDENTIALS.longTerm, CREDENTIALS.temporary]) {
      const s = emu.scenario({ faults: ['500'] });
      const out = await mk({ endpoint, credentials }).describePhoneNumber({ PhoneNumberId: s.arn });
      assert.equal(out.$metadata.attempts, 2);
      const reqs = emu.requests(s.id).requests;
      assert.deepEqual(reqs.map((r) => r.headers.host), Array(2).fill(`[::ffff:7f00:1]:${new URL(emu.url).port}`));
      assert.deepEqual(reqs.map((r) => r.headers['amz-sdk-request']), ['attempt=1; max=3', 'attempt=2; max=3']);
    }
  });

  test('temporary credentials send x-amz-security-token', async () => {
    const client = mk({ credentials: CREDENTIALS.temporary });
    const s = emu.scenario({});
    await client.describePhoneNumber({ PhoneNumberId: s.id });
    const [r] = emu.requests(s.id).requests;
    assert.equal(r.headers['x-amz-security-token'], CREDENTIALS.temporary.sessionToken);
    assert.match(r.headers.authorization, /x-amz-security-token/);
  });
});

// ---------------------------------------------------------------------- errors

describe('service errors', () => {
  test('unknown id: ResourceNotFoundException, client fault, 404, not retried, server message', async () => {
    const client = mk();
    const rec = recordingFetch();
    const c2 = mk({ fetch: rec.fetch });
    for (const c of [client, c2]) {
      const err = await rejectsWith(c.describePhoneNumber({ PhoneNumberId: UNKNOWN_ID }), 'ResourceNotFoundException');
      assert.equal(err.$fault, 'client');
      assert.equal(err.$metadata.httpStatusCode, 404);
      assert.equal(err.$metadata.attempts, 1);
      assert.match(err.$metadata.requestId, UUID_RE);
      assert.equal(err.message, `PhoneNumber not found: ${UNKNOWN_ID}`);
      assert.equal(err.$retryable, undefined);
    }
    assert.equal(rec.calls, 1);
    assert.equal(emu.requests(UNKNOWN_ID).count, 2);
  });

  test('well-formed-looking but invalid id: the server\'s 400 InvalidParameterException', async () => {
    // 'not-a-valid-id' passes the client's own checks (no spaces, no '/'), so it is sent and
    // the service rejects it.
    const client = mk();
    const before = emu.stats().total;
    const err = await rejectsWith(client.describePhoneNumber({ PhoneNumberId: 'not-a-valid-id' }), 'InvalidParameterException');
    assert.equal(err.$fault, 'client');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.$metadata.attempts, 1);
    assert.equal(err.message, 'PhoneNumberId must be a phone number UUID or ARN.');
    assert.equal(emu.stats().total, before + 1);
  });

  test('AccessDeniedException is not retried', async () => {
    const client = mk();
    const s = emu.scenario({ faults: ['accessDenied'] });
    const err = await rejectsWith(client.describePhoneNumber({ PhoneNumberId: s.id }), 'AccessDeniedException');
    assert.equal(err.$metadata.httpStatusCode, 403);
    assert.equal(err.$metadata.attempts, 1);
    assert.equal(err.$fault, 'client');
    assert.match(err.message, /not authorized to perform: connect:DescribePhoneNumber/);
    assert.equal(emu.requests(s.id).count, 1);
    // The scenario's fault is used up: the same client now succeeds on it.
    const out = await client.describePhoneNumber({ PhoneNumberId: s.id });
    assert.equal(out.$metadata.attempts, 1);
  });
});

// ---------------------------------------------------------------------- faults

describe('injected faults (same client instance keeps working after each row)', () => {
  let m1; let m3;
  before(() => { m1 = mk({ maxAttempts: 1 }); m3 = mk({ maxAttempts: 3 }); });

  // [label, faults, client ('m1'|'m3'), expectation]
  const rows = [
    ['429 once then success', ['429'], 'm3', { ok: true, attempts: 2 }],
    ['429 x5, maxAttempts 3', ['429', '429', '429', '429', '429'], 'm3',
      { name: 'ThrottlingException', attempts: 3, status: 429, throttling: true, requests: 3 }],
    ['429, maxAttempts 1', ['429'], 'm1', { name: 'ThrottlingException', attempts: 1, status: 429, throttling: true }],
    ['tooManyRequests (name from __type only)', ['tooManyRequests'], 'm1',
      { name: 'TooManyRequestsException', attempts: 1, status: 429, message: 'Too Many Requests' }],
    ['tooManyRequests recovers', ['tooManyRequests'], 'm3', { ok: true, attempts: 2 }],
    ['500, maxAttempts 1', ['500'], 'm1', { name: 'InternalServiceException', attempts: 1, status: 500, fault: 'server' }],
    ['500 recovers', ['500'], 'm3', { ok: true, attempts: 2 }],
    ['503, maxAttempts 1', ['503'], 'm1', { name: 'ServiceUnavailableException', attempts: 1, status: 503, fault: 'server' }],
    ['503 x3 exhausts maxAttempts 3', ['503', '503', '503'], 'm3',
      { name: 'ServiceUnavailableException', attempts: 3, status: 503, fault: 'server', requests: 3 }],
    ['html502, maxAttempts 1', ['html502'], 'm1', { name: 'UnknownError', attempts: 1, status: 502, statusCode: 502, fault: 'server' }],
    ['html502 recovers', ['html502'], 'm3', { ok: true, attempts: 2 }],
    ['504, maxAttempts 1', ['504'], 'm1', { name: 'UnknownError', attempts: 1, status: 504, statusCode: 504, fault: 'server' }],
    ['504 recovers', ['504'], 'm3', { ok: true, attempts: 2 }],
    ['truncated, maxAttempts 1', ['truncated'], 'm1', { name: 'NetworkError', attempts: 1, fault: 'server' }],
    ['truncated recovers', ['truncated'], 'm3', { ok: true, attempts: 2 }],
    ['resetMidBody, maxAttempts 1', ['resetMidBody'], 'm1', { name: 'NetworkError', attempts: 1, fault: 'server' }],
    ['resetMidBody recovers', ['resetMidBody'], 'm3', { ok: true, attempts: 2 }],
    ['drop, maxAttempts 1', ['drop'], 'm1', { name: 'NetworkError', attempts: 1, fault: 'server' }],
    ['drop recovers', ['drop'], 'm3', { ok: true, attempts: 2 }],
    ['drop x2 recovers on the 3rd attempt', ['drop', 'drop'], 'm3', { ok: true, attempts: 3 }],
    ['invalidJson (2xx: not retried)', ['invalidJson'], 'm3', { name: 'ResponseParseError', attempts: 1, status: 200, statusCode: 200, requests: 1 }],
    ['wrongShape (2xx: not retried)', ['wrongShape'], 'm3', { name: 'ResponseParseError', attempts: 1, status: 200, statusCode: 200, requests: 1 }],
    ['html200 (2xx: not retried)', ['html200'], 'm3', { name: 'ResponseParseError', attempts: 1, status: 200, statusCode: 200, requests: 1 }],
    ['huge (size limit, not retried)', ['huge'], 'm3',
      { name: 'ResponseParseError', attempts: 1, status: 200, statusCode: 200, requests: 1, message: /larger than|limit|too large/i }],
  ];

  for (const [label, faults, which, exp] of rows) {
    test(label, async () => {
      const client = which === 'm1' ? m1 : m3;
      const s = emu.scenario({ faults });
      const call = client.describePhoneNumber({ PhoneNumberId: s.id });
      if (exp.ok) {
        const out = await call;
        assert.equal(out.ClaimedPhoneNumberSummary.PhoneNumberId, s.id);
        assertOkMetadata(out.$metadata, exp.attempts);
        assert.equal(emu.requests(s.id).count, exp.attempts);
      } else {
        const err = await rejectsWith(call, exp.name);
        assert.equal(err.$metadata.attempts, exp.attempts, `attempts: ${JSON.stringify(err.$metadata)}`);
        assert.ok(Number.isFinite(err.$metadata.totalRetryDelay) && err.$metadata.totalRetryDelay >= 0);
        if (exp.attempts === 1) assert.equal(err.$metadata.totalRetryDelay, 0);
        if (exp.status) assert.equal(err.$metadata.httpStatusCode, exp.status);
        if (exp.statusCode) assert.equal(err.statusCode, exp.statusCode);
        if (exp.fault) assert.equal(err.$fault, exp.fault);
        if (exp.throttling) assert.equal(err.$retryable?.throttling, true);
        if (typeof exp.message === 'string') assert.equal(err.message, exp.message);
        else if (exp.message) assert.match(err.message, exp.message);
        assert.ok(err.message.length > 0);
        if (exp.requests) assert.equal(emu.requests(s.id).count, exp.requests);
      }
      await assertStillWorks(client);
    });
  }

  test('slow:3000 with requestTimeout 300 and maxAttempts 1: TimeoutError', async () => {
    const client = mk({ requestTimeout: 300, maxAttempts: 1 });
    const s = emu.scenario({ faults: ['slow:3000'] });
    const err = await rejectsWith(client.describePhoneNumber({ PhoneNumberId: s.id }), 'TimeoutError');
    assert.equal(err.$metadata.attempts, 1);
    // It gave up before the slow answer came: the emulator never sent its 200.
    assert.notEqual(emu.requests(s.id).requests[0].status, 200);
    await assertStillWorks(client);
  });

  test('slow:3000 with requestTimeout 300 and maxAttempts 2 recovers on the 2nd attempt', async () => {
    const client = mk({ requestTimeout: 300, maxAttempts: 2 });
    const s = emu.scenario({ faults: ['slow:3000'] });
    const out = await client.describePhoneNumber({ PhoneNumberId: s.id });
    assertOkMetadata(out.$metadata, 2);
  });
});

// ------------------------------------------------------------------ clock skew

describe('clock skew correction', () => {
  for (const offset of [900_000, -900_000]) {
    test(`server clock ${offset > 0 ? 'ahead' : 'behind'} by 15 min`, async () => {
      const client = mk();
      assert.equal(client.systemClockOffset, 0);
      const s = emu.scenario({ clockOffsetMs: offset });
      const out = await client.describePhoneNumber({ PhoneNumberId: s.id });
      assertOkMetadata(out.$metadata, 2);
      assert.ok(Math.abs(client.systemClockOffset - offset) < 5_000, `systemClockOffset=${client.systemClockOffset}`);
      const reqs = emu.requests(s.id).requests;
      assert.equal(reqs.length, 2);
      assert.equal(reqs[0].status, 403);
      assert.equal(reqs[1].status, 200);
      const again = await client.describePhoneNumber({ PhoneNumberId: s.id });
      assertOkMetadata(again.$metadata, 1);
    });
  }

  for (const offset of [900_000, -900_000]) {
    test(`without a readable Date header (as CORS hides it in browsers), the clock is read from the skew message (${offset > 0 ? 'ahead' : 'behind'})`, async () => {
      let hidden = 0;
      const fetchWithoutDate = async (input, init) => {
        const res = await fetch(input, init);
        const headers = new Headers(res.headers);
        if (headers.has('date')) hidden++;
        headers.delete('date');
        return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
      };
      const client = mk({ fetch: fetchWithoutDate });
      const s = emu.scenario({ clockOffsetMs: offset });
      const out = await client.describePhoneNumber({ PhoneNumberId: s.id });
      assertOkMetadata(out.$metadata, 2);
      assert.ok(hidden >= 2, 'the Date header was there to hide');
      assert.ok(Math.abs(client.systemClockOffset - offset) < 5_000, `systemClockOffset=${client.systemClockOffset}`);
    });
  }

  test('with maxAttempts 1 the skew error is returned, but the offset is learned for the next call', async () => {
    const client = mk({ maxAttempts: 1 });
    const s = emu.scenario({ clockOffsetMs: 900_000 });
    const err = await rejectsWith(client.describePhoneNumber({ PhoneNumberId: s.id }), 'InvalidSignatureException');
    assert.match(err.message, /Signature expired/);
    assert.equal(err.$metadata.attempts, 1);
    assert.ok(Math.abs(client.systemClockOffset - 900_000) < 5_000, `systemClockOffset=${client.systemClockOffset}`);
    const out = await client.describePhoneNumber({ PhoneNumberId: s.id });
    assertOkMetadata(out.$metadata, 1);
  });

  test('5 concurrent calls on a fresh client against a skewed server all succeed', async () => {
    // Every call's first attempt was signed with the stale offset, so every one of them gets
    // a skew error and must be retried with the corrected offset, not only the first to answer.
    const client = mk();
    const s = emu.scenario({ clockOffsetMs: 900_000 });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => client.describePhoneNumber({ PhoneNumberId: s.id })));
    for (const r of results) if (r.status === 'rejected') errors.push(r.reason);
    const summary = results.map((r) => (r.status === 'fulfilled' ? `ok(attempts=${r.value.$metadata.attempts})` : `${r.reason?.name}: ${r.reason?.message}`));
    assert.deepEqual(results.map((r) => r.status), Array(5).fill('fulfilled'), summary.join('\n'));
    for (const r of results) assert.equal(r.value.$metadata.attempts, 2);
    assert.ok(Math.abs(client.systemClockOffset - 900_000) < 5_000);
  });

  test('systemClockOffset can be set on the instance', async () => {
    const client = mk();
    client.systemClockOffset = -900_000;
    assert.equal(client.systemClockOffset, -900_000);
    const s = emu.scenario({ clockOffsetMs: -900_000 });
    const out = await client.describePhoneNumber({ PhoneNumberId: s.id });
    assertOkMetadata(out.$metadata, 1);
  });

  test('a configured systemClockOffset is used from the first attempt', async () => {
    const client = mk({ systemClockOffset: 900_000 });
    const s = emu.scenario({ clockOffsetMs: 900_000 });
    const out = await client.describePhoneNumber({ PhoneNumberId: s.id });
    assertOkMetadata(out.$metadata, 1);
  });
});

// ----------------------------------------------------------------------- abort

describe('abort', () => {
  test('aborted during a slow response: AbortError before the response arrives', async () => {
    const client = mk();
    const s = emu.scenario({ faults: ['slow:5000'] });
    const ac = new AbortController();
    const call = client.describePhoneNumber({ PhoneNumberId: s.id }, { abortSignal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    const err = await rejectsWith(call, 'AbortError');
    assert.equal(err.$metadata.attempts, 1);
    assert.notEqual(emu.requests(s.id).requests[0]?.status, 200, 'the client did not wait for the slow answer');
    await assertStillWorks(client);
  });

  test('aborted during backoff: AbortError, no further attempts', async () => {
    const client = mk({ maxAttempts: 10 });
    const faults = Array(9).fill('429');
    const s = emu.scenario({ faults });
    const ac = new AbortController();
    const call = client.describePhoneNumber({ PhoneNumberId: s.id }, { abortSignal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    const err = await rejectsWith(call, 'AbortError');
    const sent = emu.requests(s.id).count;
    assert.ok(sent >= 1 && sent < 10, `sent ${sent}`);
    assert.ok(err.$metadata.attempts >= 1 && err.$metadata.attempts < 10);
    await sleep(100);
    assert.equal(emu.requests(s.id).count, sent, 'nothing sent after the abort');
  });

  test('an abort with a custom reason is still an AbortError', async () => {
    const ac = new AbortController();
    ac.abort(new Error('user navigated away'));
    await rejectsWith(mk().describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id }, { abortSignal: ac.signal }), 'AbortError');
  });

  test('aborted while a huge body is streaming: AbortError, client still works', async () => {
    const client = mk();
    const s = emu.scenario({ faults: ['huge'] });
    const ac = new AbortController();
    const call = client.describePhoneNumber({ PhoneNumberId: s.id }, { abortSignal: ac.signal });
    setTimeout(() => ac.abort(), 5);
    const err = await call.catch((e) => e);
    errors.push(err);
    // Depending on how far the stream got, the call is aborted or has already hit the size limit.
    assert.ok(['AbortError', 'ResponseParseError'].includes(err?.name), `${err?.name}: ${err?.message}`);
    await assertStillWorks(client);
  });

  test('abortSignal that is not an AbortSignal: ValidationError', async () => {
    await rejectsWith(mk().describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id }, { abortSignal: {} }), 'ValidationError');
  });

  test('already-aborted signal: AbortError and no request sent', async () => {
    const client = mk();
    const s = emu.scenario({});
    const ac = new AbortController();
    ac.abort();
    const before = emu.stats().total;
    const err = await rejectsWith(client.describePhoneNumber({ PhoneNumberId: s.id }, { abortSignal: ac.signal }), 'AbortError');
    assert.equal(err.$metadata.attempts, 1, 'the attempt is counted even though nothing was sent');
    assert.equal(emu.requests(s.id).count, 0);
    assert.equal(emu.stats().total, before);
    await assertStillWorks(client);
  });
});

// ----------------------------------------------------------------- credentials

describe('credentials', () => {
  test('an async provider is called once for 5 concurrent calls', async () => {
    let calls = 0;
    const client = mk({
      credentials: async () => { calls++; await sleep(30); return { ...CREDENTIALS.temporary, expiration: new Date(Date.now() + 3_600_000) }; },
    });
    const ids = Array.from({ length: 5 }, () => emu.scenario({}).id);
    const outs = await Promise.all(ids.map((id) => client.describePhoneNumber({ PhoneNumberId: id })));
    outs.forEach((o, i) => assert.equal(o.ClaimedPhoneNumberSummary.PhoneNumberId, ids[i]));
    assert.equal(calls, 1);
    await client.describePhoneNumber({ PhoneNumberId: ids[0] });
    assert.equal(calls, 1, 'credentials valid for an hour are cached');
  });

  test('a provider without expiration is called once', async () => {
    let calls = 0;
    const client = mk({ credentials: async () => { calls++; return { ...CREDENTIALS.longTerm }; } });
    await assertStillWorks(client);
    await assertStillWorks(client);
    assert.equal(calls, 1);
  });

  test('credentials expiring within 5 minutes are fetched again on the next call', async () => {
    let calls = 0;
    const client = mk({
      credentials: async () => { calls++; return { ...CREDENTIALS.temporary, expiration: new Date(Date.now() + 60_000) }; },
    });
    await assertStillWorks(client);
    assert.equal(calls, 1);
    await assertStillWorks(client);
    assert.equal(calls, 2);
  });

  test('a provider that throws: CredentialsError, no request sent', async () => {
    const client = mk({ credentials: async () => { throw new Error('no profile configured'); } });
    const before = emu.stats().total;
    const err = await rejectsWith(client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id }), 'CredentialsError');
    assert.equal(emu.stats().total, before);
    assert.ok(err.message.length > 0);
  });

  test('a provider failure is not cached: the next call asks again', async () => {
    let calls = 0;
    const client = mk({ credentials: async () => { if (calls++ === 0) throw new Error('transient'); return { ...CREDENTIALS.temporary }; } });
    await rejectsWith(client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id }), 'CredentialsError');
    await assertStillWorks(client);
    assert.equal(calls, 2);
  });

  test('a synchronous throw and a non-Error rejection are CredentialsErrors too', async () => {
    for (const credentials of [() => { throw new TypeError('sync'); }, () => Promise.reject('a string')]) {
      const client = mk({ credentials });
      await rejectsWith(client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id }), 'CredentialsError');
    }
  });

  test('a provider returning {} or bad shapes: CredentialsError', async () => {
    const t = CREDENTIALS.temporary;
    for (const result of [{}, null, undefined, 'AKID', { accessKeyId: t.accessKeyId }, { secretAccessKey: t.secretAccessKey, sessionToken: t.sessionToken },
      { ...t, sessionToken: 42 }, { ...t, accessKeyId: 7 }, { ...t, expiration: 'tomorrow' }]) {
      const client = mk({ credentials: async () => result });
      const before = emu.stats().total;
      await rejectsWith(client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id }), 'CredentialsError');
      assert.equal(emu.stats().total, before, JSON.stringify(result));
    }
  });

  test('missing or invalid static credentials: CredentialsError', async () => {
    for (const credentials of [undefined, null, {}, { accessKeyId: 'AKIDEXAMPLE' }]) {
      const before = emu.stats().total;
      let err;
      try {
        const client = mk({ credentials });
        await client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id });
      } catch (e) { err = e; }
      errors.push(err);
      // Either the constructor or the call may reject, but as a CredentialsError (or a
      // ValidationError for a malformed config object) and before any request.
      assert.ok(err, `no error for ${JSON.stringify(credentials)}`);
      assert.ok(credentials === undefined ? err.name === 'CredentialsError' : ['CredentialsError', 'ValidationError'].includes(err.name),
        `${JSON.stringify(credentials)}: ${err.name}`);
      assert.equal(emu.stats().total, before);
    }
  });

  test('ExpiredTokenException: the client refreshes the provider\'s credentials and succeeds', async () => {
    let calls = 0;
    const client = mk({ credentials: async () => (calls++ === 0 ? { ...CREDENTIALS.expired } : { ...CREDENTIALS.temporary }) });
    const s = emu.scenario({});
    const out = await client.describePhoneNumber({ PhoneNumberId: s.id });
    assert.equal(out.ClaimedPhoneNumberSummary.PhoneNumberId, s.id);
    assert.equal(out.$metadata.attempts, 2);
    assert.equal(calls, 2);
    const reqs = emu.requests(s.id).requests;
    assert.deepEqual(reqs.map((r) => r.status), [403, 200]);
    assert.match(reqs[0].headers.authorization, /Credential=ASIAEXAMPLEEXPIRED\//);
    assert.match(reqs[1].headers.authorization, /Credential=ASIAEXAMPLETEMP1\//);
  });

  test('a provider that keeps returning expired credentials: ExpiredTokenException after one refresh', async () => {
    let calls = 0;
    const client = mk({ credentials: async () => { calls++; return { ...CREDENTIALS.expired }; } });
    const err = await rejectsWith(client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id }), 'ExpiredTokenException');
    assert.equal(err.$metadata.attempts, 2);
    assert.equal(calls, 2);
  });

  test('ExpiredTokenException with static credentials is returned as is', async () => {
    const client = mk({ credentials: CREDENTIALS.expired });
    const err = await rejectsWith(client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id }), 'ExpiredTokenException');
    assert.equal(err.$metadata.httpStatusCode, 403);
    assert.equal(err.$fault, 'client');
  });

  test('an unknown key: UnrecognizedClientException', async () => {
    const client = mk({ credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x'.repeat(40) } });
    const err = await rejectsWith(client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id }), 'UnrecognizedClientException');
    assert.equal(err.$metadata.httpStatusCode, 403);
  });

  test('a wrong secret: InvalidSignatureException', async () => {
    const client = mk({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-the-right-secret' } });
    const err = await rejectsWith(client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id }), 'InvalidSignatureException');
    assert.equal(err.$metadata.httpStatusCode, 403);
    assert.equal(err.$metadata.attempts, 1);
  });
});

// ---------------------------------------------------------------- custom fetch

describe('custom fetch', () => {
  test('the configured fetch is used for every attempt', async () => {
    const rec = recordingFetch();
    const client = mk({ fetch: rec.fetch });
    const before = emu.stats().total;
    const s = emu.scenario({ faults: ['500'] });
    const out = await client.describePhoneNumber({ PhoneNumberId: s.id });
    assert.equal(rec.calls, 2);
    assert.equal(emu.stats().total, before + 2);
    assert.equal(out.$metadata.requestId, rec.responses[1].requestId);
    assert.ok(rec.requests.every((r) => r.url.startsWith(`${emu.url}/phone-number/`)));
  });

  test('a fetch that throws synchronously is a NetworkError, then the client still works', async () => {
    let fail = true;
    const client = mk({ maxAttempts: 1, fetch: (...a) => { if (fail) throw new TypeError('boom'); return globalThis.fetch(...a); } });
    await rejectsWith(client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id }), 'NetworkError');
    fail = false;
    await assertStillWorks(client);
  });
});

// ------------------------------------------------------------------ validation

describe('validation before any request', () => {
  async function noRequest(fn, name = 'ValidationError') {
    const before = emu.stats().total;
    let err;
    try { await fn(); } catch (e) { err = e; }
    errors.push(err);
    assert.ok(err, 'expected a rejection');
    assert.equal(err.name, name, `${err?.name}: ${err?.message}`);
    assert.ok(err instanceof Error);
    assert.ok(err.message.length > 5);
    assert.equal(emu.stats().total, before, 'no request reached the emulator');
    return err;
  }
  const id = FIXTURES.US_DID_CLAIMED.id;

  for (const region of ['us-east-1.evil.com/', '', ' ', 'us-west-2/../x', 'US-WEST-2', undefined, 42]) {
    test(`region ${JSON.stringify(region)}`, async () => {
      const err = await noRequest(() => mk({ region }).describePhoneNumber({ PhoneNumberId: id }));
      assert.match(err.message, /region/i);
    });
  }

  for (const [label, input] of [['""', { PhoneNumberId: '' }], ['missing', {}], ['123', { PhoneNumberId: 123 }],
    ['"a b"', { PhoneNumberId: 'a b' }], ['null', { PhoneNumberId: null }], ['"a/b"', { PhoneNumberId: 'a/b' }],
    ['newline', { PhoneNumberId: `${id}\n` }], ['no input', undefined]]) {
    test(`PhoneNumberId ${label}`, async () => {
      const err = await noRequest(() => mk().describePhoneNumber(input));
      assert.match(err.message, /PhoneNumberId|input/);
    });
  }

  test('endpoint with useFipsEndpoint / useDualstackEndpoint', async () => {
    await noRequest(() => mk({ useFipsEndpoint: true }).describePhoneNumber({ PhoneNumberId: id }));
    await noRequest(() => mk({ useDualstackEndpoint: true }).describePhoneNumber({ PhoneNumberId: id }));
  });

  test('a bad endpoint URL', async () => {
    await noRequest(() => mk({ endpoint: 'not a url' }).describePhoneNumber({ PhoneNumberId: id }));
    await noRequest(() => mk({ endpoint: 'ftp://127.0.0.1/' }).describePhoneNumber({ PhoneNumberId: id }));
  });

  test('bad maxAttempts / requestTimeout', async () => {
    for (const cfg of [{ maxAttempts: 0 }, { maxAttempts: -1 }, { maxAttempts: 1.5 }, { maxAttempts: NaN }, { requestTimeout: -1 }, { requestTimeout: NaN }]) {
      await noRequest(() => mk(cfg).describePhoneNumber({ PhoneNumberId: id }));
    }
  });

  test('after all validation errors, a client works', async () => {
    await assertStillWorks(mk());
  });
});

// ---------------------------------------------------------------- lifecycle

describe('lifecycle', () => {
  test('Symbol.dispose exists and frees the client', async () => {
    const c = new ConnectClient({ region: REGION, endpoint: emu.url, credentials: CREDENTIALS.longTerm });
    assert.equal(typeof c[Symbol.dispose], 'function');
    await assertStillWorks(c);
    c[Symbol.dispose]();
    await assertStillWorks(mk());
  });

  test('a call on a freed client rejects (no synchronous throw) with a ConnectServiceError', async () => {
    const c = new ConnectClient({ region: REGION, endpoint: emu.url, credentials: CREDENTIALS.longTerm });
    c.free();
    let promise;
    assert.doesNotThrow(() => { promise = c.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id }); },
      'describePhoneNumber is documented to return a Promise that rejects');
    const err = await promise.then(() => null, (e) => e);
    errors.push(err);
    assert.ok(err instanceof Error);
    assert.ok(err.$fault === 'client' && err.$metadata, `${err.name}: ${err.message} $fault=${err.$fault}`);
  });

  test('free() / [Symbol.dispose]() twice does not throw (idempotent disposal)', () => {
    const c = new ConnectClient({ region: REGION, endpoint: emu.url, credentials: CREDENTIALS.longTerm });
    c.free();
    assert.doesNotThrow(() => c[Symbol.dispose]());
    assert.doesNotThrow(() => c.free());
  });

  test('free() on one client does not affect another', async () => {
    const a = new ConnectClient({ region: REGION, endpoint: emu.url, credentials: CREDENTIALS.temporary });
    const b = mk({ credentials: CREDENTIALS.temporary });
    await assertStillWorks(a);
    a.free();
    await assertStillWorks(b);
  });
});

// -------------------------------------------------------------- secret hygiene

describe('secret hygiene', () => {
  test('provider errors built from credential-bearing values do not leak them', async () => {
    const t = CREDENTIALS.temporary;
    for (const result of [{ ...t, sessionToken: 42 }, { secretAccessKey: t.secretAccessKey, sessionToken: t.sessionToken },
      { ...t, accessKeyId: { toString: () => t.secretAccessKey } }, { ...t, expiration: t.sessionToken }]) {
      await rejectsWith(mk({ credentials: async () => result }).describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id }), 'CredentialsError');
    }
    // Static credentials with a bad token type: rejected (constructor or call), collected for the check below.
    let err;
    try { await mk({ credentials: { ...t, sessionToken: 5 } }).describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id }); } catch (e) { err = e; }
    assert.ok(err, 'a non-string sessionToken is rejected');
    errors.push(err);
  });

  test('a provider exception that quotes credentials is masked in the message and in the cause (a masked copy)', async () => {
    const t = CREDENTIALS.temporary;
    const thrown = new Error(`cannot use ${JSON.stringify({ AccessKeyId: t.accessKeyId, SecretAccessKey: t.secretAccessKey, Token: t.sessionToken })}`);
    const err = await rejectsWith(mk({ credentials: async () => { throw thrown; } }).describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id }), 'CredentialsError');
    assert.match(err.message, /the credential provider failed: cannot use .*"AccessKeyId":"ASIAEXAMPLETEMP1".*\[redacted\]/);
    assert.notEqual(err.cause, thrown, 'the raw exception (whose message and stack quote the secret) is not handed back');
    assert.ok(err.cause instanceof Error);
    assert.equal(err.cause.name, 'Error');
    assert.equal(`the credential provider failed: ${err.cause.message}`, err.message);
    for (const quoted of [`${JSON.stringify({ key: t.secretAccessKey }).replaceAll('/', '\\/')}`, encodeURIComponent(t.secretAccessKey)]) {
      const escaped = await rejectsWith(mk({ credentials: async () => { throw new TypeError(`bad document ${quoted}`); } }).describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id }), 'CredentialsError');
      assert.match(escaped.message, /bad document .*\[redacted\]/, 'a JSON- or URL-escaped key is masked too');
      assert.equal(escaped.cause.name, 'TypeError');
    }
    // A refresh that fails quoting the credentials it gave before, however short: masked too.
    const short = { accessKeyId: 'AKIDSHORT', secretAccessKey: 'sh0rt', sessionToken: 'T0k3n-xyz' };
    let calls = 0;
    const client = mk({
      credentials: async () => {
        if (calls++ === 0) return { ...short, expiration: new Date(Date.now() + 60_000) }; // inside the refresh window
        throw new Error(`refresh failed; had secret ${short.secretAccessKey} and token ${short.sessionToken}`);
      },
    });
    await client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id }).catch((e) => errors.push(e));
    const refresh = await rejectsWith(client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id }), 'CredentialsError');
    assert.equal(calls, 2);
    assert.equal(refresh.message, 'the credential provider failed: refresh failed; had secret [redacted] and token [redacted]');
  });

  test('no error of this suite contains a secret access key or session token', () => {
    const collected = errors.filter(Boolean);
    assert.ok(collected.length >= 60, `only ${collected.length} errors collected`);
    for (const e of collected) {
      let md = '';
      try { md = JSON.stringify(e.$metadata); } catch { md = ''; }
      let whole = '';
      try { whole = JSON.stringify(e); } catch { whole = ''; }
      // util.inspect prints the cause chain too, as console.log(err) would.
      const text = `${e.name}\n${e.message}\n${e.stack}\n${md}\n${whole}\n${String(e)}\n${inspect(e, { depth: 5 })}`;
      for (const secret of SECRETS) {
        assert.ok(!text.includes(secret), `${e.name} leaks a secret: ${e.message}`);
        assert.ok(!text.includes(encodeURIComponent(secret)), `${e.name} leaks an encoded secret: ${e.message}`);
      }
    }
  });

  test('the client object does not expose credentials through enumerable properties or JSON', () => {
    for (const c of clients.slice(0, 20)) {
      let json = '';
      try { json = JSON.stringify(c); } catch { json = ''; }
      const text = `${json} ${Object.keys(c).join(',')} ${String(c)}`;
      for (const secret of SECRETS) assert.ok(!text.includes(secret));
    }
  });
});
