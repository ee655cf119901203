// The project's second signature check: @smithy/signature-v4, an implementation independent
// of the package's own signer, run by the emulator after its own check (startEmulator's
// extraVerifier hook). A bug in our signer that the shipped emulator would "verify" with the
// same bug fails here. Only our tests use it: @smithy is a dev dependency and never ships.
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { timingSafeEqual } from 'node:crypto';
// The decoded query map smithy expects (it re-encodes names and values itself): the
// emulator's own reading, which its signature check does not use.
import { parseQuery } from '../../pkg/emulator/server.mjs';

let checked = 0;
/** How many requests this check has passed or refused, for tests that it really runs. */
export const smithyChecks = () => checked;

const MISMATCH = { name: 'InvalidSignatureException', message: 'The request signature does not match @smithy/signature-v4\'s (the second check of the project\'s tests).' };

/** startEmulator's extraVerifier: null when smithy computes the same signature, else an error. */
export async function smithyVerifier({ method, path, query, headers, body, service, nowMs, findCredential }) {
  checked++;
  const authz = String(headers.authorization ?? '');
  const m = /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/
    .exec(authz.trim());
  if (!m) return MISMATCH; // the emulator's own check accepted it: smithy's reading differs
  const [, accessKeyId, , region, scopeService, signedHeaders, signature] = m;
  const cred = findCredential(accessKeyId);
  if (!cred || scopeService !== service) return MISMATCH;
  const xAmzDate = String(headers['x-amz-date']);
  const d = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(xAmzDate);
  if (!d || Math.abs(Date.UTC(+d[1], d[2] - 1, +d[3], +d[4], +d[5], +d[6]) - nowMs) > 5 * 60 * 1000) return MISMATCH;
  const names = signedHeaders.split(';');
  // Rebuild the request from exactly the signed headers and the RAW path;
  // uriEscapePath:true then double-encodes it, which is what Connect expects.
  const signed = Object.create(null);
  for (const name of names) {
    const v = headers[name];
    if (v !== undefined) signed[name] = Array.isArray(v) ? v.join(',') : v;
  }
  const host = String(headers.host ?? '');
  const colon = host.lastIndexOf(':');
  const request = new HttpRequest({
    method,
    protocol: 'http:',
    hostname: colon > 0 ? host.slice(0, colon) : host,
    port: colon > 0 ? Number(host.slice(colon + 1)) : undefined,
    path,
    query: parseQuery(query),
    headers: signed,
    body: body?.length ? body : undefined,
  });
  const signer = new SignatureV4({
    credentials: { accessKeyId: cred.accessKeyId, secretAccessKey: cred.secretAccessKey },
    region,
    service,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: true,
    applyChecksum: false,
  });
  const out = await signer.sign(request, {
    signingDate: new Date(Date.UTC(+d[1], d[2] - 1, +d[3], +d[4], +d[5], +d[6])),
    signingRegion: region,
    signingService: service,
    signableHeaders: new Set(names), // honour whatever the client chose to sign
  });
  const expected = /Signature=([0-9a-f]{64})/.exec(out.headers.authorization)?.[1] ?? '';
  return expected.length === 64 && timingSafeEqual(Buffer.from(expected), Buffer.from(signature)) ? null : MISMATCH;
}
