// SigV4 verification for the local emulator, with the package's own signer (Node only).
//
// API (a contract: the emulator's Connect side and fake STS/SSO servers use it alike):
//
//   import { verifySigV4 } from 'connect-phone-wasm/emulator';   // or './verify.mjs'
//   const failure = await verifySigV4({
//     method: 'POST',                 // the request method
//     path: '/',                      // the raw request path, still percent-encoded (req.url before '?')
//     query: '',                      // the raw query string, without '?'
//     headers: req.headers,           // lower-case names (Node's req.headers); repeats as arrays or joined
//     body,                           // Uint8Array, Buffer or string; '' or undefined for none
//     service: 'sts',                 // the service the scope must name ('connect', 'sts', ...)
//     region: 'us-east-1',            // the Region (or an array of Regions) the scope may name
//     nowMs: Date.now(),              // the verifier's clock, epoch ms (skew is checked against it)
//     findCredential: (accessKeyId) => ({ accessKeyId, secretAccessKey, sessionToken?, expired?, expiresAt? }) | undefined,
//   });
//   // null when authentic, else { name, message, status, reason }:
//   //   name    the AWS error name for `service` ('sts' names as STS does: SignatureDoesNotMatch,
//   //           InvalidClientTokenId, ExpiredToken, IncompleteSignature, MissingAuthenticationToken;
//   //           every other service as Connect does: InvalidSignatureException, ...)
//   //   status  the HTTP status AWS sends with it
//   //   reason  a stable code: 'missing' | 'incomplete' | 'unknownKey' | 'expired' | 'scope' | 'skew' | 'mismatch'
//   // `expiresAt` is epoch ms on the verifier's clock; `expired: true` is expired whatever the time.
//
// The signature is recomputed with signRequest over exactly the headers the client signed, the
// raw path and query, and the body, then compared in constant time. The signer runs in a WASM
// instance of its own, so the emulator never touches the signing-key cache of the code under
// test in the same process.

import { readFileSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import { makeSigner } from '../sign.js';

// A second instance of the package's WASM: the same module under another URL is a distinct
// ES module in Node, with its own memory and caches.
const glue = await import(new URL('../connect_phone_wasm.js?emulator', import.meta.url).href);
glue.initSync({ module: readFileSync(new URL('../connect_phone_wasm_bg.wasm', import.meta.url)) });
const { signRequest } = makeSigner(glue);

/** The skew AWS allows between the request's X-Amz-Date and its own clock. */
export const MAX_SKEW_MS = 5 * 60 * 1000;
/** Longer Authorization headers are refused before any parsing (AWS front ends cap headers too). */
const MAX_AUTHORIZATION = 16 * 1024;
const SIGNER_OWNED = new Set(['host', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256']);

// [name, status] per reason, in the two dialects AWS front ends speak.
const DIALECTS = {
  query: { // STS and the other awsQuery services
    missing: ['MissingAuthenticationToken', 403],
    incomplete: ['IncompleteSignature', 400],
    unknownKey: ['InvalidClientTokenId', 403],
    expired: ['ExpiredToken', 400],
    scope: ['SignatureDoesNotMatch', 403],
    skew: ['SignatureDoesNotMatch', 403],
    mismatch: ['SignatureDoesNotMatch', 403],
  },
  rest: { // Connect and the other JSON services
    missing: ['MissingAuthenticationTokenException', 403],
    incomplete: ['IncompleteSignatureException', 403],
    unknownKey: ['UnrecognizedClientException', 403],
    expired: ['ExpiredTokenException', 403],
    scope: ['InvalidSignatureException', 403],
    skew: ['InvalidSignatureException', 403],
    mismatch: ['InvalidSignatureException', 403],
  },
};
const QUERY_SERVICES = new Set(['sts', 'iam', 'sns', 'sqs', 'ec2', 'autoscaling', 'cloudformation', 'elasticloadbalancing', 'rds']);

const MISMATCH = 'The request signature we calculated does not match the signature you provided. '
  + 'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** "20261126T001500Z" for a millisecond timestamp. */
export const amzDate = (ms) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** Epoch ms of an X-Amz-Date ("20261126T001500Z"), or NaN. */
export function parseAmzDate(s) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s ?? '');
  if (!m) return NaN;
  const ms = Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return amzDate(ms) === s ? ms : NaN; // "20261332T..." rolls over in Date.UTC: refuse it
}

/**
 * Parses "AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, SignedHeaders=a;b,
 * Signature=hex". Returns { accessKeyId, date, region, service, signedHeaders, signature } or
 * { error } with AWS's wording. Never throws.
 */
export function parseAuthorization(value) {
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

const headerValue = (v) => (Array.isArray(v) ? v.join(',') : v);
const constantTimeEqual = (a, b) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Verifies a SigV4 Authorization header. See the note at the top of this file.
 * @returns {Promise<null | { name: string, message: string, status: number, reason: string }>}
 */
export async function verifySigV4({ method = 'GET', path = '/', query = '', headers = {}, body, service, region, nowMs = Date.now(),
  findCredential } = {}) {
  if (typeof service !== 'string' || !service) throw new TypeError('service must be the service name, such as "connect" or "sts"');
  const regions = [].concat(region);
  if (!regions.length || !regions.every((r) => typeof r === 'string' && r)) throw new TypeError('region must be a Region or an array of Regions');
  if (typeof findCredential !== 'function') throw new TypeError('findCredential must be a function of the access key id');
  const dialect = DIALECTS[QUERY_SERVICES.has(service) ? 'query' : 'rest'];
  const fail = (reason, message) => ({ name: dialect[reason][0], message, status: dialect[reason][1], reason });

  const get = (name) => (Object.hasOwn(headers, name) ? headerValue(headers[name]) : undefined);
  const authz = get('authorization');
  if (!authz) return fail('missing', 'Missing Authentication Token');
  if (typeof authz !== 'string' || authz.length > MAX_AUTHORIZATION) {
    return fail('incomplete', `The Authorization header is longer than ${MAX_AUTHORIZATION} characters.`);
  }
  const auth = parseAuthorization(authz);
  if (auth.error) return fail('incomplete', auth.error);

  const cred = findCredential(auth.accessKeyId);
  if (!cred) return fail('unknownKey', 'The security token included in the request is invalid.');
  const token = get('x-amz-security-token');
  // A temporary key is only valid together with its exact session token; a long-term key must
  // not carry one.
  if ((cred.sessionToken || undefined) !== (token || undefined)) {
    return fail('unknownKey', 'The security token included in the request is invalid.');
  }
  if (cred.expired || nowMs >= cred.expiresAt) { // an undefined expiresAt never expires
    return fail('expired', 'The security token included in the request is expired');
  }

  if (auth.service !== service) return fail('scope', `Credential should be scoped to correct service: '${service}'. `);
  if (!regions.includes(auth.region)) return fail('scope', `Credential should be scoped to a valid region, not '${auth.region}'. `);
  if (!auth.signedHeaders.includes('host')) {
    return fail('scope', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }

  const xAmzDate = get('x-amz-date');
  if (!xAmzDate) {
    return fail('incomplete', `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authz}`);
  }
  const reqMs = parseAmzDate(xAmzDate);
  if (Number.isNaN(reqMs)) {
    return fail('incomplete', `Date must be in ISO-8601 'basic format'. Got '${xAmzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  }
  if (auth.date !== xAmzDate.slice(0, 8)) {
    return fail('scope', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${xAmzDate.slice(0, 8)}', from '${xAmzDate}'.`);
  }
  // Same wording as AWS, so clients can recognise skew and correct their clock from it.
  if (reqMs < nowMs - MAX_SKEW_MS) {
    return fail('skew', `Signature expired: ${xAmzDate} is now earlier than ${amzDate(nowMs - MAX_SKEW_MS)} (${amzDate(nowMs)} - 5 min.)`);
  }
  if (reqMs > nowMs + MAX_SKEW_MS) {
    return fail('skew', `Signature not yet current: ${xAmzDate} is still later than ${amzDate(nowMs + MAX_SKEW_MS)} (${amzDate(nowMs)} + 5 min.)`);
  }
  if (!/^[0-9a-f]{64}$/.test(auth.signature)) return fail('mismatch', MISMATCH);

  // Re-sign exactly what the client signed: its signed headers (the signer adds host, the date,
  // the token and the payload hash itself), the raw path and query, and the body.
  const signed = new Set(auth.signedHeaders);
  const toSign = Object.create(null); // a signed header named __proto__ stays a plain key
  for (const name of signed) {
    const v = Object.hasOwn(headers, name) ? headerValue(headers[name]) : undefined;
    if (v !== undefined && !SIGNER_OWNED.has(name)) toSign[name] = String(v);
  }
  const contentSha = signed.has('x-amz-content-sha256') ? get('x-amz-content-sha256') : undefined;
  let ours;
  try {
    const out = signRequest({
      method,
      url: `http://${get('host') ?? ''}${path}${query ? `?${query}` : ''}`,
      headers: toSign,
      body: body === undefined || body === null || body.length === 0 ? undefined : body,
    }, {
      region: auth.region,
      service,
      credentials: {
        accessKeyId: cred.accessKeyId,
        secretAccessKey: cred.secretAccessKey,
        sessionToken: signed.has('x-amz-security-token') ? token : undefined,
      },
      signingDate: new Date(reqMs),
      uriEscapePath: true,
      applyChecksum: contentSha !== undefined,
      unsignedPayload: contentSha === 'UNSIGNED-PAYLOAD',
    });
    ours = parseAuthorization(out.headers.authorization ?? '');
  } catch {
    // The signer refuses what fetch could never send (a malformed host, URL or header value):
    // no signature over it can be right. Its message is not passed on, as it may quote input.
    return fail('mismatch', MISMATCH);
  }
  if (ours.error) return fail('mismatch', MISMATCH);
  const theirs = [...signed].sort().join(';');
  if (ours.signedHeaders.join(';') !== theirs) {
    const extra = [...signed].filter((h) => !ours.signedHeaders.includes(h));
    return fail('mismatch', extra.length
      ? `${MISMATCH} (The emulator signs only headers that reach the service unchanged; the request signed ${extra.join(', ')}.)`
      : MISMATCH);
  }
  if (!constantTimeEqual(ours.signature, auth.signature)) return fail('mismatch', MISMATCH);
  return null;
}
