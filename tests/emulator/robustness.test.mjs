// The emulator faces arbitrary clients: bad input must never crash it or stop it answering.
// Each case sends something hostile, then a normal signed describe must still succeed. Then
// property tests over the emulator's own request parsing (the id segment, the Authorization
// header, the query, X-Amz-Date), with a seeded generator so a failure can be replayed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { parsePhoneNumberId, parseQuery } from '../../pkg/emulator/server.mjs';
import { parseAuthorization, parseAmzDate, amzDate, verifySigV4 } from '../../pkg/emulator/verify.mjs';
import { startEmulator, FIXTURES, CREDENTIALS } from './server.mjs';

const US = FIXTURES.US_DID_CLAIMED;
let emu;
let host;
before(async () => {
  emu = await startEmulator();
  host = `127.0.0.1:${emu.port}`;
});
after(() => emu.close());

async function signedHeaders(path = `/phone-number/${US.id}`) {
  const signer = new SignatureV4({ credentials: CREDENTIALS.longTerm, region: 'us-west-2', service: 'connect',
    sha256: Hash.bind(null, 'sha256'), uriEscapePath: true });
  const out = await signer.sign(new HttpRequest({ method: 'GET', protocol: 'http:', hostname: '127.0.0.1', port: emu.port, path,
    headers: { host } }));
  return out.headers;
}

/** The check after every case: a normal signed describe gets its 200. */
async function stillAnswers() {
  const headers = { ...(await signedHeaders()) };
  delete headers.host;
  const res = await fetch(`${emu.url}/phone-number/${US.id}`, { headers });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).ClaimedPhoneNumberSummary.PhoneNumberId, US.id);
}

/** Writes raw bytes on a fresh socket; resolves to what came back (or '' if the server closed). */
function raw(bytes, { endAfterWrite = true } = {}) {
  return new Promise((resolve) => {
    const sock = net.connect(emu.port, '127.0.0.1');
    let data = '';
    sock.setEncoding('latin1');
    sock.on('data', (d) => { data += d; });
    sock.on('error', () => {});
    sock.on('close', () => resolve(data));
    sock.write(bytes, () => { if (endAfterWrite) sock.end(); });
  });
}

const statusOf = (response) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);

