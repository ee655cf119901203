// The one error every credential provider rejects with, named as the AWS SDK names it.
// `tryNextLink` tells the chain that the source is absent (go on) rather than failed (stop).

export class CredentialsProviderError extends Error {
  /**
   * @param {string} message which source failed and why; never a secret
   * @param {{ tryNextLink?: boolean, cause?: unknown }} [options]
   */
  constructor(message, { tryNextLink = false, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'CredentialsProviderError';
    this.tryNextLink = tryNextLink;
    this.$fault = 'client';
  }
}

/** A source that is not configured here: the chain goes on to the next one. */
export const absent = (message) => new CredentialsProviderError(message, { tryNextLink: true });

/** A configured source that failed: the chain stops with this error. */
export const failed = (message, cause) => new CredentialsProviderError(message, { cause });

/**
 * A configured source whose service failed (a network error, or an HTTP or AWS error answer),
 * as opposed to a mistake in the configuration: `fromService` tells the CLI's exit code.
 */
export function serviceFailed(message, cause) {
  const error = failed(message, cause);
  error.fromService = true;
  return error;
}

// Access key ids (AKIA…, ASIA…), runs of 40+ key or token characters (secret keys are 40 of
// base64, session tokens and JWTs longer), and runs of 20+ without a `/` (bearer tokens, ids),
// in text that is about to be shown. A file path of 20+ characters keeps its slashes, so stays.
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA|AIDA|AROA|ABIA|ACCA)[A-Z0-9]{12,}\b/g;
const LONG_TOKEN = /[A-Za-z0-9+/=_\-.]{40,}/g;
const TOKEN_LIKE = /[A-Za-z0-9+=_\-.]{20,}/g;

/** `text` with everything that looks like a key or a token replaced by `****`. */
export const mask = (text) =>
  String(text).replace(ACCESS_KEY_ID, '****').replace(LONG_TOKEN, '****').replace(TOKEN_LIKE, '****');

/** Credentials as every provider returns them, checked: the message names `source`. */
export function checkedCredentials(source, { accessKeyId, secretAccessKey, sessionToken, expiration }) {
  const missing = [
    ['accessKeyId', accessKeyId],
    ['secretAccessKey', secretAccessKey],
  ].filter(([, v]) => typeof v !== 'string' || v === '').map(([k]) => k);
  if (missing.length) throw failed(`${source} gave no ${missing.join(' and ')}`);
  const out = { accessKeyId, secretAccessKey };
  if (sessionToken !== undefined && sessionToken !== null && sessionToken !== '') {
    if (typeof sessionToken !== 'string') throw failed(`${source} gave a sessionToken that is not a string`);
    out.sessionToken = sessionToken;
  }
  if (expiration !== undefined && expiration !== null && expiration !== '') {
    const date = expiration instanceof Date ? expiration : new Date(expiration);
    if (Number.isNaN(date.getTime())) throw failed(`${source} gave an expiration that is not a time: ${JSON.stringify(String(expiration)).slice(0, 60)}`);
    out.expiration = date;
  }
  return out;
}

/** Labels the credentials with the source that gave them (not enumerable: JSON skips it). */
export function withSource(credentials, source) {
  Object.defineProperty(credentials, '$source', { value: source, enumerable: false, configurable: true });
  return credentials;
}
