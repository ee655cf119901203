// Amazon Cognito Identity for the local emulator: GetId and
// GetCredentialsForIdentity over identity pools, identities, login links and
// issued credentials, all in memory and bounded. server.mjs owns HTTP and the
// awsJson wire checks; this module only decides what an operation answers, so
// it can throw a CognitoError and let the caller serialise it.

import { randomUUID, randomBytes } from 'node:crypto';

export const COGNITO_TARGET_PREFIX = 'AWSCognitoIdentityService.';
export const COGNITO_OPERATIONS = Object.freeze(['GetId', 'GetCredentialsForIdentity']);
export const COGNITO_ERROR_NAMESPACE = 'com.amazonaws.cognito.identity.model';

// Status per error name. The service model gives some of these httpError
// 403/404/409/429, but Cognito Identity answers every client error with 400 on
// the wire (as its SDK error reports show), so clients must go by the name.
export const COGNITO_ERRORS = Object.freeze({
  InvalidParameterException: 400,
  NotAuthorizedException: 400,
  ResourceNotFoundException: 400,
  TooManyRequestsException: 400,
  ResourceConflictException: 400,
  InvalidIdentityPoolConfigurationException: 400,
  ExternalServiceException: 400,
  LimitExceededException: 400,
  InternalErrorException: 500,
});

// Emulator-only (no real Cognito error): the request carried a signature or a
// session token, which a fromCognitoIdentityPool provider must never send.
export const UNEXPECTED_SIGNATURE = 'UnexpectedSignatureException';

const ID_RE = /^[\w-]+:[0-9a-f-]+$/; // IdentityPoolId and IdentityId, 1..55 chars
const ACCOUNT_RE = /^\d{1,15}$/;
const ROLE_ARN_RE = /^arn:[\w+=/,.@-]+:iam::\d{12}:role\/[\w+=/,.@-]+$/;
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'; // real key ids are base32-ish
const MAX_LOGINS = 10;
const MAX_TOKEN = 50_000;
const POOL_OPTIONS = new Set(['id', 'allowUnauthenticated', 'logins', 'credentialsTtlSeconds']);
const FAULT_OPTIONS = new Set(['operation', 'error', 'count', 'identityPoolId', 'message', 'status']);

export class CognitoError extends Error {
  constructor(name, message, status = COGNITO_ERRORS[name] ?? 400) {
    super(message);
    this.errorName = name;
    this.status = status;
  }
}

const invalid = (message) => new CognitoError('InvalidParameterException', message);
const notAuthorized = (message) => new CognitoError('NotAuthorizedException', message);
const isId = (s) => typeof s === 'string' && s.length <= 55 && ID_RE.test(s);
const isPlainObject = (o) => o !== null && typeof o === 'object' && !Array.isArray(o);

function rejectUnknownKeys(options, known, what) {
  const extra = Object.keys(options).filter((k) => !known.has(k));
  if (extra.length) throw new TypeError(`unknown ${what} option(s): ${extra.join(', ')}`);
}

function randomKeyId() {
  return 'ASIA' + [...randomBytes(16)].map((b) => KEY_ALPHABET[b & 31]).join('');
}

/** `{ provider: [tokens] }` or `{ provider: { subject: token | [tokens] } }` -> Map(provider -> Map(token -> subject)). */
function parsePoolLogins(logins) {
  if (!isPlainObject(logins)) throw new TypeError('logins must be an object: { provider: [tokens] } or { provider: { subject: token } }');
  const providers = new Map();
  const isToken = (t) => typeof t === 'string' && t.length > 0 && t.length <= MAX_TOKEN;
  for (const [provider, spec] of Object.entries(logins)) {
    if (!provider || provider.length > 128) throw new TypeError('a login provider name must be 1..128 characters');
    const tokens = new Map();
    const add = (token, subject) => {
      if (!isToken(token)) throw new TypeError(`tokens of ${provider} must be non-empty strings`);
      if (tokens.has(token) && tokens.get(token) !== subject) throw new TypeError(`token ${token} of ${provider} has two subjects`);
      tokens.set(token, subject);
    };
    if (Array.isArray(spec)) for (const token of spec) add(token, token); // a bare token is its own subject
    else if (isPlainObject(spec)) {
      for (const [subject, list] of Object.entries(spec)) {
        if (!subject) throw new TypeError(`a subject of ${provider} must be a non-empty string`);
        for (const token of [].concat(list)) add(token, subject);
      }
    } else throw new TypeError(`logins.${provider} must be an array of tokens or an object of subject -> token(s)`);
    providers.set(provider, tokens);
  }
  return providers;
}

