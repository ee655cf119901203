// STS's two calls, AssumeRole (signed with the source credentials by our own signer) and
// AssumeRoleWithWebIdentity (unsigned): the WASM core (the STS .wasm) builds the form bodies
// and parses the XML answers; this sends them, retrying throttling, 5xx and network failures.
import { failed, serviceFailed } from './error.mjs';
import { configuredEndpoint } from './endpoints.mjs';
import { backoff, request } from './http.mjs';
import { stsWasm } from './sts-wasm.mjs';

const MAX_ATTEMPTS = 3;

/** The region STS is called in: the profile's, else the client's, else us-east-1. */
export const stsRegion = (profileRegion, clientConfig) => profileRegion || clientConfig?.region || 'us-east-1';

async function call(action, build, subject) {
  let built;
  try {
    built = build();
  } catch (e) {
    throw failed(`${subject}: ${e?.message ?? e}`, e);
  }
  for (let attempt = 1; ; attempt++) {
    let response;
    try {
      response = await request(`STS ${action}`, built.url, { method: 'POST', headers: built.headers, body: built.body, timeoutMs: 10_000 });
    } catch (e) {
      if (attempt < MAX_ATTEMPTS) {
        await backoff(attempt);
        continue;
      }
      throw serviceFailed(`${subject}: ${e.message}`, e);
    }
    try {
      return stsWasm().__stsParse(action, response.status, response.headers.get('x-amzn-requestid') ?? undefined, response.text);
    } catch (e) {
      if (e?.$retryable && attempt < MAX_ATTEMPTS) {
        await backoff(attempt);
        continue;
      }
      throw serviceFailed(`${subject}: ${e?.name ?? 'Error'}: ${e?.message ?? e}`, e);
    }
  }
}

/** AssumeRole of `roleArn` with `source` credentials. */
export function assumeRole({ region, endpoint, source, roleArn, roleSessionName, externalId, durationSeconds, subject }) {
  return call(
    'AssumeRole',
    () =>
      stsWasm().__stsAssumeRole(region, endpoint, source.accessKeyId, source.secretAccessKey, source.sessionToken,
        roleArn, roleSessionName, externalId, durationSeconds, Date.now()),
    subject ?? `AssumeRole of ${roleArn}`,
  );
}

/** AssumeRoleWithWebIdentity of `roleArn` with the OIDC `webIdentityToken`. */
export function assumeRoleWithWebIdentity({ region, endpoint, roleArn, roleSessionName, webIdentityToken, durationSeconds, subject }) {
  return call(
    'AssumeRoleWithWebIdentity',
    () => stsWasm().__stsWebIdentity(region, endpoint, roleArn, roleSessionName, webIdentityToken, durationSeconds),
    subject ?? `AssumeRoleWithWebIdentity of ${roleArn}`,
  );
}

/** The STS endpoint override for a profile, if any. */
export const stsEndpoint = (context) => configuredEndpoint('sts', context);

/** A default session name, as the SDKs make one. */
export const defaultSessionName = () => `connect-phone-${Date.now()}`;

/** Only what a provider returns: no $metadata, no assumedRoleArn in the enumerable fields. */
export function providerCredentials({ accessKeyId, secretAccessKey, sessionToken, expiration }) {
  return { accessKeyId, secretAccessKey, sessionToken, expiration };
}
