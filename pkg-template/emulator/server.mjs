// Local Amazon Connect emulator: DescribePhoneNumber (GET /phone-number/{id})
// with SigV4 verification, AWS-shaped errors, CORS, fault injection, claim
// transitions, an optional rate limit and a plain-HTTP control API under
// /__emulator/ (see the README, "Testing your app"). On the same port it also
// serves Amazon Cognito Identity's unsigned GetId and GetCredentialsForIdentity
// (POST / with an X-Amz-Target; the service logic is in cognito.mjs), whose
// credentials the Connect side accepts until they expire.
//
// Signatures are verified by verify.mjs with the package's own signer. A test
// suite that must not trust that signer passes `extraVerifier`, a second check
// that runs after it (the project's own tests run @smithy/signature-v4 there).

import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { verifySigV4, parseAuthorization } from './verify.mjs';
import { resolveFixtures, UUID_RE, ARN_RE, SUMMARY_FIELDS } from './fixtures.mjs';
import {
  CognitoIdentity, CognitoError, COGNITO_ERRORS, COGNITO_ERROR_NAMESPACE, COGNITO_OPERATIONS, COGNITO_TARGET_PREFIX,
  UNEXPECTED_SIGNATURE,
} from './cognito.mjs';

const MAX_LOG_PER_ID = 1000; // bounded memory: keep the newest N requests per id
const MAX_LOG = 1000;        // ... and the newest N Connect requests in all
const MAX_IDS = 5000;        // ... and at most this many ids / scenarios
const MAX_BODY = 1 << 20;
const MAX_FAULTS = 1000;
const MAX_LOGGED_PATH = 200; // request log lines show at most this much of a path

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

const isCount = (n) => Number.isSafeInteger(n) && n >= 0;
const isPlainObject = (o) => o !== null && typeof o === 'object' && !Array.isArray(o);

/** Epoch ms of a Date, an ISO 8601 string or epoch ms; NaN for anything else. */
const toEpochMs = (t) => (typeof t === 'number' ? t : t instanceof Date ? t.getTime() : typeof t === 'string' ? Date.parse(t) : NaN);

export function validateFault(spec) {
  if (typeof spec !== 'string') return false;
  if (SIMPLE_FAULTS.has(spec)) return true;
  const m = /^slow:(\d{1,7})$/.exec(spec);
  return !!m && +m[1] <= 600_000;
}

/** Decode the raw {PhoneNumberId} segment once; returns {uuid, viaArn} or null if malformed. Never throws. */
/** `encodeURIComponent`, with a lone surrogate (which it throws on) standing for no id. */
function encodeIdSegment(id) {
  try {
    return encodeURIComponent(id);
  } catch {
    return '';
  }
}

export function parsePhoneNumberId(rawSegment) {
  let id;
  try { id = decodeURIComponent(rawSegment); } catch { return null; }
  if (UUID_RE.test(id)) return { uuid: id, viaArn: false };
  const m = ARN_RE.exec(id);
  return m ? { uuid: m[1], viaArn: true } : null;
}

/** What the emulator says about its fixtures: by name, as GET /__emulator/fixtures has them. */
export function fixturesView(model) {
  const region = model.regions[0];
  const fixtures = {};
  for (const n of model.numbers) {
    const arnOnly = n.homeRegion !== null && n.homeRegion !== region;
    fixtures[n.name] = Object.freeze({
      id: n.id,
      ...(arnOnly ? { arnOnly } : {}),
      ...(n.homeRegion ? { homeRegion: n.homeRegion } : {}),
      ...(n.regions ? { regions: Object.freeze([...n.regions]) } : {}),
      ...(n.claim ? { claim: Object.freeze({ ...n.claim }) } : {}),
      summary: deepFreeze(structuredClone(n.summary)),
    });
  }
  const credentials = {};
  for (const c of model.credentials) {
    const { name, expiresAt, ...rest } = c;
    // `expiration` as a Date: the shape of AwsCredentialIdentity, so it can go to ConnectClient as is.
    credentials[name] = Object.freeze({ ...rest, ...(expiresAt !== undefined ? { expiration: new Date(expiresAt) } : {}) });
  }
  const cognitoPools = model.cognitoPools.map((p) => deepFreeze(structuredClone(p)));
  let cognitoPool = null; // the first pool, in the shape of one login provider
  if (cognitoPools.length) {
    const p = cognitoPools[0];
    const [provider, tokens] = Object.entries(p.logins ?? {})[0] ?? [null, {}];
    cognitoPool = Object.freeze({ id: p.id, provider, tokens, allowUnauthenticated: p.allowUnauthenticated ?? true,
      credentialsTtlSeconds: p.credentialsTtlSeconds ?? 3600 });
  }
  return Object.freeze({ region, regions: Object.freeze([...model.regions]), accountId: model.accountId, unknownId: model.unknownId,
    fixtures: Object.freeze(fixtures), credentials: Object.freeze(credentials), cognitoPool, cognitoPools: Object.freeze(cognitoPools) });
}

