// Tests for the Connect emulator. Requests are signed here the way a client
// would sign them (@smithy/signature-v4) and sent with real fetch.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { startEmulator, FIXTURES, CREDENTIALS, UNKNOWN_ID } from './server.mjs';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FIELDS = ['PhoneNumberId', 'PhoneNumberArn', 'PhoneNumber', 'PhoneNumberCountryCode', 'PhoneNumberType',
  'PhoneNumberDescription', 'TargetArn', 'InstanceId', 'Tags', 'PhoneNumberStatus', 'SourcePhoneNumberArn'];
const { US_DID_CLAIMED, GB_TOLL_FREE_IN_PROGRESS, DE_DID_FAILED, US_TDG_ARN_ONLY } = FIXTURES;

let emu;
before(async () => { emu = await startEmulator(); });
after(async () => { await emu.close(); });

/** Sign like a client; returns [url, init] for fetch. `id` is put into the path percent-encoded (ARN ':' and '/' too). */
async function sign(id, { cred = CREDENTIALS.longTerm, date = new Date(), region = 'us-west-2', base = emu.url,
  method = 'GET', path, mutate, signal } = {}) {
  const url = new URL(base + (path ?? `/phone-number/${encodeURIComponent(id)}`));
  const signer = new SignatureV4({
    credentials: cred, region, service: 'connect', sha256: Hash.bind(null, 'sha256'), uriEscapePath: true, applyChecksum: false,
  });
  const signed = await signer.sign(new HttpRequest({
    method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname,
    headers: { host: url.host, 'x-amz-user-agent': 'emulator-test' },
  }), { signingDate: date });
  const headers = { ...signed.headers };
  delete headers.host; // fetch sets the same Host itself
  mutate?.(headers);
  return [url, { method, headers, signal }];
}

/** Sign like a client and fetch. */
const call = async (id, opts) => fetch(...await sign(id, opts));

async function expectError(resPromise, status, type, messageRe) {
  const res = await resPromise;
  assert.equal(res.status, status);
  assert.match(res.headers.get('x-amzn-requestid'), UUID_RE);
  assert.ok(res.headers.get('date'));
  const body = await res.json();
  const name = (res.headers.get('x-amzn-errortype') ?? body.__type ?? '').split(':')[0].split('#').pop();
  assert.equal(name, type);
  if (messageRe) assert.match(body.message ?? body.Message, messageRe);
  return { res, body };
}

describe('DescribePhoneNumber', () => {
  for (const f of [US_DID_CLAIMED, GB_TOLL_FREE_IN_PROGRESS, DE_DID_FAILED]) {
    test(`fixture ${f.id} by UUID returns all 11 fields`, async () => {
      const res = await call(f.id);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json');
      assert.match(res.headers.get('x-amzn-requestid'), UUID_RE);
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.match(res.headers.get('access-control-expose-headers'), /x-amzn-errortype/);
      assert.ok(Math.abs(Date.parse(res.headers.get('date')) - Date.now()) < 5000);
      const { ClaimedPhoneNumberSummary: s } = await res.json();
      assert.deepEqual(Object.keys(s), FIELDS);
      assert.deepEqual(s, f.summary);
      assert.match(s.PhoneNumber, /^\+[1-9]\d{1,14}$/);
    });
  }

  test('statuses and types cover CLAIMED/IN_PROGRESS/FAILED, DID/TOLL_FREE', () => {
    assert.deepEqual(new Set(Object.values(FIXTURES).map((f) => f.summary.PhoneNumberStatus.Status)),
      new Set(['CLAIMED', 'IN_PROGRESS', 'FAILED']));
    assert.ok(DE_DID_FAILED.summary.PhoneNumberStatus.Message.length > 0);
  });

  test('ARN forms (percent-encoded, other partitions) are accepted', async () => {
    const id = US_DID_CLAIMED.id;
    for (const arn of [
      `arn:aws:connect:us-west-2:123456789012:phone-number/${id}`,
      `arn:aws:connect:us-west-2:123456789012:instance/a1b2c3d4-5678-4def-8123-0123456789ab/phone-number/${id}`,
      `arn:aws-cn:connect:cn-north-1:123456789012:phone-number/${id}`,
      `arn:aws-us-gov:connect:us-gov-west-1:123456789012:phone-number/${id}`,
    ]) {
      const res = await call(arn);
      assert.equal(res.status, 200, arn);
      assert.equal((await res.json()).ClaimedPhoneNumberSummary.PhoneNumberId, id);
    }
  });

  test('traffic distribution group number: only by full ARN', async () => {
    await expectError(call(US_TDG_ARN_ONLY.id), 404, 'ResourceNotFoundException');
    const res = await call(US_TDG_ARN_ONLY.summary.PhoneNumberArn);
    assert.equal(res.status, 200);
    assert.deepEqual((await res.json()).ClaimedPhoneNumberSummary, US_TDG_ARN_ONLY.summary);
  });

  test('unknown id -> 404 with coral-style error type header and {"Message"}', async () => {
    const { res, body } = await expectError(call(UNKNOWN_ID), 404, 'ResourceNotFoundException');
    assert.equal(res.headers.get('x-amzn-errortype'),
      'ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.connect/');
    assert.ok(body.Message);
  });

  test('malformed ids -> 400 InvalidParameterException', async () => {
    for (const bad of ['', 'not-a-uuid', 'ABCDEF00-1111-4222-8333-44445555AAAA', 'arn:aws:connect:us-west-2:1:phone-number/x']) {
      await expectError(call(bad), 400, 'InvalidParameterException');
    }
    await expectError(call(null, { path: '/phone-number/%E0%A4%A' }), 400, 'InvalidParameterException');
  });

  test('other paths and methods -> 404 UnknownOperationException', async () => {
    await expectError(call(null, { path: '/instance' }), 404, 'UnknownOperationException');
    await expectError(call(US_DID_CLAIMED.id, { method: 'DELETE' }), 404, 'UnknownOperationException');
    // an ARN whose '/' was not encoded is a different (unknown) route
    await expectError(call(null, { path: `/phone-number/arn:aws:connect:us-west-2:123456789012:phone-number/${US_DID_CLAIMED.id}` }),
      404, 'UnknownOperationException');
  });
});