test('malformed HTTP: garbage, a bad request line, bad header syntax, a lying Content-Length, binary noise', async () => {
  const cases = [
    'THIS IS NOT HTTP\r\n\r\n',
    'GET /phone-number/x HTTP/9.9\r\nHost: a\r\n\r\n',
    `GET /phone-number/${US.id} HTTP/1.1\r\nHost ${host}\r\n\r\n`,
    `GET /phone-number/${US.id} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: -5\r\n\r\n`,
    `GET /phone-number/${US.id} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    `POST / HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\nX-Amz-Target: AWSCognitoIdentityService.GetId\r\n\r\nzz\r\n`,
    Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
  ];
  for (const bytes of cases) {
    const status = statusOf(await raw(bytes));
    assert.ok(status === 0 || (status >= 400 && status < 500), `${String(bytes).slice(0, 40)}: ${status}`);
    await stillAnswers();
  }
});

test('huge headers: one of 64 KB, and 2,000 small ones', async () => {
  const big = await raw(`GET /phone-number/${US.id} HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
  assert.equal(statusOf(big), 431);
  await stillAnswers();
  const many = Array.from({ length: 2000 }, (_, i) => `X-H${i}: v`).join('\r\n');
  const manyRes = await raw(`GET /phone-number/${US.id} HTTP/1.1\r\nHost: ${host}\r\n${many}\r\n\r\n`);
  assert.ok([400, 403, 431].includes(statusOf(manyRes)), String(statusOf(manyRes)));
  await stillAnswers();
});

test('a body over 1 MiB (1.5 MiB, unsigned) gets 413 and the connection is closed, on every route', async () => {
  for (const path of [`/phone-number/${US.id}`, '/__emulator/scenario', '/']) {
    const status = await new Promise((resolve) => {
      const req = http.request(`${emu.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityService.GetId' } }, (res) => { res.resume(); resolve(res.statusCode); });
      req.on('error', () => resolve(0)); // the server may close before all of it is written
      req.end(Buffer.alloc(1.5 * 1024 * 1024, 0x61));
    });
    assert.ok(status === 413 || status === 0, `${path}: ${status}`);
    await stillAnswers();
  }
});

test('a path of 100 KB, and invalid percent-encoding in the path and the query', async () => {
  const long = `/phone-number/${'a'.repeat(100 * 1024)}`;
  const res = await raw(`GET ${long} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  assert.ok([400, 403, 404, 414, 431].includes(statusOf(res)), String(statusOf(res)));
  assert.ok(res.length < 20_000, 'the answer does not echo the whole path');
  await stillAnswers();
  for (const path of ['/phone-number/%', '/phone-number/%zz', '/phone-number/%E0%A4%A', '/phone-number/%C0%AF', `/phone-number/${US.id}?a=%zz&%%=1`]) {
    const headers = { ...(await signedHeaders(path.split('?')[0])) };
    const answer = await raw(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: ${headers.authorization}\r\nX-Amz-Date: ${headers['x-amz-date']}\r\nConnection: close\r\n\r\n`);
    assert.ok([400, 403, 404].includes(statusOf(answer)), `${path}: ${statusOf(answer)}`);
    await stillAnswers();
  }
});

test('an Authorization header of garbage, and one of 100 KB', async () => {
  const headers = await signedHeaders();
  const garbage = ['garbage', 'AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA256 Credential=/////, SignedHeaders=;;;, Signature=zz',
    `AWS4-HMAC-SHA256 Credential=${'A'.repeat(5000)}/x/y/z/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
    '\u00ff\u00febinary \u00e9\u00e8', `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${headers['x-amz-date'].slice(0, 8)}/us-west-2/connect/aws4_request, SignedHeaders=host;__proto__;constructor, Signature=${'a'.repeat(64)}`];
  for (const authorization of garbage) {
    const answer = await raw(`GET /phone-number/${US.id} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: ${authorization}\r\nX-Amz-Date: ${headers['x-amz-date']}\r\nConnection: close\r\n\r\n`);
    assert.equal(statusOf(answer), 403, authorization.slice(0, 60));
    await stillAnswers();
  }
  // 100 KB: over Node's 16 KiB header limit, so the HTTP layer answers 431 before any parsing.
  const huge = await raw(`GET /phone-number/${US.id} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: AWS4-HMAC-SHA256 Credential=${'x'.repeat(100 * 1024)}\r\nConnection: close\r\n\r\n`);
  assert.equal(statusOf(huge), 431);
  await stillAnswers();
  // And straight into the verifier, past any HTTP limit: refused, not thrown.
  const failure = await verifySigV4({ headers: { host, authorization: `AWS4-HMAC-SHA256 ${'Credential=x,'.repeat(8000)}` }, service: 'connect',
    region: 'us-west-2', findCredential: () => undefined });
  assert.equal(failure.name, 'IncompleteSignatureException');
  assert.ok(failure.message.length < 1000);
});

test('1,000 concurrent connections, each sending half a request, then all closed', async () => {
  const sockets = await Promise.all(Array.from({ length: 1000 }, () => new Promise((resolve) => {
    const sock = net.connect(emu.port, '127.0.0.1');
    sock.on('error', () => {});
    sock.once('connect', () => { sock.write(`GET /phone-number/${US.id} HTTP/1.1\r\nHost: ${host}\r\n`); resolve(sock); });
    sock.once('error', () => resolve(sock));
  })));
  const connected = sockets.filter((s) => !s.destroyed && s.remoteAddress).length;
  assert.equal(connected, 1000, 'every connection was open at once');
  await stillAnswers(); // answered while 1,000 connections hang half-sent
  await Promise.all(sockets.map((s) => new Promise((resolve) => { s.once('close', resolve); s.destroy(); })));
  await stillAnswers();
});

test('1,000 concurrent describes: every one answered', async () => {
  const ids = Object.values(FIXTURES).filter((f) => !f.arnOnly).map((f) => f.id);
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const statuses = await Promise.all(Array.from({ length: 1000 }, (_, i) => new Promise((resolve) => {
    http.get(`${emu.url}/phone-number/${ids[i % ids.length]}`, { agent }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); })
      .on('error', (e) => resolve(e.code));
  })));
  agent.destroy();
  assert.deepEqual([...new Set(statuses)], [403]); // unsigned: MissingAuthenticationToken, every one
  await stillAnswers();
});

// ------------------------------------------------------------------ properties

/** xorshift32: a seeded, replayable stream. */
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 2 ** 32; };
}
const ALPHABET = ['a', 'Z', '0', '9', '-', ':', '/', '%', '%2', '%zz', '%3A', '%2F', '=', '&', ',', ' ', ';', '+', '\u00e9', '\ud800',
  '\u0000', 'arn', 'aws', 'connect', 'phone-number', 'instance', 'AWS4-HMAC-SHA256 ', 'Credential=', 'SignedHeaders=', 'Signature=',
  'aws4_request', '__proto__', US.id];
const randomText = (next, max = 40) => Array.from({ length: Math.floor(next() * max) }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join('');
const SEED = Number(process.env.EMULATOR_PROPERTY_SEED ?? 20261201);

test(`property: the parsers never throw, and answer in their documented shapes (seed ${SEED})`, () => {
  const next = rng(SEED);
  for (let i = 0; i < 5000; i++) {
    const s = randomText(next);
    const id = parsePhoneNumberId(s);
    assert.ok(id === null || (/^[0-9a-f-]{36}$/.test(id.uuid) && typeof id.viaArn === 'boolean'), s);
    const auth = parseAuthorization(s);
    assert.ok(typeof auth.error === 'string' || (typeof auth.accessKeyId === 'string' && Array.isArray(auth.signedHeaders)), s);
    const query = parseQuery(s);
    assert.equal(Object.getPrototypeOf(query), null);
    for (const v of Object.values(query)) assert.ok(typeof v === 'string' || Array.isArray(v));
    parseAmzDate(s); // returns (NaN or a time) and never throws
  }
});

test(`property: a phone number id round-trips through every encoding a client may send (seed ${SEED})`, () => {
  const next = rng(SEED + 1);
  const hex = () => Math.floor(next() * 16).toString(16);
  for (let i = 0; i < 2000; i++) {
    const uuid = [8, 4, 4, 4, 12].map((n) => Array.from({ length: n }, hex).join('')).join('-');
    const region = ['us-west-2', 'eu-central-1', 'cn-north-1'][i % 3];
    const partition = ['aws', 'aws-cn', 'aws-us-gov'][i % 3];
    const arn = `arn:${partition}:connect:${region}:123456789012:phone-number/${uuid}`;
    const instanceArn = `arn:${partition}:connect:${region}:123456789012:instance/${uuid}/phone-number/${uuid}`;
    assert.deepEqual(parsePhoneNumberId(uuid), { uuid, viaArn: false });
    assert.deepEqual(parsePhoneNumberId(encodeURIComponent(arn)), { uuid, viaArn: true });
    assert.deepEqual(parsePhoneNumberId(encodeURIComponent(instanceArn)), { uuid, viaArn: true });
    assert.equal(parsePhoneNumberId(encodeURIComponent(encodeURIComponent(arn))), null); // decoded once, not twice
    if (/[a-f]/.test(uuid)) assert.equal(parsePhoneNumberId(uuid.toUpperCase()), null); // ids are lower-case, as Connect's
  }
});

test(`property: Authorization and X-Amz-Date parse back what was written (seed ${SEED})`, () => {
  const next = rng(SEED + 2);
  for (let i = 0; i < 2000; i++) {
    const ms = Math.floor(next() * 4102444800) * 1000; // whole seconds, 1970..2100
    const date = amzDate(ms);
    assert.equal(parseAmzDate(date), ms);
    const accessKeyId = `AKID${Math.floor(next() * 1e9)}`;
    const signedHeaders = ['host', 'x-amz-date', ...(next() < 0.5 ? ['x-amz-security-token'] : [])];
    const signature = Array.from({ length: 64 }, () => Math.floor(next() * 16).toString(16)).join('');
    const header = `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${date.slice(0, 8)}/us-west-2/connect/aws4_request, `
      + `SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
    assert.deepEqual({ ...parseAuthorization(header) },
      { accessKeyId, date: date.slice(0, 8), region: 'us-west-2', service: 'connect', signedHeaders, signature });
  }
});
