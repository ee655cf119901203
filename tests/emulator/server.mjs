// Local Amazon Connect emulator: DescribePhoneNumber (GET /phone-number/{id})
// with real SigV4 verification, AWS-shaped errors, CORS, fault injection,
// claim transitions, an optional rate limit and a plain-HTTP control API under
// /__emulator/ (see README.md). On the same port it also serves Amazon Cognito
// Identity's unsigned GetId and GetCredentialsForIdentity (POST / with an
// X-Amz-Target; the service logic is in cognito.mjs), whose credentials the
// Connect side accepts until they expire.
//
// Signatures are verified with @smithy/signature-v4, an implementation that is
// independent of the project's own signer, so a bug in the project cannot be
// "verified" by the same bug.

import http from 'node:http';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import {
  FIXTURES, CREDENTIALS, ACCOUNT_ID, REGION, UNKNOWN_ID, COGNITO_POOL,
  phoneNumberArn, instancePhoneNumberArn,
} from './fixtures.mjs';
import {
  CognitoIdentity, CognitoError, COGNITO_ERRORS, COGNITO_ERROR_NAMESPACE, COGNITO_OPERATIONS, COGNITO_TARGET_PREFIX,
  UNEXPECTED_SIGNATURE,
} from './cognito.mjs';

export { FIXTURES, CREDENTIALS, ACCOUNT_ID, UNKNOWN_ID, COGNITO_POOL, COGNITO_ERRORS, UNEXPECTED_SIGNATURE };

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const UUID_RE = new RegExp(`^${UUID}$`);
// arn:PARTITION:connect:REGION:ACCOUNT:[instance/UUID/]phone-number/UUID
const ARN_RE = new RegExp(
  `^arn:aws(?:-[a-z]+(?:-[a-z]+)*)?:connect:[a-z0-9-]+:\\d{12}:(?:instance/${UUID}/)?phone-number/(${UUID})$`);

const MAX_LOG_PER_ID = 1000; // bounded memory: keep the newest N requests per id
const MAX_IDS = 5000;        // ... and at most this many ids / scenarios
const MAX_BODY = 1 << 20;
const SKEW_MS = 5 * 60 * 1000;

const CORAL_CONNECT = 'http://internal.amazon.com/coral/com.amazonaws.connect/';
const CORAL_SERVICE = 'http://internal.amazon.com/coral/com.amazon.coral.service/';
// Per error: status, x-amzn-ErrorType suffix (null = plain name) and the body
// key. Both vary on purpose, as they do across real AWS front ends, so clients
// must accept "Name", "Name:namespace", {"message"} and {"Message"}.
const ERRORS = {
  InvalidParameterException: [400, CORAL_CONNECT, 'Message'],
  ResourceNotFoundException: [404, CORAL_CONNECT, 'Message'],
  ThrottlingException: [429, null, 'message'],
  InternalServiceException: [500, CORAL_CONNECT, 'Message'],
  AccessDeniedException: [403, null, 'message'],
  ServiceUnavailableException: [503, null, 'message'],
  UnknownOperationException: [404, CORAL_SERVICE, 'Message'],
  MissingAuthenticationTokenException: [403, null, 'message'],
  UnrecognizedClientException: [403, CORAL_SERVICE, 'message'],
  ExpiredTokenException: [403, CORAL_SERVICE, 'message'],
  InvalidSignatureException: [403, CORAL_SERVICE, 'message'],
  IncompleteSignatureException: [403, CORAL_SERVICE, 'message'],
};

const SIMPLE_FAULTS = new Set(['429', '500', '503', '504', 'html502', 'accessDenied', 'expiredToken',
  'tooManyRequests', 'truncated', 'invalidJson', 'wrongShape', 'drop', 'resetMidBody', 'huge', 'html200']);

const CORS_ALLOW_HEADERS = 'authorization, x-amz-date, x-amz-security-token, x-amz-content-sha256, '
  + 'x-amz-user-agent, amz-sdk-invocation-id, amz-sdk-request, content-type';
// Cognito Identity's two calls are unsigned: no authorization or token headers.
const COGNITO_CORS_ALLOW_HEADERS = 'content-type, x-amz-target, x-amz-user-agent, amz-sdk-invocation-id, amz-sdk-request';
const COGNITO_CONTENT_TYPE = 'application/x-amz-json-1.1';

const CLAIM_FINAL = new Set(['CLAIMED', 'FAILED']);
// Same wording as the GB_TOLL_FREE_IN_PROGRESS fixture; Message is always set,
// as in every fixture, so the summary shape never changes between phases.
const IN_PROGRESS_STATUS = Object.freeze({ Status: 'IN_PROGRESS', Message: 'Number claim is in progress' });
const DEFAULT_FAILED_MESSAGE = 'The phone number could not be claimed';

