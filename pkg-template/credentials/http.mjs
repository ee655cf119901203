// One HTTP request of a credential source, over the global fetch, with a deadline. Failures
// become CredentialsProviderErrors that name the source and the URL (never a header value).
import { failed, mask, serviceFailed } from './error.mjs';

/**
 * @param {string} source what is asking, for messages ("the ECS container endpoint")
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string,string>, body?: string, timeoutMs?: number, onNetworkError?: (message: string, cause: unknown) => Error }} [init]
 * @returns {Promise<{ status: number, headers: Headers, text: string }>}
 */
export async function request(source, url, { method = 'GET', headers = {}, body, timeoutMs = 5000, onNetworkError = serviceFailed } = {}) {
  // fetch quotes a bad header value in its TypeError, and these values are tokens: refuse
  // them here with a message that names only the header.
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string' || /[^\t\x20-\x7e\x80-\xff]/.test(value)) {
      throw failed(`${source}: the ${name} header would have a control character or a character fetch cannot send`);
    }
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { method, headers, body, signal: controller.signal, redirect: 'error' });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (e) {
    const why = controller.signal.aborted
      ? `no answer within ${timeoutMs} ms`
      : `${e?.cause?.code ?? e?.name ?? 'Error'}: ${mask(e?.cause?.message ?? e?.message ?? e)}`;
    const error = onNetworkError(`${source} at ${redactUrl(url)}: ${why}`, e);
    error.timedOut = controller.signal.aborted;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** A URL for a message: without user info or query (which may carry secrets). */
export function redactUrl(url) {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(an invalid URL)';
  }
}

/** The JSON of an error answer's body, or undefined: only for picking out a message. */
export function jsonOrUndefined(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The JSON of a response body, or a failed() that names the source. */
export function json(source, { status, text }) {
  try {
    return JSON.parse(text);
  } catch {
    throw serviceFailed(`${source} answered HTTP ${status} with a body that is not JSON${text.length ? '' : ' (it is empty)'}`);
  }
}

/** Sleeps for the backoff before attempt `attempt` (1-based): 100 ms, 200 ms, 400 ms… */
export const backoff = (attempt) => new Promise((resolve) => setTimeout(resolve, 100 * 2 ** (attempt - 1)));
