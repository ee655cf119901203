// fromContainerMetadata: the ECS (and EKS Pod Identity) credentials endpoint.
// AWS_CONTAINER_CREDENTIALS_FULL_URI wins over AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (which
// goes on http://169.254.170.2); a full URI must be HTTPS or a loopback or the ECS/EKS hosts.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { absent, checkedCredentials, failed, serviceFailed, withSource } from './error.mjs';
import { backoff, json, jsonOrUndefined, redactUrl, request } from './http.mjs';

const ECS_HOST = 'http://169.254.170.2';
const ALLOWED_HTTP_HOSTS = new Set(['169.254.170.2', '169.254.170.23', '[fd00:ec2::23]', 'localhost']);
const SOURCE = 'ECS container credentials';

function isLoopback(hostname) {
  if (hostname === '[::1]') return true;
  return isIP(hostname) === 4 && hostname.startsWith('127.');
}

/** The endpoint URL from the environment, checked; undefined when neither variable is set. */
export function containerEndpoint(env = process.env) {
  const full = env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  const relative = env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
  if (full) {
    let url;
    try {
      url = new URL(full);
    } catch {
      throw failed(`${SOURCE}: AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL`);
    }
    if (url.protocol === 'https:') return url.href;
    if (url.protocol !== 'http:') throw failed(`${SOURCE}: AWS_CONTAINER_CREDENTIALS_FULL_URI must be http or https, not ${url.protocol}`);
    if (!ALLOWED_HTTP_HOSTS.has(url.hostname) && !isLoopback(url.hostname)) {
      throw failed(
        `${SOURCE}: AWS_CONTAINER_CREDENTIALS_FULL_URI host ${url.hostname} is not allowed over http: ` +
          'use https, a loopback address, 169.254.170.2, 169.254.170.23 or [fd00:ec2::23]',
      );
    }
    return url.href;
  }
  if (relative) return ECS_HOST + (relative.startsWith('/') ? relative : `/${relative}`);
  return undefined;
}

/** The Authorization header value: the token file (read on each request) wins over the token. */
function authorization(env) {
  const file = env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE;
  if (file) {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch (e) {
      throw failed(`${SOURCE}: cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE ${file}: ${e.code ?? e.message}`);
    }
  }
  return env.AWS_CONTAINER_AUTHORIZATION_TOKEN || undefined;
}

/**
 * @param {{ timeout?: number, maxRetries?: number }} [options] timeout per request (default
 *   1000 ms) and retries after the first attempt (default 3)
 */
export function fromContainerMetadata({ timeout = 1000, maxRetries = 3 } = {}) {
  return async () => {
    const env = process.env;
    const url = containerEndpoint(env);
    if (!url) throw absent(`${SOURCE}: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set`);
    let last;
    for (let attempt = 1; attempt <= maxRetries + 1; attempt++) {
      const token = authorization(env);
      try {
        const response = await request(SOURCE, url, { headers: token ? { authorization: token } : {}, timeoutMs: timeout });
        if (response.status >= 500 || response.status === 429) {
          last = serviceFailed(`${SOURCE} at ${redactUrl(url)} answered HTTP ${response.status}`);
        } else if (response.status !== 200) {
          const body = jsonOrUndefined(response.text);
          const detail = typeof body?.message === 'string' ? `: ${body.message.slice(0, 200)}` : '';
          throw Object.assign(serviceFailed(`${SOURCE} at ${redactUrl(url)} answered HTTP ${response.status}${detail}`), { final: true });
        } else {
          const data = json(SOURCE, response);
          const credentials = checkedCredentials(SOURCE, {
            accessKeyId: data?.AccessKeyId,
            secretAccessKey: data?.SecretAccessKey,
            sessionToken: data?.Token,
            expiration: data?.Expiration,
          });
          return withSource(credentials, 'ECS container');
        }
      } catch (e) {
        if (e.final || !(e.timedOut || e.cause)) throw e;
        last = e;
      }
      if (attempt <= maxRetries) await backoff(attempt);
    }
    throw last;
  };
}