const fixtureById = new Map(Object.values(FIXTURES).map((f) => [f.id, f]));
const defaultCredentials = () => new Map(Object.values(CREDENTIALS).map((c) => [c.accessKeyId, { ...c }]));

/** "20261126T001500Z" for a millisecond timestamp. */
const amzDate = (ms) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const parseAmzDate = (s) => {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s ?? '');
  return m ? Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const isCount = (n) => Number.isSafeInteger(n) && n >= 0;

export function validateFault(spec) {
  if (typeof spec !== 'string') return false;
  if (SIMPLE_FAULTS.has(spec)) return true;
  const m = /^slow:(\d{1,7})$/.exec(spec);
  return !!m && +m[1] <= 600_000;
}

/** Decode the raw {PhoneNumberId} segment once; returns {uuid, viaArn} or null if malformed. */
export function parsePhoneNumberId(rawSegment) {
  let id;
  try { id = decodeURIComponent(rawSegment); } catch { return null; }
  if (UUID_RE.test(id)) return { uuid: id, viaArn: false };
  const m = ARN_RE.exec(id);
  return m ? { uuid: m[1], viaArn: true } : null;
}

/** Mutable emulator state; also the module-level API for Node tests. */
class EmulatorState {
  constructor(region, monotonicNow = () => performance.now()) {
    this.region = region;
    this.monotonicNow = monotonicNow; // the rate limit's clock; tests may pass a fake one
    this.reset();
  }

  reset() {
    this.clockOffsetMs = 0;
    this.credentials = defaultCredentials();
    this.scenarios = new Map(); // uuid -> { summary, arnOnly, faults[], clockOffsetMs, claim? }
    this.logs = new Map();      // uuid -> [{ method, path, query, headers, time, status }]
    this.total = 0;
    this.ok = 0;                // normal 200 ClaimedPhoneNumberSummary answers
    this.throttled = 0;         // 429s from the rate limiter (injected '429' faults not included)
    this.bucket = null;         // TokenBucket, or null = no rate limit
    this.cognito = new CognitoIdentity(this.region, { maxIds: MAX_IDS, maxLog: MAX_LOG_PER_ID }); // default pool only
  }

  /** A credential the Connect side accepts: added ones first, then those Cognito issued. */
  findCredential(accessKeyId) {
    return this.credentials.get(accessKeyId) ?? this.cognito.credentials.get(accessKeyId);
  }

  now(extraOffsetMs = 0) { return Date.now() + this.clockOffsetMs + extraOffsetMs; }

  setClockOffset(offsetMs) {
    if (!Number.isFinite(offsetMs)) throw new TypeError('offsetMs must be a finite number');
    this.clockOffsetMs = offsetMs;
    return { offsetMs, now: new Date(this.now()).toISOString() };
  }

  /**
   * Add or replace a credential; `expired: true` makes its session token
   * expired, and `expiresAt` (epoch ms, a Date or an ISO string, on the
   * emulator clock) expires it from then on.
   */
  addCredential({ accessKeyId, secretAccessKey, sessionToken, expired = false, expiresAt } = {}) {
    if (typeof accessKeyId !== 'string' || !accessKeyId || typeof secretAccessKey !== 'string' || !secretAccessKey
      || (sessionToken != null && typeof sessionToken !== 'string')) {
      throw new TypeError('accessKeyId and secretAccessKey (strings) are required; sessionToken must be a string');
    }
    const expiresMs = expiresAt == null ? undefined
      : typeof expiresAt === 'number' ? expiresAt
        : expiresAt instanceof Date ? expiresAt.getTime()
          : typeof expiresAt === 'string' ? Date.parse(expiresAt) : NaN;
    if (expiresMs !== undefined && !Number.isFinite(expiresMs)) {
      throw new TypeError('expiresAt must be epoch milliseconds, a Date or an ISO 8601 string');
    }
    this.credentials.set(accessKeyId, { accessKeyId, secretAccessKey, sessionToken: sessionToken || undefined, expired: !!expired,
      expiresAt: expiresMs });
    return expiresMs === undefined ? { accessKeyId, expired: !!expired }
      : { accessKeyId, expired: !!expired, expiresAt: new Date(expiresMs).toISOString() };
  }

  cognitoPool(options) { return this.cognito.pool(options); }
  cognitoFault(options) { return this.cognito.fault(options); }
  cognitoRequests(identityPoolId) { return this.cognito.requests(identityPoolId); }