describe('SigV4 verification', () => {
  const id = US_DID_CLAIMED.id;

  test('missing Authorization -> MissingAuthenticationTokenException', async () => {
    const res = fetch(`${emu.url}/phone-number/${id}`);
    const { res: r } = await expectError(res, 403, 'MissingAuthenticationTokenException', /^Missing Authentication Token$/);
    assert.equal(r.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
  });

  test('unknown access key -> UnrecognizedClientException', async () => {
    await expectError(call(id, { cred: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' } }), 403,
      'UnrecognizedClientException', /^The security token included in the request is invalid\.$/);
  });

  test('expired session token -> ExpiredTokenException', async () => {
    await expectError(call(id, { cred: CREDENTIALS.expired }), 403, 'ExpiredTokenException',
      /^The security token included in the request is expired$/);
  });

  test('temporary credentials: valid token ok, missing/different token rejected', async () => {
    assert.equal((await call(id, { cred: CREDENTIALS.temporary })).status, 200);
    await expectError(call(id, { cred: CREDENTIALS.temporary, mutate: (h) => delete h['x-amz-security-token'] }),
      403, 'UnrecognizedClientException');
    await expectError(call(id, { cred: { ...CREDENTIALS.temporary, sessionToken: 'other' } }), 403, 'UnrecognizedClientException');
  });

  test('signature mismatch (wrong secret, tampered header, wrong path encoding)', async () => {
    const msg = /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.$/;
    await expectError(call(id, { cred: { ...CREDENTIALS.longTerm, secretAccessKey: 'wrong' } }), 403, 'InvalidSignatureException', msg);
    await expectError(call(id, { mutate: (h) => { h['x-amz-user-agent'] = 'changed'; } }), 403, 'InvalidSignatureException', msg);
    // Signing the ARN path single-encoded (uriEscapePath:false) is the classic client bug.
    const arn = encodeURIComponent(US_DID_CLAIMED.summary.PhoneNumberArn);
    const url = new URL(`${emu.url}/phone-number/${arn}`);
    const signer = new SignatureV4({ credentials: CREDENTIALS.longTerm, region: 'us-west-2', service: 'connect',
      sha256: Hash.bind(null, 'sha256'), uriEscapePath: false, applyChecksum: false });
    const signed = await signer.sign(new HttpRequest({ method: 'GET', hostname: url.hostname, port: +url.port,
      path: url.pathname, headers: { host: url.host } }));
    delete signed.headers.host;
    await expectError(fetch(url, { headers: signed.headers }), 403, 'InvalidSignatureException', msg);
  });

  test('wrong region in credential scope is rejected', async () => {
    await expectError(call(id, { region: 'us-east-1' }), 403, 'InvalidSignatureException', /valid region, not 'us-east-1'/);
  });

  test('clock skew: signature expired / not yet current, with AWS wording and server Date', async () => {
    const now = Date.now();
    const { res } = await expectError(call(id, { date: new Date(now - 10 * 60_000) }), 403, 'InvalidSignatureException',
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
    assert.ok(Math.abs(Date.parse(res.headers.get('date')) - now) < 5000);
    await expectError(call(id, { date: new Date(now + 10 * 60_000) }), 403, 'InvalidSignatureException',
      /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/);
    assert.equal((await call(id, { date: new Date(now - 4 * 60_000) })).status, 200);
  });

  test('credentials control: add, expire, refresh', async () => {
    const c1 = { accessKeyId: 'ASIAROTATE', secretAccessKey: 'secret1', sessionToken: 'token1' };
    await expectError(call(id, { cred: c1 }), 403, 'UnrecognizedClientException');
    await postJson('/__emulator/credentials', c1);
    assert.equal((await call(id, { cred: c1 })).status, 200);
    await postJson('/__emulator/credentials', { ...c1, expired: true });
    await expectError(call(id, { cred: c1 }), 403, 'ExpiredTokenException');
    const c2 = { ...c1, secretAccessKey: 'secret2', sessionToken: 'token2' };
    await postJson('/__emulator/credentials', c2);
    assert.equal((await call(id, { cred: c2 })).status, 200);
    await expectError(call(id, { cred: c1 }), 403, 'UnrecognizedClientException'); // old token no longer valid
  });

  test('verifySignatures:false accepts unsigned requests', async () => {
    const open = await startEmulator({ verifySignatures: false });
    try {
      const res = await fetch(`${open.url}/phone-number/${id}`);
      assert.equal(res.status, 200);
      assert.equal((await res.json()).ClaimedPhoneNumberSummary.PhoneNumberId, id);
    } finally { await open.close(); }
  });
});

describe('CORS', () => {
  test('preflight on the API and on control endpoints', async () => {
    const res = await fetch(`${emu.url}/phone-number/x`, { method: 'OPTIONS', headers: { origin: 'http://localhost:8000', 'access-control-request-method': 'GET' } });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('access-control-allow-methods'), 'GET, OPTIONS');
    assert.match(res.headers.get('access-control-allow-headers'), /x-amz-security-token/);
    assert.equal(res.headers.get('access-control-max-age'), '600');
    assert.ok(res.headers.get('date'));
    const echo = await fetch(`${emu.url}/__emulator/scenario`, { method: 'OPTIONS', headers: { 'access-control-request-headers': 'content-type, x-custom' } });
    assert.equal(echo.status, 204);
    assert.equal(echo.headers.get('access-control-allow-headers'), 'content-type, x-custom');
    assert.match(echo.headers.get('access-control-allow-methods'), /POST/);
  });

  test('errors and control responses carry CORS headers', async () => {
    const r1 = await fetch(`${emu.url}/phone-number/x`);
    const r2 = await fetch(`${emu.url}/__emulator/stats`);
    for (const r of [r1, r2]) {
      assert.equal(r.headers.get('access-control-allow-origin'), '*');
      assert.equal(r.headers.get('access-control-expose-headers'), 'date, x-amzn-requestid, x-amzn-errortype');
    }
  });
});

async function postJson(path, body, raw) {
  const res = await fetch(emu.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function scenario(faults, extra = {}) {
  const { status, body } = await postJson('/__emulator/scenario', { faults, ...extra });
  assert.equal(status, 200);
  return body;
}

describe('scenarios and faults', () => {
  test('scenario ids are served in all forms with rewritten id/arn', async () => {
    const sc = await scenario([], { fixture: DE_DID_FAILED.id });
    assert.match(sc.id, UUID_RE);
    assert.equal(sc.arn, `arn:aws:connect:us-west-2:123456789012:phone-number/${sc.id}`);
    for (const form of [sc.id, sc.arn, sc.instanceArn]) {
      const res = await call(form);
      assert.equal(res.status, 200);
      const s = (await res.json()).ClaimedPhoneNumberSummary;
      assert.deepEqual(s, { ...DE_DID_FAILED.summary, PhoneNumberId: sc.id, PhoneNumberArn: sc.arn });
    }
    const log = await (await fetch(`${emu.url}/__emulator/requests?id=${sc.id}`)).json();
    assert.equal(log.count, 3);
    assert.equal(log.requests[1].path, `/phone-number/${encodeURIComponent(sc.arn)}`);
    assert.equal(log.requests[1].method, 'GET');
    assert.equal(log.requests[1].headers['x-amz-user-agent'], 'emulator-test');
    assert.equal(log.requests[1].status, 200);
    // lookup by ARN works too
    assert.equal(emu.requests(sc.arn).count, 3);
  });

  test('faults are consumed in order, then success', async () => {
    const sc = await scenario(['429', '500', '503', 'accessDenied', 'expiredToken']);
    const t = await expectError(call(sc.id), 429, 'ThrottlingException');
    assert.equal(t.res.headers.get('x-amzn-errortype'), 'ThrottlingException'); // plain form
    assert.ok(t.body.message);
    const ise = await expectError(call(sc.id), 500, 'InternalServiceException');
    assert.ok(ise.body.Message); // capitalised form
    const su = await expectError(call(sc.id), 503, 'ServiceUnavailableException');
    assert.ok(su.body.message);
    await expectError(call(sc.id), 403, 'AccessDeniedException', /not authorized/);
    await expectError(call(sc.id), 403, 'ExpiredTokenException');
    assert.equal((await call(sc.id)).status, 200);
  });

  test('tooManyRequests: error type only in body __type', async () => {
    const sc = await scenario(['tooManyRequests']);
    const res = await call(sc.id);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('x-amzn-errortype'), null);
    assert.match((await res.json()).__type, /TooManyRequestsException$/);
  });

  test('gateway and HTML faults have no AWS error type', async () => {
    const sc = await scenario(['504', 'html502', 'html200']);
    for (const [status, ct] of [[504, null], [502, /text\/html/], [200, /text\/html/]]) {
      const res = await call(sc.id);
      assert.equal(res.status, status);
      assert.equal(res.headers.get('x-amzn-errortype'), null);
      if (ct) assert.match(res.headers.get('content-type'), ct);
      assert.match(await res.text(), /<html>/i);
    }
  });

  test('invalidJson and wrongShape', async () => {
    const sc = await scenario(['invalidJson', 'wrongShape']);
    const r1 = await call(sc.id);
    assert.equal(r1.status, 200);
    await assert.rejects(r1.json(), SyntaxError);
    assert.deepEqual(await (await call(sc.id)).json(), { ClaimedPhoneNumberSummary: 'oops' });
  });

  for (const fault of ['truncated', 'resetMidBody', 'drop']) {
    test(`${fault}: client sees a transport error, emulator survives`, async () => {
      const sc = await scenario([fault]);
      await assert.rejects(async () => { const r = await call(sc.id); await r.text(); });
      assert.equal((await call(sc.id)).status, 200);
    });
  }

  test('truncated: content-length promises the full body', async () => {
    const sc = await scenario(['truncated']);
    const res = await call(sc.id);
    assert.equal(res.status, 200);
    const full = JSON.stringify({ ClaimedPhoneNumberSummary: { ...US_DID_CLAIMED.summary, PhoneNumberId: sc.id, PhoneNumberArn: sc.arn } });
    assert.equal(Number(res.headers.get('content-length')), Buffer.byteLength(full));
    await assert.rejects(res.text());
  });

  test('huge: ~5 MiB chunked valid JSON; aborting mid-stream is harmless', async () => {
    const sc = await scenario(['huge', 'huge']);
    const res = await call(sc.id);
    assert.equal(res.headers.get('content-length'), null);
    const text = await res.text();
    assert.ok(text.length > 5 * 1024 * 1024);
    assert.equal(JSON.parse(text).ClaimedPhoneNumberSummary.PhoneNumberId, sc.id);
    const ac = new AbortController();
    const r2 = await call(sc.id, { signal: ac.signal });
    const reader = r2.body.getReader();
    await reader.read();
    ac.abort();
    assert.equal((await call(sc.id)).status, 200);
  });

  test('slow:MS delays the answer; a client that gives up does not crash it', async () => {
    const sc = await scenario(['slow:300', 'slow:150']);
    await assert.rejects(call(sc.id, { signal: AbortSignal.timeout(50) }));
    const t0 = Date.now();
    const res = await call(sc.id);
    assert.equal(res.status, 200);
    assert.ok(Date.now() - t0 >= 140);
    await new Promise((r) => setTimeout(r, 300)); // let the abandoned slow:300 fire
    assert.equal((await call(sc.id)).status, 200);
  });

  test('faults are not consumed by unauthenticated requests', async () => {
    const sc = await scenario(['429']);
    await expectError(fetch(`${emu.url}/phone-number/${sc.id}`), 403, 'MissingAuthenticationTokenException');
    assert.equal((await call(sc.id)).status, 429);
  });

  test('scenario clockOffsetMs: server 15 min ahead, client corrects from Date', async () => {
    const sc = await scenario([], { clockOffsetMs: 900_000 });
    const { res } = await expectError(call(sc.id), 403, 'InvalidSignatureException', /^Signature expired/);
    const serverNow = Date.parse(res.headers.get('date'));
    assert.ok(Math.abs(serverNow - (Date.now() + 900_000)) < 5000);
    assert.equal((await call(sc.id, { date: new Date(serverNow) })).status, 200);
    assert.equal((await call(US_DID_CLAIMED.id)).status, 200); // other ids unaffected
  });

  test('global clock offset applies to all requests and the Date header', async () => {
    await postJson('/__emulator/clock', { offsetMs: -900_000 });
    try {
      const { res } = await expectError(call(US_DID_CLAIMED.id), 403, 'InvalidSignatureException', /^Signature not yet current/);
      assert.ok(Math.abs(Date.parse(res.headers.get('date')) - (Date.now() - 900_000)) < 5000);
    } finally { emu.setClockOffset(0); }
    assert.equal((await call(US_DID_CLAIMED.id)).status, 200);
  });

  test('module API mirrors the control API', async () => {
    const sc = emu.scenario({ fixture: 'GB_TOLL_FREE_IN_PROGRESS', faults: ['500'] });
    assert.equal((await call(sc.arn)).status, 500);
    const res = await call(sc.arn);
    assert.equal((await res.json()).ClaimedPhoneNumberSummary.PhoneNumberCountryCode, 'GB');
    assert.throws(() => emu.scenario({ faults: ['nope'] }), TypeError);
  });
});

describe('claim transitions', () => {
  const statusOf = async (res) => {
    assert.equal(res.status, 200);
    const s = (await res.json()).ClaimedPhoneNumberSummary;
    assert.deepEqual(Object.keys(s), FIELDS); // a full summary in every phase
    return s;
  };

  test('emu.claim: IN_PROGRESS for N describes, then CLAIMED; UUID and both ARNs count together', async () => {
    const cl = emu.claim({ inProgressFor: 3 });
    assert.match(cl.id, UUID_RE);
    assert.equal(cl.arn, `arn:aws:connect:us-west-2:123456789012:phone-number/${cl.id}`);
    const forms = [cl.id, cl.arn, cl.instanceArn];
    for (const form of forms) {
      const s = await statusOf(await call(form));
      assert.deepEqual(s, { ...US_DID_CLAIMED.summary, PhoneNumberId: cl.id, PhoneNumberArn: cl.arn,
        PhoneNumberStatus: { Status: 'IN_PROGRESS', Message: 'Number claim is in progress' } });
    }
    for (const form of forms) { // stays CLAIMED
      const s = await statusOf(await call(form));
      assert.deepEqual(s, { ...US_DID_CLAIMED.summary, PhoneNumberId: cl.id, PhoneNumberArn: cl.arn });
      assert.deepEqual(s.PhoneNumberStatus, { Status: 'CLAIMED', Message: '' });
    }
  });

  test('POST /__emulator/claim: IN_PROGRESS, then FAILED with the message, from another fixture', async () => {
    const { status, body: cl } = await postJson('/__emulator/claim',
      { inProgressFor: 2, then: 'FAILED', message: 'Number is not available', fixture: 'GB_TOLL_FREE_IN_PROGRESS' });
    assert.equal(status, 200);
    assert.equal(cl.fixture, GB_TOLL_FREE_IN_PROGRESS.id);
    const seen = [];
    for (let i = 0; i < 4; i++) {
      const s = await statusOf(await call(i % 2 ? cl.arn : cl.id));
      assert.equal(s.PhoneNumber, GB_TOLL_FREE_IN_PROGRESS.summary.PhoneNumber);
      seen.push(s.PhoneNumberStatus);
    }
    const failed = { Status: 'FAILED', Message: 'Number is not available' };
    assert.deepEqual(seen, [{ Status: 'IN_PROGRESS', Message: 'Number claim is in progress' },
      { Status: 'IN_PROGRESS', Message: 'Number claim is in progress' }, failed, failed]);
    const dflt = emu.claim({ then: 'FAILED' }); // no message: a default one; inProgressFor 0: final at once
    assert.deepEqual((await statusOf(await call(dflt.id))).PhoneNumberStatus,
      { Status: 'FAILED', Message: 'The phone number could not be claimed' });
  });

  test('notFoundFor: 404 first, then IN_PROGRESS, then CLAIMED; only authenticated describes advance', async () => {
    const cl = emu.claim({ notFoundFor: 2, inProgressFor: 1 });
    await expectError(fetch(`${emu.url}/phone-number/${cl.id}`), 403, 'MissingAuthenticationTokenException');
    await expectError(call(cl.id, { cred: { ...CREDENTIALS.longTerm, secretAccessKey: 'wrong' } }), 403, 'InvalidSignatureException');
    const { body } = await expectError(call(cl.arn), 404, 'ResourceNotFoundException');
    assert.equal(body.Message, `PhoneNumber not found: ${cl.arn}`);
    await expectError(call(cl.id), 404, 'ResourceNotFoundException');
    assert.equal((await statusOf(await call(cl.id))).PhoneNumberStatus.Status, 'IN_PROGRESS');
    assert.equal((await statusOf(await call(cl.arn))).PhoneNumberStatus.Status, 'CLAIMED');
    assert.deepEqual(emu.requests(cl.id).requests.map((r) => r.status), [403, 403, 404, 404, 200, 200]);
  });

  test('an ARN-only fixture stays ARN-only; a bare UUID does not advance it', async () => {
    const { body: cl } = await postJson('/__emulator/claim', { inProgressFor: 1, fixture: US_TDG_ARN_ONLY.id });
    await expectError(call(cl.id), 404, 'ResourceNotFoundException');
    assert.equal((await statusOf(await call(cl.arn))).PhoneNumberStatus.Status, 'IN_PROGRESS');
    assert.equal((await statusOf(await call(cl.arn))).PhoneNumberStatus.Status, 'CLAIMED');
  });

  test('bad claim specs: 400 / TypeError', async () => {
    for (const bad of [{ inProgressFor: -1 }, { inProgressFor: 1.5 }, { notFoundFor: '2' }, { then: 'IN_PROGRESS' },
      { then: 'claimed' }, { message: 42 }, { fixture: 'NOPE' }]) {
      assert.equal((await postJson('/__emulator/claim', bad)).status, 400, JSON.stringify(bad));
      assert.throws(() => emu.claim(bad), TypeError);
    }
  });
});

describe('rate limit', () => {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  let e;
  before(async () => { e = await startEmulator(); }); // own instance: the bucket is per emulator
  after(async () => { await e.close(); });

  /** Send `n` requests at once (signed beforehand, so they arrive together); returns their statuses. */
  async function burst(n, { emu: target = e, id = US_DID_CLAIMED.id } = {}) {
    const reqs = await Promise.all(Array.from({ length: n }, () => sign(id, { base: target.url })));
    const responses = await Promise.all(reqs.map((r) => fetch(...r)));
    return Promise.all(responses.map(async (res) => {
      if (res.status === 429) {
        assert.equal(res.headers.get('x-amzn-errortype'), 'ThrottlingException');
        assert.deepEqual(await res.json(), { message: 'Rate exceeded' });
      } else await res.arrayBuffer();
      return res.status;
    }));
  }
  const count = (statuses, status) => statuses.filter((s) => s === status).length;

  // Exact counts on the real clock need a whole burst to arrive within one
  // refill (1/rate): a 20/s bucket refills every 50 ms, which fetches on a
  // loaded machine can outlast. A fake monotonic clock makes them exact.
  test('emu.rateLimit (fake monotonic clock): burst, 429 ThrottlingException, refill, stats; reset turns it off', async () => {
    let now = 1000;
    const f = await startEmulator({ monotonicNow: () => now });
    try {
      assert.deepEqual(f.rateLimit({ rate: 20, burst: 5 }), { rate: 20, burst: 5 });
      const first = await burst(20, { emu: f });
      assert.equal(count(first, 200), 5); // the bucket starts full: exactly `burst` pass
      assert.equal(count(first, 429), 15);
      assert.deepEqual(f.stats(), { total: 20, scenarios: 0, ok: 5, throttled: 15 });
      now += 100; // 20/s: two tokens
      assert.equal(count(await burst(5, { emu: f }), 200), 2);
      now += 10_000; // refills, but the bucket holds at most `burst`
      const third = await burst(10, { emu: f });
      assert.deepEqual([count(third, 200), count(third, 429)], [5, 5]);
      assert.deepEqual(await (await fetch(`${f.url}/__emulator/stats`)).json(), { total: 35, scenarios: 0, ok: 12, throttled: 23 });
      f.reset();
      assert.deepEqual(f.stats(), { total: 0, scenarios: 0, ok: 0, throttled: 0 });
      assert.equal(count(await burst(20, { emu: f }), 200), 20);
      assert.equal(f.stats().throttled, 0);
    } finally { await f.close(); }
  });

  test('real clock: the bucket refills with time', async () => {
    e.reset();
    e.rateLimit({ rate: 1, burst: 1 }); // one token a second: each burst below arrives well within that
    assert.equal(count(await burst(3), 200), 1);
    await sleep(1100); // full again (capped at 1)
    assert.equal(count(await burst(3), 200), 1);
    assert.deepEqual(e.stats(), { total: 6, scenarios: 0, ok: 2, throttled: 4 });
    e.reset();
    assert.equal(count(await burst(3), 200), 3);
  });

  test('POST /__emulator/rate-limit (fractional rate), { rate: null } and DELETE turn it off', async () => {
    e.reset();
    const on = await fetch(`${e.url}/__emulator/rate-limit`, { method: 'POST', body: JSON.stringify({ rate: 0.5, burst: 2 }) });
    assert.deepEqual(await on.json(), { rate: 0.5, burst: 2 });
    const statuses = await burst(6); // one token per 2 s: nothing refills during the burst
    assert.deepEqual([count(statuses, 200), count(statuses, 429)], [2, 4]);
    const off = await fetch(`${e.url}/__emulator/rate-limit`, { method: 'POST', body: JSON.stringify({ rate: null }) });
    assert.deepEqual(await off.json(), { rate: null, burst: null });
    assert.equal(count(await burst(6), 200), 6);
    const dflt = await fetch(`${e.url}/__emulator/rate-limit`, { method: 'POST', body: JSON.stringify({ rate: 1 }) });
    assert.deepEqual(await dflt.json(), { rate: 1, burst: 1 }); // burst defaults to ceil(rate)
    assert.equal(count(await burst(3), 200), 1);
    const del = await fetch(`${e.url}/__emulator/rate-limit`, { method: 'DELETE' });
    assert.deepEqual(await del.json(), { rate: null, burst: null });
    assert.equal(count(await burst(3), 200), 3);
    assert.deepEqual(e.stats(), { total: 18, scenarios: 0, ok: 12, throttled: 6 });
    const pre = await fetch(`${e.url}/__emulator/rate-limit`, { method: 'OPTIONS' });
    assert.match(pre.headers.get('access-control-allow-methods'), /DELETE/);
  });

  test('before auth and faults: a throttled request consumes no fault, advances no claim; a faulted one takes a token', async () => {
    e.reset();
    const sc = e.scenario({ faults: ['500', '503'] });
    const cl = e.claim({ inProgressFor: 1 });
    e.rateLimit({ rate: 0.001, burst: 2 }); // two tokens, no refill to speak of
    await expectError(call(sc.id, { base: e.url }), 500, 'InternalServiceException'); // token 1, fault 1
    assert.equal((await (await call(cl.id, { base: e.url })).json()).ClaimedPhoneNumberSummary.PhoneNumberStatus.Status, 'IN_PROGRESS'); // token 2
    await expectError(call(sc.id, { base: e.url }), 429, 'ThrottlingException', /^Rate exceeded$/);
    await expectError(call(cl.id, { base: e.url }), 429, 'ThrottlingException');
    await expectError(fetch(`${e.url}/phone-number/${sc.id}`), 429, 'ThrottlingException'); // unsigned: throttled, not 403
    assert.deepEqual(e.stats(), { total: 5, scenarios: 2, ok: 1, throttled: 3 });
    e.rateLimit(null);
    await expectError(call(sc.id, { base: e.url }), 503, 'ServiceUnavailableException'); // fault 2 was kept
    assert.equal((await call(sc.id, { base: e.url })).status, 200);
    assert.equal((await (await call(cl.id, { base: e.url })).json()).ClaimedPhoneNumberSummary.PhoneNumberStatus.Status, 'CLAIMED');
    assert.deepEqual(e.requests(sc.id).requests.map((r) => r.status), [500, 429, 429, 503, 200]);
    assert.deepEqual(e.stats(), { total: 8, scenarios: 2, ok: 3, throttled: 3 });
  });

  test('bad rate-limit specs: 400 / TypeError, the limit is unchanged', async () => {
    e.reset();
    e.rateLimit({ rate: 0.001, burst: 1 });
    for (const bad of [{}, { rate: 0 }, { rate: -1 }, { rate: 'fast' }, { rate: 5, burst: 0 }, { rate: 5, burst: 1.5 }, { burst: 5 }]) {
      const res = await fetch(`${e.url}/__emulator/rate-limit`, { method: 'POST', body: JSON.stringify(bad) });
      assert.equal(res.status, 400, JSON.stringify(bad));
      assert.throws(() => e.rateLimit(bad), TypeError);
    }
    assert.equal(count(await burst(3), 200), 1); // still the one-token bucket
    e.reset();
  });
});

describe('control API', () => {
  test('rejects bad input with 400 and keeps running', async () => {
    assert.equal((await postJson('/__emulator/scenario', null, '{not json')).status, 400);
    assert.equal((await postJson('/__emulator/scenario', null, '[1]')).status, 400);
    assert.equal((await postJson('/__emulator/scenario', { faults: ['bogus'] })).status, 400);
    assert.equal((await postJson('/__emulator/scenario', { fixture: UNKNOWN_ID })).status, 400);
    assert.equal((await postJson('/__emulator/clock', { offsetMs: 'soon' })).status, 400);
    assert.equal((await postJson('/__emulator/credentials', { accessKeyId: 'x' })).status, 400);
    assert.equal((await postJson('/__emulator/nope', {})).status, 404);
    assert.equal((await call(US_DID_CLAIMED.id)).status, 200);
  });

  test('fixtures endpoint exposes ids and credentials for browser tests', async () => {
    const info = await (await fetch(`${emu.url}/__emulator/fixtures`)).json();
    assert.equal(info.fixtures.US_DID_CLAIMED.id, US_DID_CLAIMED.id);
    assert.equal(info.credentials.longTerm.accessKeyId, 'AKIDEXAMPLE');
  });

  test('garbage on the wire gets 400, server survives', async () => {
    const sock = net.connect(emu.port, '127.0.0.1');
    sock.end('THIS IS NOT HTTP\r\n\r\n');
    let data = '';
    for await (const chunk of sock) data += chunk;
    assert.match(data, /^HTTP\/1\.1 400/);
    assert.equal((await call(US_DID_CLAIMED.id)).status, 200);
  });

  test('client aborting while sending a body is harmless', async () => {
    await new Promise((resolve) => {
      const req = http.request(`${emu.url}/__emulator/scenario`, { method: 'POST', headers: { 'content-length': 1000 } });
      req.on('error', () => {});
      req.write('{"faults":', () => { req.destroy(); resolve(); });
    });
    assert.equal((await fetch(`${emu.url}/__emulator/stats`)).status, 200);
  });

  test('stats and reset (separate instance, so parallel tests are unaffected)', async () => {
    const e = await startEmulator();
    try {
      const sc = e.scenario({});
      await call(sc.id, { base: e.url });
      await fetch(`${e.url}/phone-number/${sc.id}`, { method: 'OPTIONS' }); // preflights not counted
      await call(US_DID_CLAIMED.id, { base: e.url });
      assert.deepEqual(await (await fetch(`${e.url}/__emulator/stats`)).json(), { total: 2, scenarios: 1, ok: 2, throttled: 0 });
      assert.equal((await (await fetch(`${e.url}/__emulator/requests?id=${encodeURIComponent(sc.arn)}`)).json()).count, 1);
      assert.equal((await fetch(`${e.url}/__emulator/reset`, { method: 'POST' })).status, 200);
      assert.deepEqual(e.stats(), { total: 0, scenarios: 0, ok: 0, throttled: 0 });
      await expectError(call(sc.id, { base: e.url }), 404, 'ResourceNotFoundException'); // scenario gone
    } finally { await e.close(); }
  });
});

describe('cli.mjs', () => {
  const cli = fileURLToPath(new URL('./cli.mjs', import.meta.url));

  async function startCli(args) {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    for await (const chunk of child.stdout) {
      out += chunk;
      if (out.includes('\n')) break;
    }
    return { child, out };
  }

  test('prints EMULATOR_URL, serves, exits 0 on SIGTERM', async () => {
    const { child, out } = await startCli(['--no-verify']);
    assert.match(out, /^EMULATOR_URL=http:\/\/127\.0\.0\.1:\d+\n$/);
    const url = out.trim().slice('EMULATOR_URL='.length);
    assert.equal((await fetch(`${url}/phone-number/${US_DID_CLAIMED.id}`)).status, 200);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });

  test('--exit-on-stdin-close exits when stdin closes', async () => {
    const { child } = await startCli(['--exit-on-stdin-close']);
    child.stdin.end();
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });
});