function deepFreeze(o) {
  if (o && typeof o === 'object') { Object.values(o).forEach(deepFreeze); Object.freeze(o); }
  return o;
}

/** A credential to accept, checked; throws a TypeError that never quotes a secret. */
function checkCredential(c) {
  if (!isPlainObject(c)) throw new TypeError('a credential must be an object { accessKeyId, secretAccessKey, sessionToken?, expiration? }');
  const { accessKeyId, secretAccessKey, sessionToken, expired = false, expiresAt, expiration } = c;
  if (typeof accessKeyId !== 'string' || !accessKeyId || typeof secretAccessKey !== 'string' || !secretAccessKey
    || (sessionToken != null && typeof sessionToken !== 'string')) {
    throw new TypeError('accessKeyId and secretAccessKey (strings) are required; sessionToken must be a string');
  }
  if (accessKeyId.length > 128 || /[\s/]/.test(accessKeyId)) throw new TypeError('accessKeyId must be at most 128 characters, without "/" or white space');
  const when = expiresAt ?? expiration;
  const expiresMs = when == null ? undefined : toEpochMs(when);
  if (expiresMs !== undefined && !Number.isFinite(expiresMs)) {
    throw new TypeError('expiresAt (or expiration) must be epoch milliseconds, a Date or an ISO 8601 string');
  }
  return { accessKeyId, secretAccessKey, sessionToken: sessionToken || undefined, expired: !!expired, expiresAt: expiresMs };
}

const describeCredential = ({ accessKeyId, expired, expiresAt }) => (expiresAt === undefined ? { accessKeyId, expired }
  : { accessKeyId, expired, expiresAt: new Date(expiresAt).toISOString() });

/** Mutable emulator state; also the module-level API for Node tests. */
class EmulatorState {
  constructor(model, { monotonicNow = () => performance.now(), credentials = [] } = {}) {
    this.model = model;
    this.regions = model.regions;
    this.region = model.regions[0]; // scenario ARNs and new Cognito pools use the first Region
    this.monotonicNow = monotonicNow; // the rate limit's clock; tests may pass a fake one
    this.startCredentials = credentials; // given at start (the CLI's --cred): kept by reset
    this.startTokens = new Set(credentials.map((c) => c.sessionToken).filter(Boolean));
    this.byName = new Map(model.numbers.map((n) => [n.name, n]));
    this.reset();
  }

  reset() {
    this.clockOffsetMs = 0;
    this.credentials = new Map();
    for (const c of [...this.model.credentials, ...this.startCredentials]) this.credentials.set(c.accessKeyId, { ...c });
    // Fixture numbers, each with its own claim counter; scenarios are fresh ids cloned from them.
    this.numbers = new Map(this.model.numbers.map((n) => [n.id, {
      summary: n.summary, regions: n.regions, homeRegion: n.homeRegion, faults: [], clockOffsetMs: 0,
      claim: n.claim ? { ...n.claim, describes: 0 } : undefined,
    }]));
    this.scenarios = new Map(); // uuid -> { summary, regions, homeRegion, faults[], clockOffsetMs, claim? }
    this.logs = new Map();      // uuid -> [{ method, path, query, headers, time, status }]
    this.log_ = [];             // every Connect request, newest MAX_LOG
    this.anyFaults = [];        // faults for the next describes of any number
    this.total = 0;
    this.ok = 0;                // normal 200 ClaimedPhoneNumberSummary answers
    this.throttled = 0;         // 429s from the rate limiter (injected '429' faults not included)
    this.bucket = null;         // TokenBucket, or null = no rate limit
    if (this.model.rateLimit) this.rateLimit(this.model.rateLimit);
    this.cognito = new CognitoIdentity(this.region, { maxIds: MAX_IDS, maxLog: MAX_LOG_PER_ID, pools: this.model.cognitoPools });
  }