  /** Create an isolated scenario: a fresh phone number id cloned from a fixture, with queued faults. */
  scenario({ fixture, faults = [], clockOffsetMs = 0 } = {}) {
    const base = fixture == null ? Object.values(FIXTURES)[0]
      : fixtureById.get(fixture) ?? (Object.hasOwn(FIXTURES, fixture) ? FIXTURES[fixture] : undefined);
    if (!base) throw new TypeError(`unknown fixture: ${fixture}`);
    if (!Array.isArray(faults) || !faults.every(validateFault)) throw new TypeError('faults must be an array of known fault specs');
    if (!Number.isFinite(clockOffsetMs)) throw new TypeError('clockOffsetMs must be a finite number');
    const id = randomUUID();
    const arn = phoneNumberArn(id, this.region);
    boundedSet(this.scenarios, id, {
      summary: { ...base.summary, PhoneNumberId: id, PhoneNumberArn: arn },
      arnOnly: !!base.arnOnly,
      faults: [...faults],
      clockOffsetMs,
    });
    return { id, arn, instanceArn: instancePhoneNumberArn(id, this.region), fixture: base.id };
  }

  /**
   * A fresh number that is being claimed: 404 for the first `notFoundFor`
   * describes (not visible yet), IN_PROGRESS for the next `inProgressFor`,
   * then `then` (CLAIMED or FAILED, with `message` as PhoneNumberStatus.Message).
   */
  claim({ inProgressFor = 0, notFoundFor = 0, then = 'CLAIMED', message, fixture } = {}) {
    if (!isCount(inProgressFor) || !isCount(notFoundFor)) {
      throw new TypeError('inProgressFor and notFoundFor must be non-negative integers');
    }
    if (!CLAIM_FINAL.has(then)) throw new TypeError("then must be 'CLAIMED' or 'FAILED'");
    if (message != null && typeof message !== 'string') throw new TypeError('message must be a string');
    const created = this.scenario({ fixture });
    const record = this.scenarios.get(created.id);
    record.summary.PhoneNumberStatus = {
      Status: then,
      Message: message ?? (then === 'FAILED' ? DEFAULT_FAILED_MESSAGE : ''),
    };
    record.claim = { notFoundFor, inProgressFor, describes: 0 };
    return created;
  }

  /**
   * `{ rate, burst }` turns the shared rate limit on, with a full bucket (so
   * reconfiguring refills it); null or `{ rate: null }` turns it off. `rate`
   * must be given explicitly, so a misspelt key cannot silently disable it.
   */
  rateLimit(options) {
    if (options == null || options.rate === null) {
      this.bucket = null;
      return { rate: null, burst: null };
    }
    const { rate } = options;
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
      throw new TypeError('rate must be a positive number of requests per second, or null to turn the limit off');
    }
    const burst = options.burst ?? Math.max(1, Math.ceil(rate)); // default: about one second's worth
    if (!Number.isSafeInteger(burst) || burst < 1) throw new TypeError('burst must be an integer >= 1');
    this.bucket = new TokenBucket(rate, burst, this.monotonicNow);
    return { rate, burst };
  }

  /** Requests that targeted `id` (a UUID or either ARN form). */
  requests(id) {
    const target = parsePhoneNumberId(encodeURIComponent(String(id ?? '')));
    const list = target ? this.logs.get(target.uuid) ?? [] : [];
    return { count: list.length, requests: list };
  }

  stats() { return { total: this.total, scenarios: this.scenarios.size, ok: this.ok, throttled: this.throttled }; }

  log(uuid, entry) {
    let list = this.logs.get(uuid);
    if (!list) boundedSet(this.logs, uuid, (list = []));
    list.push(entry);
    if (list.length > MAX_LOG_PER_ID) list.shift();
  }
}

/**
 * `rate` tokens per second, at most `burst`, starting full; one token per
 * request. It runs on a monotonic clock (ms), so the emulator's clock offsets
 * (and wall-clock jumps) never refill or drain it.
 */
class TokenBucket {
  constructor(rate, burst, clock) {
    this.rate = rate;
    this.burst = burst;
    this.clock = clock;
    this.tokens = burst;
    this.last = clock();
  }

