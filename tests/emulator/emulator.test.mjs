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
import {
  startEmulator, FIXTURES, CREDENTIALS, UNKNOWN_ID, COGNITO_POOL, COGNITO_ERRORS, UNEXPECTED_SIGNATURE,
} from './server.mjs';

// The AWS SDK's own Cognito Identity client (a dependency of the SDK's
// credential providers), as an independent reader of the emulator's answers.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const cognitoSdk = await import('@aws-sdk/nested-clients/cognito-identity').catch(() => null);

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

describe('Cognito Identity', () => {
  const JSON_1_1 = 'application/x-amz-json-1.1';
  const IDENTITY_RE = /^us-west-2:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const { provider: PROVIDER, tokens: TOKENS } = COGNITO_POOL;
  const login = (token, provider = PROVIDER) => ({ [provider]: token });
  const asCredential = (c) => ({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretKey, sessionToken: c.SessionToken });
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  /** POST / as an awsJson1_1 client does (unsigned). `raw` replaces the JSON body. */
  const cognito = (operation, body, { base = emu.url, headers = {}, raw, query = '' } = {}) => fetch(`${base}/${query}`, {
    method: 'POST',
    headers: { 'content-type': JSON_1_1, 'x-amz-target': `AWSCognitoIdentityService.${operation}`, ...headers },
    body: raw ?? JSON.stringify(body),
  });
  async function cognitoOk(operation, body, opts) {
    const res = await cognito(operation, body, opts);
    const text = await res.text();
    assert.equal(res.status, 200, text);
    assert.equal(res.headers.get('content-type'), JSON_1_1);
    return JSON.parse(text);
  }
  const getId = (IdentityPoolId, Logins, opts) => cognitoOk('GetId', Logins ? { IdentityPoolId, Logins } : { IdentityPoolId }, opts);
  const getCredentials = (IdentityId, Logins, opts) =>
    cognitoOk('GetCredentialsForIdentity', Logins ? { IdentityId, Logins } : { IdentityId }, opts);

  /** An awsJson error as Cognito sends it: status, plain x-amzn-ErrorType, namespaced __type, {"message"}. */
  async function expectCognitoError(resPromise, status, name, messageRe, namespace = 'com.amazonaws.cognito.identity.model') {
    const res = await resPromise;
    assert.equal(res.status, status, name);
    assert.equal(res.headers.get('x-amzn-errortype'), name);
    assert.equal(res.headers.get('content-type'), JSON_1_1);
    assert.match(res.headers.get('x-amzn-requestid'), UUID_RE);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const body = await res.json();
    assert.deepEqual(Object.keys(body), ['__type', 'message']);
    assert.equal(body.__type, `${namespace}#${name}`);
    if (messageRe) assert.match(body.message, messageRe);
    return body;
  }

  test('the default pool: COGNITO_POOL, also on the fixtures endpoint', async () => {
    assert.equal(COGNITO_POOL.id, 'us-west-2:11111111-2222-4333-8444-555555555555');
    assert.equal(PROVIDER, 'cognito-idp.us-west-2.amazonaws.com/us-west-2_EXAMPLE');
    assert.deepEqual(TOKENS, { alice: 'id-token-alice', bob: 'id-token-bob' });
    assert.deepEqual((await (await fetch(`${emu.url}/__emulator/fixtures`)).json()).cognitoPool, COGNITO_POOL);
    assert.match((await getId(COGNITO_POOL.id)).IdentityId, IDENTITY_RE);
  });

  test('unauthenticated: a new identity per GetId; credentials in the awsJson shape, accepted by a signed Connect describe', async () => {
    const first = await getId(COGNITO_POOL.id);
    const second = await getId(COGNITO_POOL.id);
    assert.deepEqual(Object.keys(first), ['IdentityId']);
    assert.match(first.IdentityId, IDENTITY_RE);
    assert.notEqual(first.IdentityId, second.IdentityId);

    const res = await cognito('GetCredentialsForIdentity', { IdentityId: first.IdentityId });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), JSON_1_1);
    assert.match(res.headers.get('x-amzn-requestid'), UUID_RE);
    assert.ok(res.headers.get('date'));
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const text = await res.text();
    assert.match(text, /"Expiration":\d{10}\.\d+[,}]/); // epoch seconds with a fraction
    const out = JSON.parse(text);
    assert.equal(out.IdentityId, first.IdentityId);
    const c = out.Credentials;
    assert.deepEqual(Object.keys(c), ['AccessKeyId', 'SecretKey', 'SessionToken', 'Expiration']); // SecretKey, not SecretAccessKey
    assert.match(c.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.match(c.SecretKey, /^[A-Za-z0-9+/]{40}$/);
    assert.match(c.SessionToken, /^IQoJb3JpZ2luX2Vj[A-Za-z0-9+/]{780,}==$/); // long, base64 with padding, like real ones
    assert.equal(typeof c.Expiration, 'number');
    assert.ok(!Number.isInteger(c.Expiration));
    assert.ok(Math.abs(c.Expiration - (Date.now() / 1000 + 3600)) < 5, String(c.Expiration));

    const cred = asCredential(c);
    assert.equal((await call(US_DID_CLAIMED.id, { cred })).status, 200);
    assert.equal((await call(US_DID_CLAIMED.id, { cred: CREDENTIALS.temporary })).status, 200); // others unaffected
    await expectError(call(US_DID_CLAIMED.id, { cred: { ...cred, sessionToken: 'other' } }), 403, 'UnrecognizedClientException');
    await expectError(call(US_DID_CLAIMED.id, { cred: { ...cred, sessionToken: undefined } }), 403, 'UnrecognizedClientException');
    await expectError(call(US_DID_CLAIMED.id, { cred: { ...cred, secretAccessKey: 'wrong' } }), 403, 'InvalidSignatureException');
    const again = (await getCredentials(first.IdentityId)).Credentials; // every call issues a fresh set
    assert.notEqual(again.AccessKeyId, c.AccessKeyId);
    assert.equal((await call(US_DID_CLAIMED.id, { cred: asCredential(again) })).status, 200);
  });

  test('authenticated: one identity per login subject; GetCredentialsForIdentity needs a login of that identity', async () => {
    const alice = (await getId(COGNITO_POOL.id, login(TOKENS.alice))).IdentityId;
    assert.match(alice, IDENTITY_RE);
    assert.equal((await getId(COGNITO_POOL.id, login(TOKENS.alice))).IdentityId, alice);
    const bob = (await getId(COGNITO_POOL.id, login(TOKENS.bob))).IdentityId;
    assert.notEqual(bob, alice);
    assert.notEqual((await getId(COGNITO_POOL.id)).IdentityId, alice); // a guest is someone else
    assert.notEqual((await getId(COGNITO_POOL.id, {})).IdentityId, alice); // empty Logins: unauthenticated

    const out = await getCredentials(alice, login(TOKENS.alice));
    assert.equal(out.IdentityId, alice);
    assert.equal((await call(US_DID_CLAIMED.id, { cred: asCredential(out.Credentials) })).status, 200);
    await expectCognitoError(cognito('GetCredentialsForIdentity', { IdentityId: alice }), 400, 'NotAuthorizedException',
      new RegExp(`^Access to Identity '${alice}' is forbidden\\.$`));
    await expectCognitoError(cognito('GetCredentialsForIdentity', { IdentityId: alice, Logins: login(TOKENS.bob) }), 400,
      'NotAuthorizedException', /^Logins don't match\./);

    // The object form maps subjects to tokens: two tokens of one user give one identity.
    const { id: pool } = emu.cognitoPool({ logins: { 'accounts.example.com': { carol: ['carol-1', 'carol-2'], dan: 'dan-1' } } });
    const carol = (await getId(pool, login('carol-1', 'accounts.example.com'))).IdentityId;
    assert.equal((await getId(pool, login('carol-2', 'accounts.example.com'))).IdentityId, carol);
    assert.notEqual((await getId(pool, login('dan-1', 'accounts.example.com'))).IdentityId, carol);
    assert.equal((await getCredentials(carol, login('carol-2', 'accounts.example.com'))).IdentityId, carol);
    // The same subject in another pool is another identity.
    const other = emu.cognitoPool({});
    assert.notEqual((await getId(other.id, login(TOKENS.alice))).IdentityId, alice);

    // A guest who signs in keeps the identity; GetId for that login finds it.
    const { id: guestPool } = emu.cognitoPool({ logins: { [PROVIDER]: ['token-erin'] } });
    const guest = (await getId(guestPool)).IdentityId;
    assert.equal((await getCredentials(guest, login('token-erin'))).IdentityId, guest);
    assert.equal((await getId(guestPool, login('token-erin'))).IdentityId, guest);
    await expectCognitoError(cognito('GetCredentialsForIdentity', { IdentityId: guest }), 400, 'NotAuthorizedException', /forbidden/);
  });

  test('credentialsTtlSeconds sets Expiration; the Connect side refuses credentials once they expire', async () => {
    const { id: pool } = emu.cognitoPool({ credentialsTtlSeconds: 120 }); // under 300 s: a client refreshes on every call
    const identity = (await getId(pool)).IdentityId;
    const c = (await getCredentials(identity)).Credentials;
    assert.ok(Math.abs(c.Expiration - (Date.now() / 1000 + 120)) < 5, String(c.Expiration));
    const cred = asCredential(c);
    assert.equal((await call(US_DID_CLAIMED.id, { cred })).status, 200);
    const later = emu.scenario({ clockOffsetMs: 125_000 }); // a number whose server clock is past the expiry (skew < 5 min)
    await expectError(call(later.id, { cred }), 403, 'ExpiredTokenException', /^The security token included in the request is expired$/);
    assert.equal((await call(later.id)).status, 200);

    const { id: short } = emu.cognitoPool({ credentialsTtlSeconds: 1 }); // real clock
    const issued = (await getCredentials((await getId(short)).IdentityId)).Credentials;
    const s = asCredential(issued);
    assert.equal((await call(US_DID_CLAIMED.id, { cred: s })).status, 200);
    await sleep(issued.Expiration * 1000 - Date.now() + 50);
    await expectError(call(US_DID_CLAIMED.id, { cred: s }), 403, 'ExpiredTokenException');

    const { id: stale } = emu.cognitoPool({ credentialsTtlSeconds: -60 }); // issued already expired
    const d = (await getCredentials((await getId(stale)).IdentityId)).Credentials;
    assert.ok(d.Expiration < Date.now() / 1000);
    await expectError(call(US_DID_CLAIMED.id, { cred: asCredential(d) }), 403, 'ExpiredTokenException');
  });

  test('addCredential expiresAt: a credential expires on the emulator clock', async () => {
    const c = { accessKeyId: 'ASIAEXPIRESAT', secretAccessKey: 'secret', sessionToken: 'token' };
    const soon = Date.now() + 60_000;
    assert.deepEqual(emu.addCredential({ ...c, expiresAt: soon }), { accessKeyId: c.accessKeyId, expired: false, expiresAt: new Date(soon).toISOString() });
    assert.equal((await call(US_DID_CLAIMED.id, { cred: c })).status, 200);
    await expectError(call(emu.scenario({ clockOffsetMs: 61_000 }).id, { cred: c }), 403, 'ExpiredTokenException');
    assert.equal((await postJson('/__emulator/credentials', { ...c, expiresAt: new Date(Date.now() - 1000).toISOString() })).status, 200);
    await expectError(call(US_DID_CLAIMED.id, { cred: c }), 403, 'ExpiredTokenException');
    assert.equal((await postJson('/__emulator/credentials', { ...c, expiresAt: 'tomorrow' })).status, 400);
    assert.throws(() => emu.addCredential({ ...c, expiresAt: {} }), TypeError);
  });

  test('errors from the operations: InvalidParameter, ResourceNotFound, NotAuthorized, ResourceConflict, UnknownOperation', async () => {
    const invalid = (operation, body, opts) => expectCognitoError(cognito(operation, body, opts), 400, 'InvalidParameterException');
    for (const raw of ['{', '', '[]', 'null', '"x"']) await invalid('GetId', null, { raw });
    await invalid('GetId', {}); // IdentityPoolId missing
    await invalid('GetId', { IdentityPoolId: 'not a pool id' });
    await invalid('GetId', { IdentityPoolId: COGNITO_POOL.id, Logins: 'x' });
    await invalid('GetId', { IdentityPoolId: COGNITO_POOL.id, Logins: { [PROVIDER]: 42 } });
    await invalid('GetId', { IdentityPoolId: COGNITO_POOL.id, AccountId: 'abc' });
    await invalid('GetCredentialsForIdentity', {}); // IdentityId missing
    await invalid('GetCredentialsForIdentity', { IdentityId: 'us-west-2:abc', CustomRoleArn: 'not-an-arn' });
    const { message } = await invalid('GetId', { IdentityPoolId: COGNITO_POOL.id }, { headers: { 'content-type': 'application/json' } });
    assert.match(message, /application\/x-amz-json-1\.1/);
    const bad = await cognito('GetId', {}).then((r) => r.json());
    assert.match(bad.message, /'IdentityPoolId'/);

    const unknownPool = 'us-west-2:99999999-0000-4000-8000-000000000000';
    await expectCognitoError(cognito('GetId', { IdentityPoolId: unknownPool }), 400, 'ResourceNotFoundException',
      new RegExp(`^IdentityPool '${unknownPool}' not found\\.$`));
    await expectCognitoError(cognito('GetCredentialsForIdentity', { IdentityId: 'us-west-2:99999999-0000-4000-8000-000000000000' }), 400,
      'ResourceNotFoundException', /^Identity 'us-west-2:99999999-0000-4000-8000-000000000000' not found\.$/);

    await expectCognitoError(cognito('GetId', { IdentityPoolId: COGNITO_POOL.id, Logins: login('id-token-mallory') }), 400,
      'NotAuthorizedException', /^Invalid login token\./);
    await expectCognitoError(cognito('GetId', { IdentityPoolId: COGNITO_POOL.id, Logins: login(TOKENS.alice, 'accounts.google.com') }), 400,
      'NotAuthorizedException', /not from a supported provider/);
    const { id: closed } = emu.cognitoPool({ allowUnauthenticated: false });
    await expectCognitoError(cognito('GetId', { IdentityPoolId: closed }), 400, 'NotAuthorizedException',
      /^Unauthenticated access is not supported for this identity pool\.$/);
    assert.match((await getId(closed, login(TOKENS.bob))).IdentityId, IDENTITY_RE); // signed-in users still get in
    // Reconfiguring a pool keeps its identities: a guest from before is refused once guests are not allowed.
    const { id: open } = emu.cognitoPool({});
    const guest = (await getId(open)).IdentityId;
    assert.deepEqual(emu.cognitoPool({ id: open, allowUnauthenticated: false }), { id: open });
    await expectCognitoError(cognito('GetCredentialsForIdentity', { IdentityId: guest }), 400, 'NotAuthorizedException',
      /^Unauthenticated access is not supported/);

    // Two logins already linked to two identities cannot be one identity.
    const { id: two } = emu.cognitoPool({ logins: { [PROVIDER]: ['alice-idp'], 'accounts.example.com': ['alice-example'] } });
    const a = (await getId(two, login('alice-idp'))).IdentityId;
    const b = (await getId(two, login('alice-example', 'accounts.example.com'))).IdentityId;
    assert.notEqual(a, b);
    await expectCognitoError(cognito('GetId', { IdentityPoolId: two, Logins: { [PROVIDER]: 'alice-idp', 'accounts.example.com': 'alice-example' } }),
      400, 'ResourceConflictException', /linked to different identities/);

    await expectCognitoError(cognito('ListIdentityPools', { MaxResults: 1 }), 400, 'UnknownOperationException',
      /^Unknown operation: AWSCognitoIdentityService\.ListIdentityPools$/, 'com.amazon.coral.service');
    await expectCognitoError(cognito('GetId', {}, { headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' } }),
      400, 'UnknownOperationException', null, 'com.amazon.coral.service');
  });

  test('cognitoFault: every error name, with its status; next N calls of one operation, in order, optionally one pool', async () => {
    const { id: pool } = emu.cognitoPool({});
    for (const [name, status] of Object.entries(COGNITO_ERRORS)) {
      assert.equal(status, name === 'InternalErrorException' ? 500 : 400);
      assert.deepEqual(emu.cognitoFault({ operation: 'GetId', error: name, identityPoolId: pool }),
        { operation: 'GetId', error: name, count: 1, identityPoolId: pool });
      await expectCognitoError(cognito('GetId', { IdentityPoolId: pool }), status, name, new RegExp(`^${name} \\(injected by the emulator\\)$`));
      await getId(pool); // used up
    }
    assert.deepEqual(Object.keys(COGNITO_ERRORS).sort(), ['ExternalServiceException', 'InternalErrorException',
      'InvalidIdentityPoolConfigurationException', 'InvalidParameterException', 'LimitExceededException', 'NotAuthorizedException',
      'ResourceConflictException', 'ResourceNotFoundException', 'TooManyRequestsException']);

    // count, order, the operation, the pool (GetCredentialsForIdentity: the identity's pool)
    const identity = (await getId(pool)).IdentityId;
    const { id: elsewhere } = emu.cognitoPool({});
    const other = (await getId(elsewhere)).IdentityId;
    const { status, body } = await postJson('/__emulator/cognito/fault',
      { operation: 'GetCredentialsForIdentity', error: 'TooManyRequestsException', count: 2, identityPoolId: pool });
    assert.equal(status, 200);
    assert.deepEqual(body, { operation: 'GetCredentialsForIdentity', error: 'TooManyRequestsException', count: 2, identityPoolId: pool });
    emu.cognitoFault({ operation: 'GetCredentialsForIdentity', error: 'ExternalServiceException', identityPoolId: pool, message: 'Facebook is down' });
    await getId(pool); // another operation
    await getCredentials(other); // another pool
    await expectCognitoError(cognito('GetCredentialsForIdentity', { IdentityId: identity }), 400, 'TooManyRequestsException');
    await expectCognitoError(cognito('GetCredentialsForIdentity', { IdentityId: identity }), 400, 'TooManyRequestsException');
    await expectCognitoError(cognito('GetCredentialsForIdentity', { IdentityId: identity }), 400, 'ExternalServiceException', /^Facebook is down$/);
    await getCredentials(identity);

    // status overrides the wire status (the model's httpError codes, for clients that go by status)
    emu.cognitoFault({ operation: 'GetId', error: 'TooManyRequestsException', status: 429, identityPoolId: pool });
    await expectCognitoError(cognito('GetId', { IdentityPoolId: pool }), 429, 'TooManyRequestsException');

    // Refused and malformed requests do not use a fault up.
    emu.cognitoFault({ operation: 'GetId', error: 'InternalErrorException', identityPoolId: pool });
    await expectCognitoError(cognito('GetId', { IdentityPoolId: pool }, { headers: { authorization: 'AWS4-HMAC-SHA256 x' } }), 400, UNEXPECTED_SIGNATURE);
    await expectCognitoError(cognito('GetId', null, { raw: '{"IdentityPoolId":' }), 400, 'InvalidParameterException');
    await expectCognitoError(cognito('GetId', { IdentityPoolId: pool }, { headers: { 'content-type': 'text/plain' } }), 400, 'InvalidParameterException');
    await expectCognitoError(cognito('GetId', { IdentityPoolId: pool }), 500, 'InternalErrorException');
    await getId(pool);

    // A fault without identityPoolId applies to any pool (own instance: it would hit anyone's next call).
    const e = await startEmulator();
    try {
      e.cognitoFault({ operation: 'GetId', error: 'LimitExceededException', count: 3 });
      const { id: p } = e.cognitoPool({});
      for (const id of [COGNITO_POOL.id, p, 'us-west-2:00000000-0000-4000-8000-000000000000']) {
        await expectCognitoError(cognito('GetId', { IdentityPoolId: id }, { base: e.url }), 400, 'LimitExceededException');
      }
      await getId(p, undefined, { base: e.url });
    } finally { await e.close(); }

    for (const bad of [{}, { operation: 'GetId' }, { operation: 'ListIdentityPools', error: 'NotAuthorizedException' },
      { operation: 'GetId', error: 'AccessDeniedException' }, { operation: 'GetId', error: UNEXPECTED_SIGNATURE },
      { operation: 'GetId', error: 'NotAuthorizedException', count: 0 }, { operation: 'GetId', error: 'NotAuthorizedException', count: 1.5 },
      { operation: 'GetId', error: 'NotAuthorizedException', status: 200 }, { operation: 'GetId', error: 'NotAuthorizedException', message: 1 },
      { operation: 'GetId', error: 'NotAuthorizedException', identityPoolId: 'x' }, { operation: 'GetId', error: 'NotAuthorizedException', times: 2 }]) {
      assert.equal((await postJson('/__emulator/cognito/fault', bad)).status, 400, JSON.stringify(bad));
      assert.throws(() => emu.cognitoFault(bad), TypeError, JSON.stringify(bad));
    }
    await getId(COGNITO_POOL.id); // nothing was queued by the bad specs
  });

  test(`signed requests are refused: 400 ${UNEXPECTED_SIGNATURE}, logged, with no identity made`, async () => {
    const { id: pool } = emu.cognitoPool({});
    const body = JSON.stringify({ IdentityPoolId: pool });
    const url = new URL(emu.url + '/');
    const signer = new SignatureV4({ credentials: CREDENTIALS.temporary, region: 'us-west-2', service: 'cognito-identity',
      sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
    const signed = await signer.sign(new HttpRequest({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: +url.port, path: '/',
      headers: { host: url.host, 'content-type': JSON_1_1, 'x-amz-target': 'AWSCognitoIdentityService.GetId' }, body }));
    delete signed.headers.host;
    const before = emu.state.cognito.identities.size;
    const refused = [
      [fetch(url, { method: 'POST', headers: signed.headers, body }), /an Authorization header/],
      [cognito('GetId', { IdentityPoolId: pool }, { headers: { 'x-amz-security-token': CREDENTIALS.temporary.sessionToken } }), /X-Amz-Security-Token header/],
      [cognito('GetId', { IdentityPoolId: pool }, { query: '?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc' }), /presigned query parameter \(x-amz-signature\)/],
      [cognito('GetCredentialsForIdentity', { IdentityId: 'us-west-2:abc' }, { headers: { Authorization: 'Bearer x' } }), /Authorization/],
    ];
    for (const [res, re] of refused) {
      await expectCognitoError(res, 400, UNEXPECTED_SIGNATURE, re);
    }
    assert.equal(emu.state.cognito.identities.size, before);
    const log = emu.cognitoRequests(pool).requests;
    assert.deepEqual(log.map((r) => [r.status, r.error]), Array(3).fill([400, UNEXPECTED_SIGNATURE]));
    assert.match(log[0].headers.authorization, /^AWS4-HMAC-SHA256 Credential=ASIAEXAMPLETEMP1\//);
    assert.equal(log[1].headers['x-amz-security-token'], CREDENTIALS.temporary.sessionToken);
    assert.equal(log[2].query, 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc');
  });

  test('the request log: every call, headers lower-cased, the parsed body, status and error; by pool; over HTTP', async () => {
    const { id: pool } = emu.cognitoPool({});
    const { IdentityId } = await getId(pool, login(TOKENS.alice), { headers: { 'X-Amz-User-Agent': 'cognito-test/1', 'Amz-SDK-Request': 'attempt=1; max=3' } });
    await getCredentials(IdentityId, login(TOKENS.alice));
    await expectCognitoError(cognito('GetCredentialsForIdentity', { IdentityId }), 400, 'NotAuthorizedException');
    const log = emu.cognitoRequests(pool);
    assert.equal(log.count, 3);
    const [first, second, third] = log.requests;
    assert.deepEqual(Object.keys(first), ['operation', 'target', 'method', 'path', 'query', 'headers', 'body', 'identityPoolId', 'time', 'status', 'error']);
    assert.equal(first.operation, 'GetId');
    assert.equal(first.target, 'AWSCognitoIdentityService.GetId');
    assert.equal(first.method, 'POST');
    assert.equal(first.path, '/');
    assert.deepEqual(first.body, { IdentityPoolId: pool, Logins: login(TOKENS.alice) });
    assert.equal(first.headers['x-amz-user-agent'], 'cognito-test/1');
    assert.equal(first.headers['amz-sdk-request'], 'attempt=1; max=3');
    assert.equal(first.headers['content-type'], JSON_1_1);
    assert.ok(Object.keys(first.headers).every((k) => k === k.toLowerCase()));
    assert.equal(first.headers.authorization, undefined);
    assert.ok(Math.abs(Date.parse(first.time) - Date.now()) < 10_000);
    assert.deepEqual([first.status, first.error], [200, null]);
    assert.equal(second.operation, 'GetCredentialsForIdentity');
    assert.equal(second.identityPoolId, pool); // found through the identity
    assert.deepEqual(second.body, { IdentityId, Logins: login(TOKENS.alice) });
    assert.deepEqual([third.status, third.error], [400, 'NotAuthorizedException']);

    const http = await (await fetch(`${emu.url}/__emulator/cognito/requests?identityPoolId=${encodeURIComponent(pool)}`)).json();
    assert.deepEqual(http, log);
    await cognito('GetId', null, { raw: 'not json' });
    const all = await (await fetch(`${emu.url}/__emulator/cognito/requests`)).json();
    assert.ok(all.count > log.count);
    const last = all.requests.at(-1);
    assert.deepEqual([last.body, last.identityPoolId, last.status, last.error], [null, null, 400, 'InvalidParameterException']);
    assert.deepEqual(emu.cognitoRequests().requests.at(-1), last);
  });

  test('control API: POST /__emulator/cognito/pool creates and reconfigures pools, and rejects bad specs', async () => {
    const { status, body } = await postJson('/__emulator/cognito/pool', {});
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body), ['id']);
    assert.match(body.id, IDENTITY_RE); // region:uuid, like an identity id
    assert.match((await getId(body.id, login(TOKENS.alice))).IdentityId, IDENTITY_RE); // defaults copy the default pool
    const id = 'eu-west-1:0a0b0c0d-0000-4000-8000-000000000001';
    assert.deepEqual((await postJson('/__emulator/cognito/pool', { id, logins: { 'graph.facebook.com': ['fb-token'] } })).body, { id });
    assert.match((await getId(id)).IdentityId, /^eu-west-1:/); // identities take the pool's region
    await expectCognitoError(cognito('GetId', { IdentityPoolId: id, Logins: login(TOKENS.alice) }), 400, 'NotAuthorizedException');
    assert.match((await getId(id, login('fb-token', 'graph.facebook.com'))).IdentityId, /^eu-west-1:/);
    const noLogins = emu.cognitoPool({ logins: {} });
    await expectCognitoError(cognito('GetId', { IdentityPoolId: noLogins.id, Logins: login(TOKENS.alice) }), 400, 'NotAuthorizedException');
    for (const bad of [{ id: 'nope' }, { id: 'us-west-2:' + 'a'.repeat(50) }, { allowUnauthenticated: 'yes' }, { logins: [] },
      { logins: { p: 'token' } }, { logins: { p: [1] } }, { logins: { p: [''] } }, { logins: { p: { sub: 2 } } },
      { logins: { p: { a: 't', b: 't' } } }, { credentialsTtlSeconds: '60' }, { credentialsTtlSeconds: null }, { allowUnauthenticatedIdentities: true }]) {
      assert.equal((await postJson('/__emulator/cognito/pool', bad)).status, 400, JSON.stringify(bad));
      assert.throws(() => emu.cognitoPool(bad), TypeError, JSON.stringify(bad));
    }
    assert.equal((await postJson('/__emulator/cognito/pool', null, '[1]')).status, 400);
    assert.equal((await fetch(`${emu.url}/__emulator/cognito/pool`)).status, 404); // GET is not an endpoint
  });

  test('CORS: the preflight for POST / allows the awsJson and SDK headers', async () => {
    const res = await fetch(`${emu.url}/`, { method: 'OPTIONS', headers: { origin: 'http://localhost:8000', 'access-control-request-method': 'POST' } });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('access-control-allow-methods'), 'POST, OPTIONS');
    assert.equal(res.headers.get('access-control-max-age'), '600');
    const allowed = res.headers.get('access-control-allow-headers').split(/,\s*/);
    assert.deepEqual(allowed, ['content-type', 'x-amz-target', 'x-amz-user-agent', 'amz-sdk-invocation-id', 'amz-sdk-request']);
    const echo = await fetch(`${emu.url}/`, { method: 'OPTIONS', headers: { 'access-control-request-headers': 'content-type,x-amz-target' } });
    assert.equal(echo.headers.get('access-control-allow-headers'), 'content-type,x-amz-target');
    const answer = await cognito('GetId', { IdentityPoolId: COGNITO_POOL.id });
    assert.equal(answer.headers.get('access-control-expose-headers'), 'date, x-amzn-requestid, x-amzn-errortype');
  });

  test('not Connect requests: no stats, no rate limit, no SigV4 check (even with verifySignatures on)', async () => {
    const e = await startEmulator({ monotonicNow: () => 0 });
    try {
      e.rateLimit({ rate: 1, burst: 1 });
      assert.equal((await call(US_DID_CLAIMED.id, { base: e.url })).status, 200); // the only token
      const { IdentityId } = await getId(COGNITO_POOL.id, undefined, { base: e.url });
      const c = (await getCredentials(IdentityId, undefined, { base: e.url })).Credentials;
      await expectError(call(US_DID_CLAIMED.id, { base: e.url, cred: asCredential(c) }), 429, 'ThrottlingException');
      assert.deepEqual(e.stats(), { total: 2, scenarios: 0, ok: 1, throttled: 1 });
      // POST / without X-Amz-Target is a Connect request as before
      await expectError(fetch(`${e.url}/`, { method: 'POST', body: '{}' }), 429, 'ThrottlingException');
      e.rateLimit(null);
      await expectError(fetch(`${e.url}/`, { method: 'POST', body: '{}' }), 403, 'MissingAuthenticationTokenException');
    } finally { await e.close(); }
  });

  test('reset clears pools, identities, issued credentials, the log and faults; the default pool comes back', async () => {
    const e = await startEmulator();
    const opts = { base: e.url };
    try {
      const { id: pool } = e.cognitoPool({ allowUnauthenticated: false });
      const alice = (await getId(COGNITO_POOL.id, login(TOKENS.alice), opts)).IdentityId;
      const cred = asCredential((await getCredentials(alice, login(TOKENS.alice), opts)).Credentials);
      assert.equal((await call(US_DID_CLAIMED.id, { base: e.url, cred })).status, 200);
      e.cognitoFault({ operation: 'GetId', error: 'InternalErrorException' });
      assert.equal(e.cognitoRequests().count, 2);
      assert.equal((await fetch(`${e.url}/__emulator/reset`, { method: 'POST' })).status, 200);
      assert.deepEqual(e.cognitoRequests(), { count: 0, requests: [] });
      await expectCognitoError(cognito('GetId', { IdentityPoolId: pool }, opts), 400, 'ResourceNotFoundException'); // no fault left
      await expectCognitoError(cognito('GetCredentialsForIdentity', { IdentityId: alice, Logins: login(TOKENS.alice) }, opts), 400,
        'ResourceNotFoundException');
      await expectError(call(US_DID_CLAIMED.id, { base: e.url, cred }), 403, 'UnrecognizedClientException');
      assert.notEqual((await getId(COGNITO_POOL.id, login(TOKENS.alice), opts)).IdentityId, alice);
    } finally { await e.close(); }
  });

  test("the AWS SDK's own Cognito Identity client reads the answers and the errors", { skip: !cognitoSdk && '@aws-sdk/nested-clients is not installed' }, async () => {
    const { CognitoIdentityClient, GetIdCommand, GetCredentialsForIdentityCommand } = cognitoSdk;
    const client = new CognitoIdentityClient({ region: 'us-west-2', endpoint: emu.url, maxAttempts: 1 });
    try {
      const { id: pool } = emu.cognitoPool({});
      const Logins = login(TOKENS.bob);
      const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: pool, Logins }));
      assert.match(IdentityId, IDENTITY_RE);
      const out = await client.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins }));
      assert.equal(out.IdentityId, IdentityId);
      assert.ok(out.Credentials.Expiration instanceof Date);
      assert.ok(Math.abs(out.Credentials.Expiration.getTime() - (Date.now() + 3600_000)) < 5000);
      assert.equal((await call(US_DID_CLAIMED.id, { cred: asCredential(out.Credentials) })).status, 200);

      const err = await client.send(new GetCredentialsForIdentityCommand({ IdentityId })).catch((x) => x);
      assert.equal(err.name, 'NotAuthorizedException');
      assert.equal(err.$fault, 'client');
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.match(err.message, /is forbidden/);
      emu.cognitoFault({ operation: 'GetId', error: 'InternalErrorException', identityPoolId: pool });
      const ise = await client.send(new GetIdCommand({ IdentityPoolId: pool })).catch((x) => x);
      assert.equal(ise.name, 'InternalErrorException');
      assert.equal(ise.$fault, 'server');
      assert.equal(ise.$metadata.httpStatusCode, 500);
      assert.match(ise.$metadata.requestId, UUID_RE);

      const log = emu.cognitoRequests(pool).requests;
      assert.equal(log.length, 4);
      for (const r of log) { // the SDK sends these calls unsigned, as a client must
        assert.equal(r.headers.authorization, undefined);
        assert.equal(r.headers['content-type'], JSON_1_1);
        assert.ok(r.headers['amz-sdk-invocation-id']);
      }
    } finally { client.destroy(); }
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