  /** A credential the Connect side accepts: added ones first, then those Cognito issued. */
  findCredential(accessKeyId) {
    return this.credentials.get(accessKeyId) ?? this.cognito.credentials.get(accessKeyId);
  }

  now(extraOffsetMs = 0) { return Date.now() + this.clockOffsetMs + extraOffsetMs; }

  setClockOffset(offsetMs) {
    if (typeof offsetMs !== 'number' || !Number.isFinite(offsetMs)) throw new TypeError('offsetMs must be a finite number');
    this.clockOffsetMs = offsetMs;
    return { offsetMs, now: new Date(this.now()).toISOString() };
  }

  /** Sets the emulator clock: `{ offsetMs }`, or the time it reads now (a Date, an ISO string or epoch ms). */
  setClock(time) {
    const options = isPlainObject(time) && !(time instanceof Date);
    if (options && Object.hasOwn(time, 'offsetMs')) return this.setClockOffset(time.offsetMs);
    const target = toEpochMs(options ? time.now : time);
    if (!Number.isFinite(target)) {
      throw new TypeError('setClock takes { offsetMs }, or the time now: a Date, an ISO 8601 string, epoch ms or { now }');
    }
    return this.setClockOffset(target - Date.now());
  }

  /**
   * Add or replace a credential; `expired: true` makes its session token
   * expired, and `expiresAt` or `expiration` (epoch ms, a Date or an ISO string, on the
   * emulator clock) expires it from then on.
   */
  addCredential(credential) {
    const record = checkCredential(credential);
    boundedSet(this.credentials, record.accessKeyId, record);
    return describeCredential(record);
  }

  /**
   * Adds one credential or an array of them, in the AwsCredentialIdentity shape
   * (`expiration`: a Date, an ISO string or epoch ms): all of them, or none if one is bad.
   */
  addCredentials(credentials) {
    const list = Array.isArray(credentials) ? credentials : [credentials];
    const records = list.map(checkCredential);
    for (const r of records) boundedSet(this.credentials, r.accessKeyId, r);
    return records.map(describeCredential);
  }

  cognitoPool(options) { return this.cognito.pool(options); }
  cognitoFault(options) { return this.cognito.fault(options); }
  cognitoRequests(identityPoolId) { return this.cognito.requests(identityPoolId); }

  /** A fixture number's definition by name or UUID (undefined if none). */
  fixture(nameOrId) {
    return this.byName.get(nameOrId) ?? this.model.numbers.find((n) => n.id === nameOrId);
  }

  /** Create an isolated scenario: a fresh phone number id cloned from a fixture, with queued faults. */
  scenario({ fixture, faults = [], clockOffsetMs = 0 } = {}) {
    const base = fixture == null ? this.model.numbers[0] : this.fixture(fixture);
    if (!base) throw new TypeError(fixture == null ? 'the fixtures have no numbers' : `unknown fixture: ${fixture}`);
    if (!Array.isArray(faults) || !faults.every(validateFault)) throw new TypeError('faults must be an array of known fault specs');
    if (faults.length > MAX_FAULTS) throw new TypeError(`at most ${MAX_FAULTS} faults may be queued`);
    if (typeof clockOffsetMs !== 'number' || !Number.isFinite(clockOffsetMs)) throw new TypeError('clockOffsetMs must be a finite number');
    const id = randomUUID();
    const region = this.region;
    const arn = `arn:aws:connect:${region}:${base.accountId}:phone-number/${id}`;
    boundedSet(this.scenarios, id, {
      summary: { ...base.summary, PhoneNumberId: id, PhoneNumberArn: arn },
      regions: base.regions,
      homeRegion: base.homeRegion,
      faults: [...faults],
      clockOffsetMs,
      claim: base.claim ? { ...base.claim, describes: 0 } : undefined,
    });
    const instanceId = base.summary.InstanceId ?? '00000000-0000-4000-8000-000000000000';
    return { id, arn, instanceArn: `arn:aws:connect:${region}:${base.accountId}:instance/${instanceId}/phone-number/${id}`, fixture: base.id };
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
    record.claim = { notFoundFor, inProgressFor, then, message, describes: 0 };
    return created;
  }