  take() {
    const now = this.clock();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * What this describe of `record` answers, advancing a claim: null while the
 * number is not visible yet, else the summary (IN_PROGRESS or final status).
 */
function describeSummary(record) {
  const claim = record.claim;
  if (!claim) return record.summary;
  const n = claim.describes++;
  if (n < claim.notFoundFor) return null;
  if (n < claim.notFoundFor + claim.inProgressFor) {
    return { ...record.summary, PhoneNumberStatus: { ...IN_PROGRESS_STATUS } }; // spread keeps the field order
  }
  return record.summary;
}

function boundedSet(map, key, value) {
  map.set(key, value);
  if (map.size > MAX_IDS) map.delete(map.keys().next().value); // Map keeps insertion order: drop oldest
}

// ---------------------------------------------------------------- responses

function commonHeaders(ctx) {
  return {
    Date: new Date(ctx.nowMs()).toUTCString(), // emulator clock, so clients can correct skew from it
    'x-amzn-RequestId': ctx.requestId,
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': 'date, x-amzn-requestid, x-amzn-errortype',
  };
}

function send(res, ctx, status, headers, body = '') {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { ...commonHeaders(ctx), ...headers, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const sendJson = (res, ctx, status, obj) =>
  send(res, ctx, status, { 'Content-Type': 'application/json' }, JSON.stringify(obj));

/** The normal 200 answer; counted in stats().ok only if it is really sent. */
function sendSummary(res, ctx, state, summary) {
  if (res.headersSent || res.destroyed) return;
  state.ok++;
  sendJson(res, ctx, 200, { ClaimedPhoneNumberSummary: summary });
}

function sendError(res, ctx, name, message) {
  const [status, ns, key] = ERRORS[name];
  send(res, ctx, status, {
    'Content-Type': 'application/json',
    'x-amzn-ErrorType': ns ? `${name}:${ns}` : name,
  }, JSON.stringify({ [key]: message }));
}

// ------------------------------------------------------------ SigV4 checking

/** Parse "AWS4-HMAC-SHA256 Credential=.., SignedHeaders=.., Signature=..". */
function parseAuthorization(value) {
  const m = /^AWS4-HMAC-SHA256\s+(.*)$/s.exec(value.trim());
  if (!m) return { error: `Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=${value}` };
  const params = Object.create(null);
  for (const part of m[1].split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((k) => !params[k]);
  if (missing.length) {
    return { error: missing.map((k) => `Authorization header requires '${k}' parameter.`).join(' ') + ` Authorization=${value}` };
  }
  const scope = params.Credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') {
    return { error: `Credential should be scoped to a valid region, not '${scope[2] ?? ''}'. ` };
  }
  const [accessKeyId, date, region, service] = scope;
  return { accessKeyId, date, region, service, signedHeaders: params.SignedHeaders.split(';'), signature: params.Signature };
}

/** Decoded query map as smithy expects (it re-encodes names and values itself). */
function parseQuery(raw) {
  const query = Object.create(null); // no prototype: names like "__proto__" stay plain keys
  if (!raw) return query;
  const dec = (s) => { try { return decodeURIComponent(s); } catch { return s; } };
  for (const pair of raw.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const k = dec(eq < 0 ? pair : pair.slice(0, eq));
    const v = eq < 0 ? '' : dec(pair.slice(eq + 1));
    query[k] = Object.hasOwn(query, k) ? [].concat(query[k], v) : v;
  }
  return query;
}

const hexEqual = (a, b) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Returns null when authentic, else [errorName, message]. */
async function verifySignature(req, { rawPath, rawQuery, body, nowMs, region, findCredential }) {
  const authz = req.headers.authorization;
  if (!authz) return ['MissingAuthenticationTokenException', 'Missing Authentication Token'];
  const auth = parseAuthorization(authz);
  if (auth.error) return ['IncompleteSignatureException', auth.error];

  const cred = findCredential(auth.accessKeyId);
  if (!cred) return ['UnrecognizedClientException', 'The security token included in the request is invalid.'];
  const token = req.headers['x-amz-security-token'];
  // A temporary key is only valid together with its exact session token; a
  // long-term key must not carry one.
  if ((cred.sessionToken ?? undefined) !== token) {
    return ['UnrecognizedClientException', 'The security token included in the request is invalid.'];
  }
  if (cred.expired || nowMs >= cred.expiresAt) { // undefined expiresAt: never
    return ['ExpiredTokenException', 'The security token included in the request is expired'];
  }

  if (auth.service !== 'connect') return ['InvalidSignatureException', "Credential should be scoped to correct service: 'connect'. "];
  if (auth.region !== region) return ['InvalidSignatureException', `Credential should be scoped to a valid region, not '${auth.region}'. `];
  if (!auth.signedHeaders.includes('host')) {
    return ['InvalidSignatureException', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."];
  }

  const xAmzDate = req.headers['x-amz-date'];
  if (!xAmzDate) {
    return ['IncompleteSignatureException', `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authz}`];
  }
  const reqMs = parseAmzDate(xAmzDate);
  if (Number.isNaN(reqMs)) {
    return ['IncompleteSignatureException', `Date must be in ISO-8601 'basic format'. Got '${xAmzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`];
  }
  if (auth.date !== xAmzDate.slice(0, 8)) {
    return ['InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${xAmzDate.slice(0, 8)}', from '${xAmzDate}'.`];
  }
  // Same wording as AWS, so clients can recognise skew and resync from the Date header.
  if (reqMs < nowMs - SKEW_MS) {
    return ['InvalidSignatureException', `Signature expired: ${xAmzDate} is now earlier than ${amzDate(nowMs - SKEW_MS)} (${amzDate(nowMs)} - 5 min.)`];
  }
  if (reqMs > nowMs + SKEW_MS) {
    return ['InvalidSignatureException', `Signature not yet current: ${xAmzDate} is still later than ${amzDate(nowMs + SKEW_MS)} (${amzDate(nowMs)} + 5 min.)`];
  }

  // Rebuild the request from exactly the signed headers and the RAW path;
  // uriEscapePath:true then double-encodes it, which is what Connect expects.
  const headers = Object.create(null);
  for (const name of auth.signedHeaders) {
    const v = req.headers[name];
    if (v !== undefined) headers[name] = Array.isArray(v) ? v.join(',') : v;
  }
  const host = req.headers.host ?? '';
  const colon = host.lastIndexOf(':');
  const request = new HttpRequest({
    method: req.method,
    protocol: 'http:',
    hostname: colon > 0 ? host.slice(0, colon) : host,
    port: colon > 0 ? Number(host.slice(colon + 1)) : undefined,
    path: rawPath,
    query: parseQuery(rawQuery),
    headers,
    body: body.length ? body : undefined,
  });
  const signer = new SignatureV4({
    credentials: { accessKeyId: cred.accessKeyId, secretAccessKey: cred.secretAccessKey },
    region: auth.region,
    service: 'connect',
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: true,
    applyChecksum: false,
  });
  const signed = await signer.sign(request, {
    signingDate: new Date(reqMs),
    signingRegion: auth.region,
    signingService: 'connect',
    signableHeaders: new Set(auth.signedHeaders), // honour whatever the client chose to sign
  });
  const expected = /Signature=([0-9a-f]+)/.exec(signed.headers.authorization)[1];
  if (!hexEqual(expected, auth.signature)) {
    return ['InvalidSignatureException', 'The request signature we calculated does not match the signature you provided. '
      + 'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'];
  }
  return null;
}

// ------------------------------------------------------------------- faults

const HTML_502 = '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n'
  + '<body><h1>502 Bad Gateway</h1><p>The proxy received an invalid response from an upstream server.</p></body></html>\n';
const HTML_504 = '<html><body><b>504 Gateway Time-out</b> The server didn\'t respond in time.</body></html>';
const HTML_200 = '<!DOCTYPE html>\n<html><head><title>Network login</title></head>\n'
  + '<body><form action="/login"><p>Please sign in to continue.</p></form></body></html>\n';

/** Serve one injected fault. `summary` is what a normal answer would contain. */
async function applyFault(fault, req, res, ctx, state, summary) {
  const full = JSON.stringify({ ClaimedPhoneNumberSummary: summary });
  const json = { ...commonHeaders(ctx), 'Content-Type': 'application/json' };
  const socket = req.socket;
  switch (fault) {
    case '429': return sendError(res, ctx, 'ThrottlingException', 'Rate exceeded');
    case '500': return sendError(res, ctx, 'InternalServiceException', 'Request processing failed due to an internal error (injected).');
    case '503': return sendError(res, ctx, 'ServiceUnavailableException', 'Service is temporarily unavailable (injected).');
    case 'accessDenied':
      return sendError(res, ctx, 'AccessDeniedException', `User: arn:aws:iam::${ACCOUNT_ID}:user/emulator is not authorized to perform: connect:DescribePhoneNumber on resource: ${summary.PhoneNumberArn}`);
    case 'expiredToken': return sendError(res, ctx, 'ExpiredTokenException', 'The security token included in the request is expired');
    // Gateway pages carry no AWS error type at all; 504 even lacks a content-type.
    case '504': return send(res, ctx, 504, {}, HTML_504);
    case 'html502': return send(res, ctx, 502, { 'Content-Type': 'text/html; charset=utf-8' }, HTML_502);
    case 'html200': return send(res, ctx, 200, { 'Content-Type': 'text/html; charset=utf-8' }, HTML_200);
    case 'tooManyRequests': // error name only in the body's __type (namespaced, as awsJson does)
      return send(res, ctx, 429, { 'Content-Type': 'application/json' },
        JSON.stringify({ __type: 'com.amazonaws.connect#TooManyRequestsException', message: 'Too Many Requests' }));
    case 'invalidJson': return send(res, ctx, 200, { 'Content-Type': 'application/json' }, '{"ClaimedPhoneNumberSummary": {"PhoneNumberId": ');
    case 'wrongShape': return sendJson(res, ctx, 200, { ClaimedPhoneNumberSummary: 'oops' });
    case 'drop': return socket.destroy();
    case 'truncated': { // promises the full length, sends half, then closes
      const buf = Buffer.from(full);
      res.writeHead(200, { ...json, 'Content-Length': buf.length });
      return res.write(buf.subarray(0, buf.length >> 1), () => socket.destroy());
    }
    case 'resetMidBody': { // chunked, part of the body, then a TCP RST
      res.writeHead(200, json);
      return res.write(full.slice(0, full.length >> 1), () =>
        (socket.resetAndDestroy ? socket.resetAndDestroy() : socket.destroy()));
    }
    case 'huge': return streamHuge(res, json, summary);
    default: { // slow:MS
      const ms = Number(fault.slice(5));
      await new Promise((resolve) => {
        const t = setTimeout(resolve, ms);
        res.once('close', () => { clearTimeout(t); resolve(); }); // client gone: stop waiting
      });
      return sendSummary(res, ctx, state, summary);
    }
  }
}

/** ~5 MiB valid JSON (a huge description), chunked, honouring backpressure and client disconnects. */
async function streamHuge(res, headers, summary) {
  const [head, tail] = JSON.stringify({ ClaimedPhoneNumberSummary: { ...summary, PhoneNumberDescription: '\u0000' } })
    .split('\\u0000');
  const chunk = 'x'.repeat(64 * 1024);
  res.writeHead(200, headers); // no Content-Length -> chunked
  let closed = false;
  res.once('close', () => { closed = true; });
  const write = (s) => (res.write(s) ? null : new Promise((r) => {
    const done = () => { res.off('drain', done); res.off('close', done); r(); };
    res.on('drain', done); res.on('close', done);
  }));
  await write(head);
  for (let sent = 0; sent < 5 * 1024 * 1024 && !closed; sent += chunk.length) await write(chunk);
  if (!closed) res.end(tail);
}

// ------------------------------------------------------------------ routing

function readBody(req, limit = MAX_BODY) {
  return new Promise((resolve, reject) => {
    const parts = [];
    let size = 0;
    req.on('data', (d) => {
      size += d.length;
      if (size > limit) { reject(Object.assign(new Error('body too large'), { tooLarge: true })); req.resume(); return; }
      parts.push(d);
    });
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('aborted')));
  });
}

// --------------------------------------------------------- Cognito Identity

const sendCognito = (res, ctx, status, headers, obj) =>
  send(res, ctx, status, { 'Content-Type': COGNITO_CONTENT_TYPE, ...headers }, JSON.stringify(obj));

/** awsJson error as Cognito Identity sends it: plain x-amzn-ErrorType, namespaced __type, {"message"}. */
function sendCognitoError(res, ctx, name, message, status, namespace = COGNITO_ERROR_NAMESPACE) {
  sendCognito(res, ctx, status, { 'x-amzn-ErrorType': name }, { __type: `${namespace}#${name}`, message });
}

/** What in the request could sign it (a header signature, a session token, a presigned query), or null. */
function signingMaterial(req, rawQuery) {
  if (req.headers.authorization !== undefined) return 'an Authorization header';
  if (req.headers['x-amz-security-token'] !== undefined) return 'an X-Amz-Security-Token header';
  const presigned = Object.keys(parseQuery(rawQuery)).map((k) => k.toLowerCase())
    .find((k) => k === 'x-amz-signature' || k === 'x-amz-credential' || k === 'x-amz-security-token');
  return presigned ? `a presigned query parameter (${presigned})` : null;
}

/**
 * POST / with an X-Amz-Target. Every request is logged first. The wire checks
 * (no signing material, a known target, the awsJson content type, a JSON
 * object body) come before any queued fault, so only well-formed calls use
 * one up; then the operation runs.
 */
async function handleCognito(req, res, ctx, state, opts, rawPath, rawQuery) {
  const cognito = state.cognito;
  const target = String(req.headers['x-amz-target']);
  const named = target.startsWith(COGNITO_TARGET_PREFIX) ? target.slice(COGNITO_TARGET_PREFIX.length) : '';
  const operation = COGNITO_OPERATIONS.includes(named) ? named : null;
  const raw = (await readBody(req)).toString('utf8');
  let body = null;
  try { body = JSON.parse(raw); } catch { /* not JSON: logged as null, answered below */ }
  const entry = {
    operation, target, method: req.method, path: rawPath, query: rawQuery, headers: { ...req.headers }, body,
    identityPoolId: operation ? cognito.poolOf(operation, body) : null, time: new Date().toISOString(), status: null, error: null,
  };
  cognito.record(entry);
  res.once('close', () => { entry.status = res.headersSent ? res.statusCode : null; });
  if (!opts.quiet) process.stderr.write(`[emulator] ${req.method} ${req.url} ${target}\n`);
  const fail = (name, message, status = COGNITO_ERRORS[name] ?? 400, namespace = undefined) => {
    entry.error = name;
    sendCognitoError(res, ctx, name, message, status, namespace);
  };

  const material = signingMaterial(req, rawQuery);
  if (material) {
    return fail(UNEXPECTED_SIGNATURE, `GetId and GetCredentialsForIdentity are unsigned calls, but this request carried ${material}.`);
  }
  if (!operation) return fail('UnknownOperationException', `Unknown operation: ${target}`, 400, 'com.amazon.coral.service');
  const contentType = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (contentType !== COGNITO_CONTENT_TYPE) {
    return fail('InvalidParameterException', `Content-Type must be ${COGNITO_CONTENT_TYPE}, not '${req.headers['content-type'] ?? ''}'.`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return fail('InvalidParameterException', 'The request body must be a JSON object.');
  }
  try {
    const fault = cognito.takeFault(operation, entry.identityPoolId);
    if (fault) throw fault;
    return sendCognito(res, ctx, 200, {}, cognito.call(operation, body, ctx.nowMs()));
  } catch (e) {
    if (e instanceof CognitoError) return fail(e.errorName, e.message, e.status);
    throw e;
  }
}

// ------------------------------------------------------------------ control

async function handleControl(req, res, ctx, state, route, rawQuery) {
  const m = req.method;
  let body = {};
  if (m === 'POST') {
    const raw = (await readBody(req)).toString('utf8');
    try { body = raw.trim() ? JSON.parse(raw) : {}; } catch (e) {
      return sendJson(res, ctx, 400, { message: `Invalid JSON body: ${e.message}` });
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return sendJson(res, ctx, 400, { message: 'JSON body must be an object' });
    }
  }
  try {
    if (m === 'POST' && route === 'scenario') return sendJson(res, ctx, 200, state.scenario(body));
    if (m === 'POST' && route === 'claim') return sendJson(res, ctx, 200, state.claim(body));
    if (m === 'POST' && route === 'rate-limit') return sendJson(res, ctx, 200, state.rateLimit(body));
    if (m === 'DELETE' && route === 'rate-limit') return sendJson(res, ctx, 200, state.rateLimit(null));
    if (m === 'POST' && route === 'clock') return sendJson(res, ctx, 200, state.setClockOffset(body.offsetMs));
    if (m === 'POST' && route === 'credentials') return sendJson(res, ctx, 200, state.addCredential(body));
    if (m === 'POST' && route === 'reset') { state.reset(); return sendJson(res, ctx, 200, { ok: true }); }
    if (m === 'GET' && route === 'requests') {
      return sendJson(res, ctx, 200, state.requests(new URLSearchParams(rawQuery).get('id')));
    }
    if (m === 'GET' && route === 'stats') return sendJson(res, ctx, 200, state.stats());
    if (m === 'POST' && route === 'cognito/pool') return sendJson(res, ctx, 200, state.cognitoPool(body));
    if (m === 'POST' && route === 'cognito/fault') return sendJson(res, ctx, 200, state.cognitoFault(body));
    if (m === 'GET' && route === 'cognito/requests') {
      return sendJson(res, ctx, 200, state.cognitoRequests(new URLSearchParams(rawQuery).get('identityPoolId') ?? undefined));
    }
    if (m === 'GET' && route === 'fixtures') { // lets browser tests discover ids and keys
      return sendJson(res, ctx, 200, { region: state.region, accountId: ACCOUNT_ID, unknownId: UNKNOWN_ID, fixtures: FIXTURES, credentials: CREDENTIALS,
        cognitoPool: COGNITO_POOL });
    }
  } catch (e) {
    if (e instanceof TypeError) return sendJson(res, ctx, 400, { message: e.message });
    throw e;
  }
  return sendJson(res, ctx, 404, { message: `Unknown control endpoint: ${m} /__emulator/${route}` });
}

async function handle(req, res, state, opts) {
  res.sendDate = false; // we send our own Date from the (possibly skewed) emulator clock
  res.on('error', () => {}); // writes after a client vanished must never crash us
  let offsetMs = 0;
  const ctx = { requestId: randomUUID(), nowMs: () => state.now(offsetMs) };
  const q = req.url.indexOf('?');
  const rawPath = q < 0 ? req.url : req.url.slice(0, q);
  const rawQuery = q < 0 ? '' : req.url.slice(q + 1);
  const isControl = rawPath.startsWith('/__emulator/');
  const isCognito = rawPath === '/'; // Cognito Identity: POST / with an X-Amz-Target

  if (req.method === 'OPTIONS') { // CORS preflight
    res.writeHead(204, {
      ...commonHeaders(ctx),
      'Access-Control-Allow-Methods': isControl ? 'GET, POST, DELETE, OPTIONS' : isCognito ? 'POST, OPTIONS' : 'GET, OPTIONS',
      'Access-Control-Allow-Headers': req.headers['access-control-request-headers']
        || (isCognito ? COGNITO_CORS_ALLOW_HEADERS : CORS_ALLOW_HEADERS),
      'Access-Control-Max-Age': '600',
    });
    return res.end();
  }
  if (isControl) return handleControl(req, res, ctx, state, rawPath.slice('/__emulator/'.length), rawQuery);
  // Not a Connect request: no stats, no rate limit, no SigV4 check.
  if (isCognito && req.method === 'POST' && req.headers['x-amz-target'] !== undefined) {
    return handleCognito(req, res, ctx, state, opts, rawPath, rawQuery);
  }

  state.total++;
  const body = await readBody(req);
  const route = /^\/phone-number\/([^/]*)$/.exec(rawPath);
  const target = route && req.method === 'GET' ? parsePhoneNumberId(route[1]) : null;
  const scenario = target && state.scenarios.get(target.uuid);
  if (scenario) offsetMs = scenario.clockOffsetMs;
  if (target) { // log before auth so tests can inspect rejected requests too
    const entry = { method: req.method, path: rawPath, query: rawQuery, headers: { ...req.headers }, time: new Date().toISOString(), status: null };
    state.log(target.uuid, entry);
    res.once('close', () => { entry.status = res.headersSent ? res.statusCode : null; });
  }
  if (!opts.quiet) process.stderr.write(`[emulator] ${req.method} ${req.url}\n`);

  // Throttle like a front end: before any signature work, for every API
  // request alike. A throttled request consumes no fault and does not advance
  // a claim; a request that gets a token goes on to auth, faults, and so on.
  if (state.bucket && !state.bucket.take()) {
    state.throttled++;
    return sendError(res, ctx, 'ThrottlingException', 'Rate exceeded');
  }

  if (opts.verifySignatures) {
    const failure = await verifySignature(req, {
      rawPath, rawQuery, body, nowMs: ctx.nowMs(), region: opts.region, findCredential: (k) => state.findCredential(k),
    });
    if (failure) return sendError(res, ctx, ...failure);
  }

  if (!route || req.method !== 'GET') {
    return sendError(res, ctx, 'UnknownOperationException', `Unknown operation: ${req.method} ${rawPath}`);
  }
  if (!target) {
    return sendError(res, ctx, 'InvalidParameterException', 'PhoneNumberId must be a phone number UUID or ARN.');
  }
  const notFound = () => sendError(res, ctx, 'ResourceNotFoundException', `PhoneNumber not found: ${decodeURIComponent(route[1])}`);
  const record = scenario ?? fixtureById.get(target.uuid);
  // TDG numbers (arnOnly) are not found by bare UUID, like Connect's alternate region.
  if (!record || (record.arnOnly && !target.viaArn)) return notFound();
  const summary = describeSummary(record); // a claim advances once per authenticated describe that finds it
  if (!summary) return notFound(); // just claimed, not visible yet
  const fault = scenario?.faults.shift(); // faults are consumed only by authenticated requests
  if (fault) return applyFault(fault, req, res, ctx, state, summary);
  return sendSummary(res, ctx, state, summary);
}

/**
 * Start the emulator.
 * @returns {Promise<{url:string, port:number, close():Promise<void>, state:EmulatorState,
 *   scenario:Function, claim:Function, rateLimit:Function, setClockOffset:Function, addCredential:Function,
 *   requests:Function, stats:Function, reset:Function,
 *   cognitoPool:Function, cognitoFault:Function, cognitoRequests:Function}>}
 */
export async function startEmulator({ host = '127.0.0.1', port = 0, verifySignatures = true, region = REGION, quiet = true,
  monotonicNow } = {}) {
  if (monotonicNow !== undefined && typeof monotonicNow !== 'function') throw new TypeError('monotonicNow must be a function');
  const state = new EmulatorState(region, monotonicNow);
  const opts = { verifySignatures, region, quiet };
  const server = http.createServer((req, res) => {
    handle(req, res, state, opts).catch((err) => {
      if (err?.tooLarge) return send(res, { requestId: randomUUID(), nowMs: () => state.now() }, 413, { 'Content-Type': 'application/json' }, '{"message":"Request body too large"}');
      if (err?.message !== 'aborted' && !quiet) process.stderr.write(`[emulator] internal error: ${err?.stack}\n`);
      sendError(res, { requestId: randomUUID(), nowMs: () => state.now() }, 'InternalServiceException', 'Emulator internal error');
    });
  });
  server.keepAliveTimeout = 30_000; // keep-alive on, long enough for test suites to reuse sockets
  server.on('clientError', (err, socket) => { // malformed HTTP: answer 400 if we still can, never throw
    if (socket.writable && !socket.destroyed) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  const actualPort = server.address().port;
  return {
    url: `http://${host}:${actualPort}`,
    port: actualPort,
    state,
    scenario: (o) => state.scenario(o),
    claim: (o) => state.claim(o),
    rateLimit: (o) => state.rateLimit(o),
    setClockOffset: (ms) => state.setClockOffset(ms),
    addCredential: (c) => state.addCredential(c),
    requests: (id) => state.requests(id),
    stats: () => state.stats(),
    reset: () => state.reset(),
    cognitoPool: (o) => state.cognitoPool(o),
    cognitoFault: (o) => state.cognitoFault(o),
    cognitoRequests: (identityPoolId) => state.cognitoRequests(identityPoolId),
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections(); // also ends keep-alive and in-flight (slow/huge) responses
    }),
  };
}