/** A request's Logins map as [[provider, token]], checked like the service model does. */
function parseRequestLogins(logins) {
  if (logins === undefined || logins === null) return [];
  if (!isPlainObject(logins)) throw invalid('Logins must be a map of provider name to token.');
  const entries = Object.entries(logins);
  if (entries.length > MAX_LOGINS) throw invalid(`Logins may hold at most ${MAX_LOGINS} providers.`);
  for (const [provider, token] of entries) {
    if (!provider || provider.length > 128) throw invalid('A Logins provider name must be 1..128 characters.');
    if (typeof token !== 'string' || !token || token.length > MAX_TOKEN) throw invalid(`The Logins token for ${provider} must be a non-empty string.`);
  }
  return entries;
}

function requireId(body, member) {
  const value = body[member];
  if (value === undefined || value === null) throw invalid(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  if (!isId(value)) throw invalid(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+`);
  return value;
}

/** Map.set that drops the oldest entry (never one in the set `keep`) beyond `max`: Map keeps insertion order. */
function boundedSet(map, key, value, max, keep = null) {
  map.set(key, value);
  if (map.size <= max) return;
  for (const k of map.keys()) {
    if (!keep?.has(k)) { map.delete(k); return; }
  }
}

export class CognitoIdentity {
  /**
   * `pools`: the fixtures' pools (cognitoPool options, each with an id). They exist from the
   * start, are never dropped for room, and the first one's logins are the default logins of
   * a new pool.
   */
  constructor(region, { maxIds = 5000, maxLog = 1000, pools = [] } = {}) {
    this.region = region;
    this.maxIds = maxIds;
    this.maxLog = maxLog;
    this.pools = new Map();       // pool id -> { id, allowUnauthenticated, providers, credentialsTtlSeconds }
    this.identities = new Map();  // identity id -> { id, poolId, logins: Set(link key) }
    this.links = new Map();       // `${pool}\n${provider}\n${subject}` -> identity id
    this.credentials = new Map(); // access key id -> credential the Connect side accepts until expiresAt
    this.faults = [];             // { operation, error, remaining, identityPoolId, message, status }
    this.log = [];                // newest maxLog requests
    this.fixed = new Set();       // the fixtures' pool ids
    this.defaultLogins = {};
    for (const options of pools) {
      if (!isPlainObject(options) || typeof options.id !== 'string') throw new TypeError('a fixture pool needs an id');
      this.fixed.add(options.id);
      this.pool(options);
    }
    if (pools.length) this.defaultLogins = pools[0].logins ?? {};
  }

  /** Create or reconfigure a pool (a reconfigured pool keeps its identities); defaults copy the default pool. */
  pool(options = {}) {
    if (!isPlainObject(options)) throw new TypeError('pool options must be an object');
    const { id, allowUnauthenticated = true, logins, credentialsTtlSeconds = 3600 } = options;
    rejectUnknownKeys(options, POOL_OPTIONS, 'pool');
    if (id !== undefined && !isId(id)) throw new TypeError('id must match [\\w-]+:[0-9a-f-]+ (at most 55 characters), e.g. us-west-2:<uuid>');
    if (typeof allowUnauthenticated !== 'boolean') throw new TypeError('allowUnauthenticated must be a boolean');
    if (typeof credentialsTtlSeconds !== 'number' || !Number.isFinite(credentialsTtlSeconds)) {
      throw new TypeError('credentialsTtlSeconds must be a finite number of seconds');
    }
    const providers = parsePoolLogins(logins ?? this.defaultLogins);
    const poolId = id ?? `${this.region}:${randomUUID()}`;
    boundedSet(this.pools, poolId, { id: poolId, allowUnauthenticated, providers, credentialsTtlSeconds },
      this.maxIds, this.fixed);
    return { id: poolId };
  }

  /** Queue `error` for the next `count` calls of `operation` (optionally only calls for one pool). */
  fault(options = {}) {
    if (!isPlainObject(options)) throw new TypeError('fault options must be an object');
    rejectUnknownKeys(options, FAULT_OPTIONS, 'fault');
    const { operation, error, count = 1, identityPoolId = null, message = null, status = null } = options;
    if (!COGNITO_OPERATIONS.includes(operation)) throw new TypeError(`operation must be one of ${COGNITO_OPERATIONS.join(', ')}`);
    if (!Object.hasOwn(COGNITO_ERRORS, error)) throw new TypeError(`error must be one of ${Object.keys(COGNITO_ERRORS).join(', ')}`);
    if (!Number.isSafeInteger(count) || count < 1) throw new TypeError('count must be an integer >= 1');
    if (identityPoolId !== null && !isId(identityPoolId)) throw new TypeError('identityPoolId must be a pool id');
    if (message !== null && typeof message !== 'string') throw new TypeError('message must be a string');
    if (status !== null && !(Number.isSafeInteger(status) && status >= 400 && status <= 599)) {
      throw new TypeError('status must be an integer 400..599');
    }
    if (this.faults.length >= this.maxLog) throw new TypeError(`at most ${this.maxLog} faults may be queued`);
    this.faults.push({ operation, error, remaining: count, identityPoolId, message, status });
    return { operation, error, count, identityPoolId };
  }

  /** The first queued fault that matches, used up by one; null if none. */
  takeFault(operation, poolId) {
    const i = this.faults.findIndex((f) => f.operation === operation && (f.identityPoolId === null || f.identityPoolId === poolId));
    if (i < 0) return null;
    const fault = this.faults[i];
    if (--fault.remaining === 0) this.faults.splice(i, 1);
    return new CognitoError(fault.error, fault.message ?? `${fault.error} (injected by the emulator)`, fault.status ?? undefined);
  }

  /** The pool a request is about, for the log and for pool-scoped faults: null if it cannot tell. */
  poolOf(operation, body) {
    if (!isPlainObject(body)) return null;
    if (operation === 'GetId') return isId(body.IdentityPoolId) ? body.IdentityPoolId : null;
    return (typeof body.IdentityId === 'string' && this.identities.get(body.IdentityId)?.poolId) || null;
  }

  record(entry) {
    this.log.push(entry);
    if (this.log.length > this.maxLog) this.log.shift();
  }

  requests(identityPoolId) {
    const list = identityPoolId == null ? [...this.log] : this.log.filter((e) => e.identityPoolId === identityPoolId);
    return { count: list.length, requests: list };
  }

  /** Run `operation` on a parsed JSON object body; returns the output or throws a CognitoError. */
  call(operation, body, nowMs) {
    if (operation === 'GetId') return this.getId(body);
    return this.getCredentialsForIdentity(body, nowMs);
  }

  getId(body) {
    const poolId = requireId(body, 'IdentityPoolId');
    if (body.AccountId != null && !(typeof body.AccountId === 'string' && ACCOUNT_RE.test(body.AccountId))) {
      throw invalid('AccountId must be 1..15 digits.');
    }
    const logins = parseRequestLogins(body.Logins);
    const pool = this.pools.get(poolId);
    if (!pool) throw new CognitoError('ResourceNotFoundException', `IdentityPool '${poolId}' not found.`);
    if (!logins.length) { // real Cognito hands out a new identity for every unauthenticated GetId
      if (!pool.allowUnauthenticated) throw notAuthorized('Unauthenticated access is not supported for this identity pool.');
      return { IdentityId: this.#newIdentity(pool) };
    }
    const keys = this.#resolveLogins(pool, logins);
    const linked = new Set(keys.map((k) => this.links.get(k)).filter((id) => id && this.identities.has(id)));
    if (linked.size > 1) throw new CognitoError('ResourceConflictException', 'The logins are linked to different identities.');
    const identityId = linked.size ? [...linked][0] : this.#newIdentity(pool);
    for (const key of keys) this.#link(key, identityId);
    return { IdentityId: identityId };
  }

  getCredentialsForIdentity(body, nowMs) {
    const identityId = requireId(body, 'IdentityId');
    const logins = parseRequestLogins(body.Logins);
    if (body.CustomRoleArn != null && !(typeof body.CustomRoleArn === 'string' && body.CustomRoleArn.length >= 20
      && body.CustomRoleArn.length <= 2048 && ROLE_ARN_RE.test(body.CustomRoleArn))) {
      throw invalid('CustomRoleArn must be an IAM role ARN.');
    }
    const identity = this.identities.get(identityId);
    if (!identity) throw new CognitoError('ResourceNotFoundException', `Identity '${identityId}' not found.`);
    const pool = this.pools.get(identity.poolId);
    if (!pool) throw new CognitoError('ResourceNotFoundException', `IdentityPool '${identity.poolId}' not found.`);
    if (logins.length) {
      const keys = this.#resolveLogins(pool, logins);
      const elsewhere = keys.some((k) => { const id = this.links.get(k); return id && id !== identityId && this.identities.has(id); });
      const ownsOne = !identity.logins.size || keys.some((k) => identity.logins.has(k));
      if (elsewhere || !ownsOne) {
        throw notAuthorized("Logins don't match. Please include at least one valid login for this identity or identity pool.");
      }
      for (const key of keys) this.#link(key, identityId); // a guest who signs in keeps the identity
    } else if (identity.logins.size) {
      throw notAuthorized(`Access to Identity '${identityId}' is forbidden.`);
    } else if (!pool.allowUnauthenticated) {
      throw notAuthorized('Unauthenticated access is not supported for this identity pool.');
    }
    // Epoch seconds with a fraction, as Cognito sends them; never a whole number.
    let expiration = (nowMs + pool.credentialsTtlSeconds * 1000) / 1000;
    if (Number.isInteger(expiration)) expiration += 0.001;
    const credential = {
      accessKeyId: randomKeyId(),
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: 'IQoJb3JpZ2luX2Vj' + randomBytes(601).toString('base64'), // long, with + / and a trailing ==
      expired: false,
      expiresAt: expiration * 1000,
      identityId,
    };
    boundedSet(this.credentials, credential.accessKeyId, credential, this.maxIds);
    return {
      IdentityId: identityId,
      Credentials: {
        AccessKeyId: credential.accessKeyId,
        SecretKey: credential.secretAccessKey,
        SessionToken: credential.sessionToken,
        Expiration: expiration,
      },
    };
  }

  #newIdentity(pool) {
    const region = pool.id.slice(0, pool.id.indexOf(':'));
    const id = `${region}:${randomUUID()}`;
    boundedSet(this.identities, id, { id, poolId: pool.id, logins: new Set() }, this.maxIds);
    return id;
  }

  /** Link keys for valid logins; throws NotAuthorizedException for an unknown provider or token. */
  #resolveLogins(pool, logins) {
    return logins.map(([provider, token]) => {
      const tokens = pool.providers.get(provider);
      if (!tokens) throw notAuthorized(`Token is not from a supported provider of this identity pool: ${provider}`);
      if (!tokens.has(token)) throw notAuthorized('Invalid login token. Token signature invalid.');
      return `${pool.id}\n${provider}\n${tokens.get(token)}`;
    });
  }

  #link(key, identityId) {
    boundedSet(this.links, key, identityId, this.maxIds);
    this.identities.get(identityId)?.logins.add(key);
  }
}