  /**
   * Queue `fault` for the next `count` authenticated describes of the number `id` (a UUID or
   * either ARN; a fixture number or a scenario), or of any number when `id` is left out.
   */
  fault(fault, { id, count = 1 } = {}) {
    if (!validateFault(fault)) throw new TypeError(`unknown fault spec: ${String(fault).slice(0, 100)}`);
    if (!Number.isSafeInteger(count) || count < 1 || count > MAX_FAULTS) throw new TypeError(`count must be an integer 1..${MAX_FAULTS}`);
    let queue = this.anyFaults;
    let uuid = null;
    if (id != null) {
      const target = typeof id === 'string' ? parsePhoneNumberId(encodeIdSegment(id)) : null;
      const record = target && (this.scenarios.get(target.uuid) ?? this.numbers.get(target.uuid));
      if (!record) throw new TypeError(`no number or scenario with id ${String(id).slice(0, 200)}`);
      queue = record.faults;
      uuid = target.uuid;
    }
    if (queue.length + count > MAX_FAULTS) throw new TypeError(`at most ${MAX_FAULTS} faults may be queued`);
    for (let i = 0; i < count; i++) queue.push(fault);
    return { fault, id: uuid, queued: queue.length };
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

  /** Requests that targeted `id` (a UUID or either ARN); without an id, every Connect request (newest 1000). */
  requests(id) {
    if (id === undefined || id === null) return { count: this.log_.length, requests: [...this.log_] };
    const target = parsePhoneNumberId(encodeIdSegment(String(id)));
    const list = target ? this.logs.get(target.uuid) ?? [] : [];
    return { count: list.length, requests: [...list] };
  }

  stats() { return { total: this.total, scenarios: this.scenarios.size, ok: this.ok, throttled: this.throttled }; }

  log(uuid, entry) {
    this.log_.push(entry);
    if (this.log_.length > MAX_LOG) this.log_.shift();
    if (!uuid) return;
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
  if (n < claim.notFoundFor + claim.inProgressFor) return withStatus(record.summary, { ...IN_PROGRESS_STATUS });
  return withStatus(record.summary, {
    Status: claim.then,
    Message: claim.message ?? (claim.then === 'FAILED' ? DEFAULT_FAILED_MESSAGE : ''),
  });
}

/** `summary` with another PhoneNumberStatus, its members in the model's order. */
function withStatus(summary, status) {
  const out = {};
  for (const k of SUMMARY_FIELDS) {
    if (k === 'PhoneNumberStatus') out[k] = status;
    else if (summary[k] !== undefined) out[k] = summary[k];
  }
  return out;
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

// ------------------------------------------------------------------- query

/** Decoded query map (names like "__proto__" stay plain keys). Never throws. */
export function parseQuery(raw) {
  const query = Object.create(null);
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
      return sendError(res, ctx, 'AccessDeniedException', `User: arn:aws:iam::${ARN_RE.test(summary.PhoneNumberArn) ? summary.PhoneNumberArn.split(':')[4] : '123456789012'}:user/emulator is not authorized to perform: connect:DescribePhoneNumber on resource: ${summary.PhoneNumberArn}`);
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
  logLine(res, opts, req.method, rawPath, target);
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
  const param = (name) => new URLSearchParams(rawQuery).get(name) ?? undefined;
  try {
    if (m === 'POST' && route === 'scenario') return sendJson(res, ctx, 200, state.scenario(body));
    if (m === 'POST' && route === 'claim') return sendJson(res, ctx, 200, state.claim(body));
    if (m === 'POST' && route === 'fault') {
      const { fault, id, count, ...extra } = body;
      if (Object.keys(extra).length) throw new TypeError(`unknown fault option(s): ${Object.keys(extra).join(', ')}`);
      return sendJson(res, ctx, 200, state.fault(fault, { id, count }));
    }
    if (m === 'POST' && route === 'rate-limit') return sendJson(res, ctx, 200, state.rateLimit(body));
    if (m === 'DELETE' && route === 'rate-limit') return sendJson(res, ctx, 200, state.rateLimit(null));
    if (m === 'POST' && route === 'clock') return sendJson(res, ctx, 200, state.setClock(body));
    if (m === 'POST' && route === 'credentials') return sendJson(res, ctx, 200, state.addCredential(body));
    if (m === 'POST' && route === 'reset') { state.reset(); return sendJson(res, ctx, 200, { ok: true }); }
    if (m === 'GET' && route === 'requests') return sendJson(res, ctx, 200, state.requests(param('id')));
    if (m === 'GET' && route === 'stats') return sendJson(res, ctx, 200, state.stats());
    if (m === 'POST' && route === 'cognito/pool') return sendJson(res, ctx, 200, state.cognitoPool(body));
    if (m === 'POST' && route === 'cognito/fault') return sendJson(res, ctx, 200, state.cognitoFault(body));
    if (m === 'GET' && route === 'cognito/requests') return sendJson(res, ctx, 200, state.cognitoRequests(param('identityPoolId')));
    if (m === 'GET' && route === 'fixtures') return sendJson(res, ctx, 200, state.view); // lets browser tests discover ids and keys
  } catch (e) {
    if (e instanceof TypeError) return sendJson(res, ctx, 400, { message: e.message });
    throw e;
  }
  return sendJson(res, ctx, 404, { message: `Unknown control endpoint: ${m} /__emulator/${route.slice(0, MAX_LOGGED_PATH)}` });
}

/** One line per request on `opts.log`, once answered: the method, at most 200 characters of the path (no query: it may hold a presigned token), the status. */
function logLine(res, opts, method, rawPath, extra = '') {
  if (!opts.log) return;
  const path = rawPath.length > MAX_LOGGED_PATH ? `${rawPath.slice(0, MAX_LOGGED_PATH)}…` : rawPath;
  res.once('close', () => {
    opts.log(`${method} ${path}${extra ? ` ${String(extra).slice(0, 100)}` : ''} -> ${res.headersSent ? res.statusCode : 'closed'}`);
  });
}

/** The Region a Connect request is addressed to: its signature's scope when it is one of ours, else the first Region. */
function requestRegion(req, regions) {
  const authz = req.headers.authorization;
  if (typeof authz !== 'string' || authz.length > 16 * 1024) return regions[0];
  const auth = parseAuthorization(authz);
  return !auth.error && regions.includes(auth.region) ? auth.region : regions[0];
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
  const route = /^\/phone-number\/([^/]*)$/.exec(rawPath);
  const target = route && req.method === 'GET' ? parsePhoneNumberId(route[1]) : null;
  const scenario = target && state.scenarios.get(target.uuid);
  if (scenario) offsetMs = scenario.clockOffsetMs;
  // Log before auth so tests can inspect rejected requests too.
  const headers = { ...req.headers };
  // The session tokens of credentials given at start (--cred) are the caller's: the log, which
  // GET /__emulator/requests serves, shows them masked. Fixture and issued tokens are test data.
  if (state.startTokens.has(headers['x-amz-security-token'])) headers['x-amz-security-token'] = '****';
  const entry = { method: req.method, path: rawPath, query: rawQuery, headers, time: new Date().toISOString(), status: null };
  state.log(target?.uuid, entry);
  res.once('close', () => { entry.status = res.headersSent ? res.statusCode : null; });
  logLine(res, opts, req.method, rawPath);
  const body = await readBody(req);

  // Throttle like a front end: before any signature work, for every API
  // request alike. A throttled request consumes no fault and does not advance
  // a claim; a request that gets a token goes on to auth, faults, and so on.
  if (state.bucket && !state.bucket.take()) {
    state.throttled++;
    return sendError(res, ctx, 'ThrottlingException', 'Rate exceeded');
  }

  if (opts.verifySignatures) {
    const request = {
      method: req.method, path: rawPath, query: rawQuery, headers: req.headers, body, service: 'connect',
      region: state.regions, nowMs: ctx.nowMs(), findCredential: (k) => state.findCredential(k),
    };
    const failure = (await verifySigV4(request)) ?? (await opts.extraVerifier?.(request)) ?? null;
    if (failure) {
      const name = Object.hasOwn(ERRORS, failure.name) ? failure.name : 'InvalidSignatureException';
      return sendError(res, ctx, name, String(failure.message ?? 'The request signature is not valid.'));
    }
  }

  if (!route || req.method !== 'GET') {
    return sendError(res, ctx, 'UnknownOperationException', `Unknown operation: ${req.method} ${rawPath.slice(0, MAX_LOGGED_PATH)}`);
  }
  if (!target) {
    return sendError(res, ctx, 'InvalidParameterException', 'PhoneNumberId must be a phone number UUID or ARN.');
  }
  const notFound = () => sendError(res, ctx, 'ResourceNotFoundException', `PhoneNumber not found: ${decodeURIComponent(route[1])}`);
  const record = scenario ?? state.numbers.get(target.uuid);
  if (!record) return notFound();
  const region = requestRegion(req, state.regions);
  if (record.regions && !record.regions.includes(region)) return notFound();
  // A traffic distribution group's number is found by bare UUID only in its home Region, as in Connect.
  if (record.homeRegion && record.homeRegion !== region && !target.viaArn) return notFound();
  const summary = describeSummary(record); // a claim advances once per authenticated describe that finds it
  if (!summary) return notFound(); // just claimed, not visible yet
  const fault = record.faults.shift() ?? state.anyFaults.shift(); // faults are consumed only by authenticated requests
  if (fault) return applyFault(fault, req, res, ctx, state, summary);
  return sendSummary(res, ctx, state, summary);
}

/** The URL a client uses for an address the server listens on. */
function urlFor(host, port) {
  const h = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${h.includes(':') ? `[${h}]` : h}:${port}`;
}

/**
 * Starts the emulator; see index.d.ts and the README ("Testing your app").
 *
 * @example
 * const emu = await startEmulator({ port: 0 });
 * const client = new ConnectClient({ region: 'us-west-2', endpoint: emu.url, credentials: emu.credentials.longTerm });
 */
export async function startEmulator(options = {}) {
  if (!isPlainObject(options)) throw new TypeError('startEmulator takes an options object');
  const { host = '127.0.0.1', port = 0, fixtures, region, verifySignatures = true, quiet = true, monotonicNow, extraVerifier,
    credentials = [], log } = options;
  if (monotonicNow !== undefined && typeof monotonicNow !== 'function') throw new TypeError('monotonicNow must be a function');
  if (extraVerifier !== undefined && typeof extraVerifier !== 'function') throw new TypeError('extraVerifier must be a function');
  if (log !== undefined && typeof log !== 'function') throw new TypeError('log must be a function of one line');
  if (typeof host !== 'string' || !host) throw new TypeError('host must be an address, such as 127.0.0.1');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError('port must be an integer 0..65535');
  if (!Array.isArray(credentials)) throw new TypeError('credentials must be an array of { accessKeyId, secretAccessKey, sessionToken? }');
  const model = resolveFixtures(fixtures, region === undefined ? {} : { regions: [].concat(region) });
  const extra = credentials.map(checkCredential);
  const state = new EmulatorState(model, { monotonicNow, credentials: extra });
  state.view = fixturesView(model);
  const opts = { verifySignatures: !!verifySignatures, extraVerifier,
    log: log ?? (quiet ? null : (line) => process.stderr.write(`[emulator] ${line}\n`)) };
  const server = http.createServer((req, res) => {
    handle(req, res, state, opts).catch((err) => {
      const ctx = { requestId: randomUUID(), nowMs: () => state.now() };
      if (err?.tooLarge) return send(res, ctx, 413, { 'Content-Type': 'application/json', Connection: 'close' }, '{"message":"Request body too large"}');
      if (err?.message !== 'aborted') opts.log?.(`internal error: ${err?.stack ?? err}`);
      sendError(res, ctx, 'InternalServiceException', 'Emulator internal error');
    });
  });
  server.keepAliveTimeout = 30_000; // keep-alive on, long enough for test suites to reuse sockets
  server.on('clientError', (err, socket) => { // malformed HTTP: answer if we still can, never throw
    const status = err?.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    if (socket.writable && !socket.destroyed) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  const actualPort = server.address().port;
  let closing = null;
  return {
    url: urlFor(host, actualPort),
    host,
    port: actualPort,
    region: state.region,
    regions: [...state.regions],
    fixtures: state.view.fixtures,
    credentials: state.view.credentials,
    cognitoPools: state.view.cognitoPools,
    unknownId: model.unknownId,
    accountId: model.accountId,
    state,
    scenario: (o) => state.scenario(o),
    claim: (o) => state.claim(o),
    fault: (spec, o) => state.fault(spec, o),
    rateLimit: (o) => state.rateLimit(o),
    setClock: (t) => state.setClock(t),
    setClockOffset: (ms) => state.setClockOffset(ms),
    addCredential: (c) => state.addCredential(c),
    addCredentials: (c) => state.addCredentials(c),
    requests: (id) => state.requests(id),
    stats: () => state.stats(),
    reset: () => state.reset(),
    cognitoPool: (o) => state.cognitoPool(o),
    cognitoFault: (o) => state.cognitoFault(o),
    cognitoRequests: (identityPoolId) => state.cognitoRequests(identityPoolId),
    close: () => (closing ??= new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections(); // also ends keep-alive and in-flight (slow/huge) responses
    })),
  };
}
