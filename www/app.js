// Demo admin console for connect-phone-wasm: describes an Amazon Connect phone number from the
// browser. No framework. Credentials live only in the form fields (this tab's memory): they are
// never written to storage, the URL, the DOM's attributes or the history. In the "Cognito identity
// pool" mode the page holds no keys at all: fromCognitoIdentityPool gets temporary ones, which
// only the client keeps; the page sees (and shows) just the identity ID and the expiry, and the
// package caches that identity ID in localStorage.

const $ = (selector) => document.querySelector(selector);
const els = {
  form: $('#lookup'),
  region: $('#region'),
  endpoint: $('#endpoint'),
  accessKeyId: $('#access-key-id'),
  secret: $('#secret-access-key'),
  sessionToken: $('#session-token'),
  modeKeys: $('#cred-mode-keys'),
  modeCognito: $('#cred-mode-cognito'),
  keysPanel: $('#keys-panel'),
  cognitoPanel: $('#cognito-panel'),
  identityPoolId: $('#identity-pool-id'),
  loginProvider: $('#login-provider'),
  idToken: $('#id-token'),
  identityBox: $('#cognito-identity'),
  forgetIdentity: $('#forget-identity'),
  cognitoNote: $('#cognito-note'),
  phoneId: $('#phone-id'),
  maxAttempts: $('#max-attempts'),
  requestTimeout: $('#request-timeout'),
  adaptiveRetries: $('#adaptive-retries'),
  waitMinDelay: $('#wait-min-delay'),
  waitMaxDelay: $('#wait-max-delay'),
  waitMaxTime: $('#wait-max-time'),
  describe: $('#describe'),
  wait: $('#wait'),
  cancel: $('#cancel'),
  demoCredentials: $('#demo-credentials'),
  forgetCredentials: $('#forget-credentials'),
  demoNote: $('#demo-note'),
  samples: $('#samples'),
  envNote: $('#env-note'),
  alerts: $('#alerts'),
  status: $('#status'),
  waitProgress: $('#wait-progress'),
  waitProgressText: $('#wait-progress-text'),
  waitProgressBar: $('#wait-progress-bar'),
  result: $('#result'),
  resultPanel: $('#result-panel'),
  history: $('#history'),
  historyEmpty: $('#history-empty'),
};

const DESCRIBE_LABEL = 'Describe';
const BUSY_LABEL = 'Describing…';
const WAIT_LABEL = 'Wait until claimed';
const WAIT_BUSY_LABEL = 'Waiting…';
const HISTORY_LIMIT = 10;

let lib = null;            // the connect-phone-wasm module, once loaded
let config = null;         // /config.json from the www server (null when served elsewhere)
let inFlight = null;       // { controller, kind: 'describe' | 'wait' } while a call or a wait runs
const history = [];        // newest first; never holds credentials
let completedCalls = 0;    // exposed as form[data-completed] for tests and tooling
let lastClientOptions = null; // what the last ConnectClient was created with, minus the credentials
let credentialMode = 'keys'; // 'keys' | 'cognito'
let cognito = null;        // the Cognito session: one provider (and client) per settings, see cognitoSession()

// For tests and tooling: the options of the last client the page created, without credentials,
// and what the page knows of its Cognito identity (never the keys or the token).
Object.defineProperty(window, 'connectConsole', {
  value: Object.freeze({
    get lastClientOptions() { return lastClientOptions; },
    get credentialMode() { return credentialMode; },
    get cognito() {
      if (!cognito) return null;
      return Object.freeze({
        identityId: cognito.identity?.identityId ?? null,
        expiration: cognito.identity?.expiration.toISOString() ?? null,
        authenticated: cognito.authenticated,
        providerCalls: cognito.calls,
        error: cognito.error?.name ?? null,
      });
    },
  }),
});

// ---------------------------------------------------------------------------------------------
// Small DOM helpers (textContent only: every value from the service is untrusted text).

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c != null && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

// ---------------------------------------------------------------------------------------------
// Formatting.

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CALLING_CODES = {
  US: '1', CA: '1', PR: '1', VI: '1', GU: '1', AS: '1', MP: '1', JM: '1', BS: '1', BB: '1', TT: '1', DO: '1',
  GB: '44', GG: '44', JE: '44', IM: '44', DE: '49', FR: '33', ES: '34', IT: '39', NL: '31', BE: '32', CH: '41',
  AT: '43', IE: '353', PT: '351', SE: '46', NO: '47', DK: '45', FI: '358', PL: '48', CZ: '420', HU: '36',
  RO: '40', GR: '30', TR: '90', IL: '972', ZA: '27', NG: '234', KE: '254', EG: '20', IN: '91', PK: '92',
  JP: '81', KR: '82', CN: '86', HK: '852', TW: '886', SG: '65', MY: '60', TH: '66', ID: '62', PH: '63',
  VN: '84', AU: '61', NZ: '64', MX: '52', BR: '55', AR: '54', CL: '56', CO: '57', PE: '51', RU: '7', KZ: '7',
  AE: '971', SA: '966',
};

function groups(digits, sizes) {
  const out = [];
  let i = 0;
  for (const n of sizes) {
    if (i >= digits.length) break;
    out.push(digits.slice(i, i + n));
    i += n;
  }
  if (i < digits.length) out.push(digits.slice(i));
  return out;
}

/** Splits the rest of a number into groups of 3, with a final 4 rather than a lone digit. */
function genericGroups(digits) {
  const out = [];
  let rest = digits;
  while (rest.length > 4) {
    const take = rest.length === 5 ? 2 : 3;
    out.push(rest.slice(0, take));
    rest = rest.slice(take);
  }
  if (rest) out.push(rest);
  return out;
}

function formatNational(cc, n) {
  switch (cc) {
    case '1':
      return n.length === 10 ? `${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}` : null;
    case '44':
      if (n.length !== 10) return null;
      if (n.startsWith('2')) return groups(n, [2, 4, 4]).join(' ');
      if (n.startsWith('7') || n.startsWith('1')) return groups(n, [4, 6]).join(' ');
      return groups(n, [3, 3, 4]).join(' ');
    case '49': {
      const area = /^(30|40|69|89)/.test(n) ? 2 : /^1[5-7]/.test(n) ? 3 : 4;
      return `${n.slice(0, area)} ${n.slice(area)}`;
    }
    case '33':
      return n.length === 9 ? groups(n, [1, 2, 2, 2, 2]).join(' ') : null;
    case '61':
      if (n.length !== 9 && n.length !== 10) return null;
      if (n.startsWith('1')) return groups(n, [4, 3, 3]).join(' ');
      if (n.startsWith('4')) return groups(n, [3, 3, 3]).join(' ');
      return groups(n, [1, 4, 4]).join(' ');
    case '81':
      return n.length === 10 && n.startsWith('120') ? groups(n, [3, 3, 3]).join(' ') : null;
    default:
      return null;
  }
}

/** Formats an E.164 number for reading: `+12065550100` → `+1 206-555-0100`. */
export function formatPhoneNumber(e164, countryCode) {
  if (typeof e164 !== 'string' || !/^\+\d{4,15}$/.test(e164)) return e164 ?? '';
  const digits = e164.slice(1);
  let cc = CALLING_CODES[countryCode];
  if (!cc || !digits.startsWith(cc)) {
    // Unknown or mismatching country: guess the calling code's length (1 for +1/+7, else 2).
    cc = /^[17]/.test(digits) ? digits[0] : digits.slice(0, 2);
  }
  const national = digits.slice(cc.length);
  return `+${cc} ${formatNational(cc, national) ?? genericGroups(national).join(' ')}`;
}

const FALLBACK_COUNTRIES = {
  US: 'United States', CA: 'Canada', GB: 'United Kingdom', DE: 'Germany', FR: 'France', AU: 'Australia',
  JP: 'Japan', SG: 'Singapore', ZA: 'South Africa', KR: 'South Korea', NZ: 'New Zealand', BR: 'Brazil',
  IN: 'India', IE: 'Ireland', IT: 'Italy', ES: 'Spain', NL: 'Netherlands', MX: 'Mexico',
};

let regionNames = null;
try {
  regionNames = new Intl.DisplayNames([...(navigator.languages ?? []), 'en'], { type: 'region', fallback: 'none' });
} catch {
  regionNames = null;
}

export function countryName(code) {
  if (!code) return '';
  try {
    const name = regionNames?.of(code);
    if (name && name !== code) return name;
  } catch { /* not a valid region subtag */ }
  return FALLBACK_COUNTRIES[code] ?? code;
}

const TYPE_LABELS = {
  DID: 'Direct inward dialing',
  TOLL_FREE: 'Toll-free',
  UIFN: 'Universal international freephone',
  SHARED: 'Shared',
  THIRD_PARTY_TF: 'Third-party toll-free',
  THIRD_PARTY_DID: 'Third-party direct dial',
  SHORT_CODE: 'Short code',
};

const STATUS_CLASS = { CLAIMED: 'ok', IN_PROGRESS: 'pending', FAILED: 'failed' };
const STATUS_LABEL = { CLAIMED: 'Claimed', IN_PROGRESS: 'In progress', FAILED: 'Failed' };

const formatMs = (ms) => (ms < 10 ? ms.toFixed(1) : Math.round(ms).toString());

// ---------------------------------------------------------------------------------------------
// Hints for errors people hit.

const SKEW_NAMES = new Set(['RequestTimeTooSkewed', 'RequestExpired', 'RequestInTheFuture']);
const SKEW_MAYBE = new Set(['InvalidSignatureException', 'SignatureDoesNotMatch', 'AuthFailure', 'InvalidSignature']);
const SKEW_WORDING = /signature expired|not yet current|too skewed|clock skew|request time/i;

/** Hints for what the identity pool answered (the `cause` of a CredentialsError). */
export function cognitoHint(name, message = '') {
  switch (name) {
    case 'NotAuthorizedException':
      return {
        kind: 'cognito-not-authorized',
        text: 'The identity pool refused the login. Check the provider name and that the ID token is current '
          + '(ID tokens expire, often after an hour). With no ID token, the pool must allow unauthenticated identities.',
      };
    case 'ResourceNotFoundException':
      return /^Identity '/.test(message)
        ? {
          kind: 'cognito-identity-gone',
          text: 'The identity ID this browser remembered no longer exists in the pool. It has been forgotten: '
            + 'describe again to get a new identity.',
        }
        : { kind: 'cognito-pool', text: 'Check the identity pool ID and its Region (the part before the `:`).' };
    case 'ResourceConflictException':
      return { kind: 'cognito-conflict', text: 'These logins belong to two different identities in the pool. Use one login.' };
    case 'TooManyRequestsException':
    case 'LimitExceededException':
      return { kind: 'cognito-throttling', text: 'The identity pool is throttling requests. Wait a moment and describe again.' };
    case 'InvalidIdentityPoolConfigurationException':
      return { kind: 'cognito-config', text: 'The identity pool has no usable IAM role for this identity: check the pool’s roles and their trust policies.' };
    case 'NetworkError':
      return { kind: 'network', text: 'The identity pool’s endpoint could not be reached: check the endpoint, that it is running, and that it allows this page’s origin (CORS).' };
    default:
      return { kind: 'cognito', text: 'Getting credentials from the identity pool failed, so nothing was sent to Amazon Connect.' };
  }
}

/**
 * What the banner names: the error itself, or, for a CredentialsError from the identity pool, the
 * Cognito error it wraps (its `cause`: a copy with the name and message only).
 */
export function shownError(error, { cognito = false } = {}) {
  const cause = error?.cause;
  if (cognito && error?.name === 'CredentialsError' && cause?.name) {
    return { name: cause.name, message: cause.message || error.message || '', via: 'CredentialsError' };
  }
  return { name: error?.name || 'Error', message: error?.message || '', via: null };
}

export function hintFor(error, phoneNumberId, { adaptive = false, cognito = false } = {}) {
  const name = error?.name;
  const message = String(error?.message ?? '');
  if (cognito && name === 'CredentialsError') {
    // Never the TDG hint for a Cognito ResourceNotFoundException: nothing reached Connect.
    return error?.cause?.name ? cognitoHint(error.cause.name, String(error.cause.message ?? ''))
      : { kind: 'cognito', text: 'Getting credentials from the identity pool failed, so nothing was sent to Amazon Connect.' };
  }
  if (cognito && (name === 'UnrecognizedClientException' || name === 'ExpiredTokenException')) {
    return { kind: 'credentials', text: 'Amazon Connect refused the identity pool’s temporary credentials. Use “Forget identity” and describe again.' };
  }
  // The waiter's own outcomes (they carry a `state`; the client's TimeoutError has none).
  if (name === 'WaiterFailure' && error?.state === 'FAILURE') {
    return {
      kind: 'claim-failed',
      text: 'Amazon Connect ended the claim with FAILED, so waiting longer will not help. The message above is '
        + 'the service’s reason; fix what it names and claim a number again.',
    };
  }
  if (name === 'TimeoutError' && error?.state === 'TIMEOUT') {
    return {
      kind: 'wait-timeout',
      text: 'The number was still not CLAIMED when the maximum wait ran out. Wait again, or allow a longer '
        + '“Max wait” under Advanced.',
    };
  }
  if (name === 'ResourceNotFoundException' && UUID_RE.test(phoneNumberId.trim())) {
    return {
      kind: 'tdg',
      text: 'Numbers claimed to a traffic distribution group can be described by UUID only from the Region '
        + 'where the group was created. From its other Region, use the full phone number ARN '
        + '(`arn:aws:connect:REGION:ACCOUNT:phone-number/UUID`) instead of the bare UUID.',
    };
  }
  if (SKEW_NAMES.has(name) || (SKEW_MAYBE.has(name) && SKEW_WORDING.test(message))) {
    return {
      kind: 'skew',
      text: 'The signature’s time is more than 5 minutes away from the service’s clock. Check this computer’s '
        + 'date, time and time zone settings. With more than one attempt allowed, the client corrects the skew '
        + 'from the response’s Date header and retries by itself.',
    };
  }
  if (name === 'UnrecognizedClientException' || name === 'ExpiredTokenException' || name === 'CredentialsError') {
    return { kind: 'credentials', text: 'Check the access key ID, and give a fresh session token with temporary (ASIA…) keys.' };
  }
  if (name === 'InvalidSignatureException' || name === 'SignatureDoesNotMatch') {
    return { kind: 'signature', text: 'Check the secret access key and that the Region matches the endpoint.' };
  }
  if (name === 'NetworkError') {
    return { kind: 'network', text: 'The request did not reach the service: check the endpoint, that it is running, and that it allows this page’s origin (CORS).' };
  }
  if (name === 'ThrottlingException' || name === 'TooManyRequestsException') {
    return {
      kind: 'throttling',
      text: 'The service is throttling requests even after retries. Wait a moment, or allow more attempts'
        + (adaptive ? '.' : ', or turn on adaptive retries under Advanced.'),
    };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Rendering.

function setStatus(text) {
  els.status.textContent = text;
}

function clearAlerts() {
  els.alerts.replaceChildren();
}

/** `cognitoCall`: what the page's provider wrapper saw of the failed Cognito call, if any. */
function showError(error, phoneNumberId, latencyMs, extraFacts = [], { cognito = false, cognitoCall = null } = {}) {
  const shown = shownError(error, { cognito });
  const name = shown.name;
  const meta = error?.$metadata ?? {};
  const hint = hintFor(error, phoneNumberId, { adaptive: els.adaptiveRetries.checked, cognito });
  const facts = [...extraFacts];
  let requestId = meta.requestId;
  if (shown.via) {
    // Nothing reached Connect: the facts are the Cognito call's, as far as the page saw them.
    facts.push(`${shown.via} from the Cognito identity pool`);
    if (cognitoCall?.httpStatusCode) facts.push(`Cognito HTTP ${cognitoCall.httpStatusCode}`);
    if (cognitoCall?.attempts != null) facts.push(`${cognitoCall.attempts} Cognito attempt${cognitoCall.attempts === 1 ? '' : 's'}`);
    requestId = cognitoCall?.requestId;
  } else {
    if (meta.httpStatusCode ?? error?.statusCode) facts.push(`HTTP ${meta.httpStatusCode ?? error.statusCode}`);
    if (error?.$fault && !error.state) facts.push(`${error.$fault} fault`); // not for a waiter's outcome (FAILED, TIMEOUT)
    if (meta.attempts != null) facts.push(`${meta.attempts} attempt${meta.attempts === 1 ? '' : 's'}`);
  }
  if (latencyMs != null) facts.push(`${formatMs(latencyMs)} ms`);
  const banner = h('div', { class: 'banner error', 'data-error-name': name, 'data-error-via': shown.via, 'data-hint': hint?.kind },
    h('p', { class: 'banner-title' },
      h('span', { class: 'banner-icon', 'aria-hidden': 'true', text: '!' }),
      h('span', { class: 'visually-hidden', text: 'Error: ' }),
      h('code', { class: 'error-name', text: name })),
    h('p', { class: 'error-message', text: shown.message || '(no message)' }),
    facts.length ? h('p', { class: 'error-facts', text: facts.join(' · ') }) : null,
    requestId ? h('p', { class: 'error-facts' }, shown.via ? 'Cognito request ID ' : 'Request ID ', h('code', { class: 'request-id', text: requestId })) : null,
    hint ? h('p', { class: `hint hint-${hint.kind}` }, h('strong', { text: 'Hint: ' }),
      hint.text.split('`').map((part, i) => (i % 2 ? h('code', { text: part }) : part))) : null);
  els.alerts.replaceChildren(banner);
}

/** A neutral banner for an outcome that is not an error (a wait the user cancelled). */
function showNotice(title, message, outcome) {
  els.alerts.replaceChildren(h('div', { class: 'banner notice', 'data-outcome': outcome },
    h('p', { class: 'banner-title' },
      h('span', { class: 'banner-icon', 'aria-hidden': 'true', text: '–' }),
      h('strong', { class: 'notice-title', text: title })),
    h('p', { class: 'notice-message', text: message })));
}

function row(label, value, field, { mono = false } = {}) {
  const dd = value instanceof Node ? h('dd', { 'data-field': field }, value)
    : h('dd', { 'data-field': field, class: mono ? 'mono' : null, text: value === '' || value == null ? '—' : value });
  return [h('dt', { text: label }), dd];
}

function statusBadge(status) {
  const s = status?.Status ?? 'UNKNOWN';
  return h('span', { class: `badge badge-${STATUS_CLASS[s] ?? 'unknown'}`, 'data-status': s },
    h('span', { class: 'badge-dot', 'aria-hidden': 'true' }), STATUS_LABEL[s] ?? s);
}

function renderResult(summary, meta, latencyMs, clockOffsetMs, extraMeta = []) {
  const s = summary ?? {};
  const formatted = formatPhoneNumber(s.PhoneNumber, s.PhoneNumberCountryCode);
  const country = s.PhoneNumberCountryCode
    ? `${countryName(s.PhoneNumberCountryCode)} (${s.PhoneNumberCountryCode})` : '';
  const type = s.PhoneNumberType
    ? `${TYPE_LABELS[s.PhoneNumberType] ?? s.PhoneNumberType} (${s.PhoneNumberType})` : '';

  const tagEntries = Object.entries(s.Tags ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const tags = tagEntries.length
    ? h('table', { class: 'tags' },
      h('caption', { class: 'visually-hidden', text: 'Tags' }),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Key' }), h('th', { scope: 'col', text: 'Value' }))),
      h('tbody', {}, tagEntries.map(([k, v]) => h('tr', {}, h('th', { scope: 'row', class: 'mono', text: k }), h('td', { text: v })))))
    : h('p', { class: 'help', text: 'No tags.' });

  // The badge sits in the card header; this row spells the workflow status out with its message.
  const statusCode = s.PhoneNumberStatus?.Status ?? 'UNKNOWN';
  const statusCell = h('div', { class: 'status-cell' },
    h('span', { class: `status-code status-${STATUS_CLASS[statusCode] ?? 'unknown'}`, 'data-field': 'status-code' },
      h('span', { class: 'badge-dot', 'aria-hidden': 'true' }), h('code', { text: statusCode })),
    s.PhoneNumberStatus?.Message ? h('span', { class: 'status-message', 'data-field': 'status-message', text: s.PhoneNumberStatus.Message }) : null);

  const metaItems = [
    ['Request ID', meta.requestId ?? '—', 'request-id', true],
    ['Attempts', String(meta.attempts ?? '—'), 'attempts'],
    ['Latency', `${formatMs(latencyMs)} ms`, 'latency'],
    ['HTTP status', String(meta.httpStatusCode ?? '—'), 'http-status'],
  ];
  if (meta.totalRetryDelay) metaItems.push(['Retry delay', `${formatMs(meta.totalRetryDelay)} ms`, 'retry-delay']);
  if (clockOffsetMs) metaItems.push(['Clock offset', `${clockOffsetMs > 0 ? '+' : ''}${(clockOffsetMs / 1000).toFixed(0)} s (corrected)`, 'clock-offset']);
  metaItems.push(...extraMeta);

  els.result.replaceChildren(
    h('header', { class: 'card-header' },
      h('div', {},
        h('p', { class: 'number', id: 'result-number', 'data-field': 'number', text: formatted || '—' }),
        h('p', { class: 'e164 mono', 'data-field': 'e164', text: s.PhoneNumber ?? '' })),
      statusBadge(s.PhoneNumberStatus)),
    h('dl', { class: 'details' },
      row('Country', country, 'country'),
      row('Type', type, 'type'),
      row('Status', statusCell, 'status'),
      row('Description', s.PhoneNumberDescription, 'description'),
      row('Phone number ID', s.PhoneNumberId, 'phone-number-id', { mono: true }),
      row('Phone number ARN', s.PhoneNumberArn, 'phone-number-arn', { mono: true }),
      row('Target ARN', s.TargetArn, 'target-arn', { mono: true }),
      row('Source phone number ARN', s.SourcePhoneNumberArn, 'source-phone-number-arn', { mono: true }),
      row('Instance ID', s.InstanceId, 'instance-id', { mono: true })),
    h('h3', { class: 'card-subheading', text: `Tags (${tagEntries.length})` }),
    tags,
    h('h3', { class: 'card-subheading', text: 'Call' }),
    h('dl', { class: 'meta' }, metaItems.map(([label, value, field, mono, wide]) =>
      h('div', { class: wide ? 'meta-item wide' : 'meta-item' }, h('dt', { text: label }),
        h('dd', { 'data-field': field, class: mono ? 'mono' : null }, value)))),
  );
  els.result.hidden = false;
}

/** On a narrow screen the result is below the form: bring it into view (focus stays put). */
function revealResult() {
  if (!matchMedia('(max-width: 820px)').matches) return;
  const top = els.resultPanel.getBoundingClientRect().top;
  if (top > 80 || top < 0) {
    const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
    els.resultPanel.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
  }
}

function renderHistory() {
  els.historyEmpty.hidden = history.length > 0;
  els.history.replaceChildren(...history.map((entry) => {
    const outcome = entry.ok
      ? h('span', { class: 'history-outcome ok' }, h('span', { 'aria-hidden': 'true', text: '✓ ' }), entry.summary)
      : h('span', { class: 'history-outcome failed' }, h('span', { 'aria-hidden': 'true', text: '✗ ' }), entry.summary);
    return h('li', {},
      h('button', {
        type: 'button',
        class: 'history-item',
        'data-history-id': entry.phoneNumberId,
        'data-history-kind': entry.kind ?? 'describe',
        onclick: () => repeat(entry),
      },
      h('span', { class: 'history-id mono', text: entry.phoneNumberId }),
      h('span', { class: 'history-line' }, entry.kind === 'wait' ? h('span', { class: 'history-kind', text: 'Wait: ' }) : null, outcome,
        h('span', { class: 'history-when', text: ` · ${entry.region} · ${entry.time.toLocaleTimeString()}` }))));
  }));
}

function remember(entry) {
  history.unshift(entry);
  history.length = Math.min(history.length, HISTORY_LIMIT);
  renderHistory();
}

function repeat(entry) {
  if (inFlight) return;
  els.phoneId.value = entry.phoneNumberId;
  els.region.value = entry.region;
  els.endpoint.value = entry.endpoint;
  if (entry.kind === 'wait') waitUntilClaimed();
  else els.form.requestSubmit(els.describe);
}

// ---------------------------------------------------------------------------------------------
// Credentials from a Cognito identity pool.

const IDENTITY_CACHE_PREFIX = 'aws:cognito-identity-credentials:'; // the package's localStorage keys

/** The console's endpoint, for Cognito too when it is not an AWS one (the local emulator). */
export function cognitoEndpointFor(endpoint) {
  if (!endpoint) return undefined;
  try {
    if (/(^|\.)amazonaws\.com(\.cn)?$/i.test(new URL(endpoint).hostname)) return undefined; // Connect's, not Cognito's
  } catch { /* not a URL: fromCognitoIdentityPool says so */ }
  return endpoint;
}

/** The Cognito settings in the form now. Without an ID token there is no login. */
function cognitoSettings() {
  const idToken = els.idToken.value.trim();
  return {
    identityPoolId: els.identityPoolId.value.trim(),
    endpoint: cognitoEndpointFor(els.endpoint.value.trim()),
    loginProvider: idToken ? els.loginProvider.value.trim() : '',
    idToken,
  };
}

// Held in memory only, to tell whether the settings changed (the token is in its field anyway).
const settingsKey = (c) => JSON.stringify([c.identityPoolId, c.endpoint ?? '', c.loginProvider, c.idToken]);

const currentSession = () => (cognito && cognito.key === settingsKey(cognitoSettings()) ? cognito : null);

function formatExpiry(date, now = Date.now()) {
  const minutes = Math.round((date.getTime() - now) / 60_000);
  const sameDay = date.toDateString() === new Date(now).toDateString();
  const when = sameDay ? date.toLocaleTimeString() : date.toLocaleString();
  const relative = minutes > 0 ? `in ${minutes} min` : minutes === 0 ? 'now' : `${-minutes} min ago`;
  return `${when} (${relative})`;
}

const expiryNode = (date) => h('time', { datetime: date.toISOString(), text: formatExpiry(date) });

/** The identity box under the Cognito fields: what the page knows of the identity (no secrets). */
function renderIdentity() {
  const s = currentSession();
  const box = els.identityBox;
  if (s?.pending) {
    box.dataset.state = 'pending';
    box.replaceChildren(h('p', { class: 'identity-line', text: 'Getting credentials from the identity pool…' }));
  } else if (s?.error) {
    box.dataset.state = 'error';
    box.replaceChildren(h('p', { class: 'identity-line' }, 'No credentials: the pool answered ',
      h('code', { 'data-field': 'identity-error', text: s.error.name }), '.'));
  } else if (s?.identity) {
    box.dataset.state = 'ok';
    box.replaceChildren(
      h('p', { class: 'identity-kind', text: s.authenticated ? `Signed in with ${s.loginProvider}` : 'Unauthenticated identity' }),
      h('dl', { class: 'identity-details' },
        h('dt', { text: 'Identity ID' }), h('dd', { class: 'mono', 'data-field': 'identity-id', text: s.identity.identityId }),
        h('dt', { text: 'Credentials expire' }), h('dd', { 'data-field': 'credentials-expire' }, expiryNode(s.identity.expiration))),
      h('p', { class: 'help', text: `Fetched at ${s.identity.fetchedAt.toLocaleTimeString()}. The client reuses them `
        + 'until 5 minutes before they expire.' }));
  } else {
    box.dataset.state = 'none';
    box.replaceChildren(h('p', { class: 'identity-line', text: cognito
      ? 'The settings changed: the next describe gets credentials for them.'
      : 'No identity yet: the first describe gets one from the pool.' }));
  }
}

/** Frees the Cognito session's client (only while nothing runs) and forgets the session. */
function dropCognito() {
  try { cognito?.client?.free(); } catch { /* already freed */ }
  cognito = null;
}

/**
 * The provider for the settings in the form: one per settings, so the client that uses it (also
 * kept, see createClient) memoises its credentials. Throws fromCognitoIdentityPool's
 * ValidationError for a bad option.
 */
function cognitoSession() {
  const settings = cognitoSettings();
  const key = settingsKey(settings);
  if (cognito?.key === key) return cognito;
  dropCognito();
  const options = { identityPoolId: settings.identityPoolId };
  if (settings.endpoint) options.endpoint = settings.endpoint;
  if (settings.idToken) options.logins = { [settings.loginProvider]: settings.idToken };
  const provider = lib.fromCognitoIdentityPool(options);
  const session = {
    key,
    authenticated: !!settings.idToken,
    loginProvider: settings.loginProvider,
    calls: 0,          // how often the client asked for credentials
    pending: false,
    identity: null,    // { identityId, expiration, fetchedAt }: never the keys or the token
    error: null,       // { name, httpStatusCode, requestId, attempts } of the last failed refresh
    client: null,
    clientKey: null,
  };
  // What the client calls: the package's provider, watched for what the page may show.
  session.credentials = async () => {
    session.calls += 1;
    session.pending = true;
    session.error = null;
    if (cognito === session) renderIdentity();
    try {
      const credentials = await provider();
      session.identity = { identityId: credentials.identityId, expiration: credentials.expiration, fetchedAt: new Date() };
      return credentials;
    } catch (error) {
      const meta = error?.$metadata ?? {};
      session.error = { name: error?.name || 'Error', httpStatusCode: meta.httpStatusCode, requestId: meta.requestId, attempts: meta.attempts };
      throw error;
    } finally {
      session.pending = false;
      if (cognito === session) renderIdentity();
    }
  };
  cognito = session;
  return session;
}

/** Marks the field a ValidationError of fromCognitoIdentityPool is about. */
function flagCognitoOption(error) {
  const message = String(error?.message ?? '');
  const input = /^identityPoolId\b/.test(message) ? els.identityPoolId
    : /^logins\b/.test(message) ? (els.loginProvider.value.trim() ? els.idToken : els.loginProvider)
      : /^endpoint\b/.test(message) ? els.endpoint : null;
  input?.setAttribute('aria-invalid', 'true');
}

function removeCachedIdentities() {
  let removed = 0;
  try {
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith(IDENTITY_CACHE_PREFIX)) { localStorage.removeItem(key); removed += 1; }
    }
  } catch { /* storage unavailable */ }
  return removed;
}

/** The credentials-source radio group (WAI-ARIA radio pattern: one tab stop, arrows move). */
function setMode(mode, { focus = false } = {}) {
  credentialMode = mode;
  for (const radio of [els.modeKeys, els.modeCognito]) {
    const on = radio.dataset.mode === mode;
    radio.setAttribute('aria-checked', String(on));
    radio.tabIndex = on ? 0 : -1;
    if (on && focus) radio.focus();
  }
  els.keysPanel.hidden = mode !== 'keys';
  els.cognitoPanel.hidden = mode !== 'cognito';
  els.form.dataset.credentials = mode;
  if (mode === 'cognito') renderIdentity();
}

function setUpModeSwitch() {
  const radios = [els.modeKeys, els.modeCognito];
  for (const radio of radios) {
    radio.addEventListener('click', () => setMode(radio.dataset.mode));
    radio.addEventListener('keydown', (event) => {
      const i = radios.indexOf(radio);
      const next = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: radios.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      setMode(radios[(next + radios.length) % radios.length].dataset.mode, { focus: true });
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The call.

/** `kind` is what runs ('describe' or 'wait'), or false when nothing does. */
function setBusy(kind) {
  const busy = !!kind;
  els.describe.disabled = busy || !lib;
  els.describe.setAttribute('aria-busy', String(kind === 'describe'));
  els.describe.textContent = kind === 'describe' ? BUSY_LABEL : DESCRIBE_LABEL;
  els.wait.disabled = busy || !lib;
  els.wait.setAttribute('aria-busy', String(kind === 'wait'));
  els.wait.textContent = kind === 'wait' ? WAIT_BUSY_LABEL : WAIT_LABEL;
  els.cancel.hidden = !busy;
  els.forgetIdentity.disabled = busy; // its client may be the one in use
  els.resultPanel.setAttribute('aria-busy', String(kind === 'describe'));
  els.result.classList.toggle('stale', busy);
}

function readInt(input, fallback, min, max) {
  const n = Number(input.value);
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}

function readNumber(input, fallback, min, max) {
  const n = input.value.trim() === '' ? NaN : Number(input.value);
  return Number.isFinite(n) && n >= min && n <= max ? n : fallback;
}

function validate() {
  const problems = [];
  if (!els.region.value.trim()) problems.push([els.region, 'Enter a Region, such as us-west-2.']);
  if (credentialMode === 'cognito') {
    if (!els.identityPoolId.value.trim()) problems.push([els.identityPoolId, 'Enter an identity pool ID, such as us-west-2:1111…5555.']);
    if (els.idToken.value.trim() && !els.loginProvider.value.trim()) problems.push([els.loginProvider, 'Enter the login provider name of the ID token.']);
  } else {
    if (!els.accessKeyId.value.trim()) problems.push([els.accessKeyId, 'Enter an access key ID.']);
    if (!els.secret.value) problems.push([els.secret, 'Enter the secret access key.']);
  }
  if (!els.phoneId.value.trim()) problems.push([els.phoneId, 'Enter a phone number ID or ARN.']);
  for (const input of [els.region, els.endpoint, els.accessKeyId, els.secret, els.identityPoolId, els.loginProvider, els.idToken, els.phoneId]) {
    input.removeAttribute('aria-invalid');
  }
  for (const [input] of problems) input.setAttribute('aria-invalid', 'true');
  return problems;
}

/** Flags empty fields; true when the call can go ahead. */
function checkFields() {
  const problems = validate();
  if (!problems.length) return true;
  const error = Object.assign(new Error(problems.map(([, m]) => m).join(' ')), { name: 'ValidationError' });
  showError(error, '');
  setStatus('Fix the highlighted fields.');
  problems[0][0].focus();
  return false;
}

/**
 * The one place the page creates its client, for a describe and for a wait. With access keys a
 * new client each call (freed after it); with a Cognito pool one client per settings and options,
 * kept, so that it memoises the pool's credentials across describes.
 */
function createClient(region, endpoint) {
  const options = {
    region,
    endpoint: endpoint || undefined,
    maxAttempts: readInt(els.maxAttempts, 3, 1, 10),
    requestTimeout: readInt(els.requestTimeout, 0, 0, 600000),
    retryMode: els.adaptiveRetries.checked ? 'adaptive' : 'standard',
  };
  lastClientOptions = Object.freeze({ ...options });
  if (credentialMode === 'cognito') {
    const session = cognitoSession();
    const clientKey = JSON.stringify(options);
    if (session.client && session.clientKey === clientKey) return session.client;
    try { session.client?.free(); } catch { /* already freed */ }
    session.client = new lib.ConnectClient({ ...options, credentials: session.credentials });
    session.clientKey = clientKey;
    return session.client;
  }
  return new lib.ConnectClient({
    ...options,
    // Read from the fields at call time; the client keeps its own copy in WASM memory and
    // wipes it on free().
    credentials: {
      accessKeyId: els.accessKeyId.value.trim(),
      secretAccessKey: els.secret.value,
      sessionToken: els.sessionToken.value.trim() || undefined,
    },
  });
}

/** Frees a per-call client; the Cognito session's client stays for the next call. */
function releaseClient(client) {
  if (!client || client === cognito?.client) return;
  try { client.free(); } catch { /* already freed */ }
}

/** Result-card facts about the Cognito credentials a call used. */
function cognitoMeta(callsBefore) {
  const s = cognito;
  if (!s?.identity) return [];
  return [
    ['Identity ID', s.identity.identityId, 'identity-id', true, true],
    ['Credentials expire', expiryNode(s.identity.expiration), 'credentials-expire'],
    ['Credentials', s.calls > callsBefore ? 'New, from the pool' : 'Reused by the client', 'credentials-source'],
  ];
}

/** After a failed call: the options to show its error with. */
function errorContext(mode, error) {
  if (mode !== 'cognito') return {};
  if (error?.name === 'ValidationError') flagCognitoOption(error);
  return { cognito: true, cognitoCall: cognito?.error ?? null };
}

async function describe() {
  if (!lib || inFlight) return;
  if (!checkFields()) return;
  const phoneNumberId = els.phoneId.value.trim();
  const region = els.region.value.trim();
  const endpoint = els.endpoint.value.trim();
  const mode = credentialMode;
  const controller = new AbortController();
  inFlight = { controller, kind: 'describe' };
  setBusy('describe');
  clearAlerts();
  setStatus(`Describing ${phoneNumberId}…`);

  let client = null;
  let started = performance.now();
  try {
    client = createClient(region, endpoint);
    const callsBefore = cognito?.calls ?? 0;
    started = performance.now();
    const out = await client.describePhoneNumber({ PhoneNumberId: phoneNumberId }, { abortSignal: controller.signal });
    const latency = performance.now() - started;
    const summary = out.ClaimedPhoneNumberSummary ?? {};
    renderResult(summary, out.$metadata ?? {}, latency, client.systemClockOffset, mode === 'cognito' ? cognitoMeta(callsBefore) : []);
    const formatted = formatPhoneNumber(summary.PhoneNumber, summary.PhoneNumberCountryCode);
    setStatus(`Described ${formatted || phoneNumberId}: ${summary.PhoneNumberStatus?.Status ?? 'no status'}, `
      + `${out.$metadata?.attempts ?? 1} attempt(s), ${formatMs(latency)} ms.`);
    remember({ phoneNumberId, region, endpoint, ok: true, summary: formatted || 'described', time: new Date() });
  } catch (error) {
    const latency = performance.now() - started;
    els.result.hidden = true;
    const context = errorContext(mode, error);
    const { name } = shownError(error, context);
    showError(error, phoneNumberId, latency, [], context);
    setStatus(`${name} for ${phoneNumberId}.`);
    remember({ phoneNumberId, region, endpoint, ok: false, summary: name, time: new Date() });
  } finally {
    releaseClient(client);
    inFlight = null;
    setBusy(false);
    revealResult();
    els.form.dataset.completed = String(++completedCalls);
  }
}

// ---------------------------------------------------------------------------------------------
// Waiting until a number is claimed.

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;


/** The live progress line: rewritten after each describe (not on a timer, so it is announced once each). */
function renderProgress(progress) {
  const elapsed = performance.now() - progress.started;
  const parts = progress.attempts === 0
    ? ['Waiting… sending the first describe.']
    : [`Waiting… attempt ${progress.attempts}, ${seconds(elapsed)}, last status `,
      h('code', { 'data-field': 'wait-last-status', text: progress.last ?? '—' })];
  els.waitProgressText.replaceChildren(...parts);
  els.waitProgress.dataset.attempts = String(progress.attempts);
  els.waitProgress.dataset.lastStatus = progress.last ?? '';
}

/** The bar fills with the time waited, out of maxWaitTime (visual only; the text above is live). */
function tickProgressBar(progress) {
  const waited = (performance.now() - progress.started) / 1000;
  els.waitProgressBar.value = Math.min(waited, progress.maxWaitTime);
}

async function waitUntilClaimed() {
  if (!lib || inFlight) return;
  if (!checkFields()) return;
  const phoneNumberId = els.phoneId.value.trim();
  const region = els.region.value.trim();
  const endpoint = els.endpoint.value.trim();
  const timing = {
    minDelay: readNumber(els.waitMinDelay, 1, 0.1, 3600),
    maxDelay: readNumber(els.waitMaxDelay, 5, 0.1, 3600),
    maxWaitTime: readNumber(els.waitMaxTime, 120, 1, 86400),
  };
  const mode = credentialMode;
  const controller = new AbortController();
  inFlight = { controller, kind: 'wait' };
  setBusy('wait');
  clearAlerts();
  els.result.hidden = true; // a card of another number would mislead during a long wait
  setStatus(`Waiting until ${phoneNumberId} is claimed (at most ${timing.maxWaitTime} s)…`);

  const progress = { attempts: 0, last: null, latency: 0, started: performance.now(), maxWaitTime: timing.maxWaitTime };
  els.waitProgressBar.max = timing.maxWaitTime;
  els.waitProgressBar.value = 0;
  renderProgress(progress);
  els.waitProgress.hidden = false;
  const ticker = setInterval(() => tickProgressBar(progress), 200);

  let client = null;
  try {
    client = createClient(region, endpoint);
    const callsBefore = cognito?.calls ?? 0;
    const real = client;
    // The waiter only calls client.describePhoneNumber: watch each of its describes on the way.
    const watched = {
      describePhoneNumber(input, options) {
        progress.attempts += 1;
        const sent = performance.now();
        // What the describe said: the claim status, or the error's name.
        const done = (last) => {
          progress.latency = performance.now() - sent;
          progress.last = last;
          renderProgress(progress);
        };
        return real.describePhoneNumber(input, options).then(
          (out) => { done(out?.ClaimedPhoneNumberSummary?.PhoneNumberStatus?.Status ?? 'no status'); return out; },
          (error) => { done(shownError(error, { cognito: mode === 'cognito' }).name); throw error; },
        );
      },
    };
    const { reason } = await lib.waitUntilPhoneNumberClaimed(
      { client: watched, ...timing, abortSignal: controller.signal },
      { PhoneNumberId: phoneNumberId },
    );
    const waited = performance.now() - progress.started;
    const summary = reason?.ClaimedPhoneNumberSummary ?? {};
    renderResult(summary, reason?.$metadata ?? {}, progress.latency, client.systemClockOffset, [
      ['Describes', String(progress.attempts), 'wait-describes'],
      ['Waited', seconds(waited), 'wait-time'],
      ...(mode === 'cognito' ? cognitoMeta(callsBefore) : []),
    ]);
    const formatted = formatPhoneNumber(summary.PhoneNumber, summary.PhoneNumberCountryCode);
    setStatus(`Claimed: ${formatted || phoneNumberId} is ${summary.PhoneNumberStatus?.Status ?? 'no status'} `
      + `after ${plural(progress.attempts, 'describe')}, ${seconds(waited)}.`);
    remember({ kind: 'wait', phoneNumberId, region, endpoint, ok: true, summary: formatted ? `claimed ${formatted}` : 'claimed', time: new Date() });
  } catch (error) {
    const waited = performance.now() - progress.started;
    els.result.hidden = true;
    const where = `after ${plural(progress.attempts, 'describe')}, ${seconds(waited)}`;
    if (error?.name === 'AbortError' && controller.signal.aborted) {
      showNotice('Cancelled', `Stopped waiting for ${phoneNumberId} ${where}. No more requests are sent for it.`, 'cancelled');
      setStatus(`Cancelled waiting for ${phoneNumberId}.`);
      remember({ kind: 'wait', phoneNumberId, region, endpoint, ok: false, summary: 'cancelled', time: new Date() });
    } else {
      const context = errorContext(mode, error);
      const { name } = shownError(error, context);
      showError(error, phoneNumberId, null, [plural(progress.attempts, 'describe'), `waited ${seconds(waited)}`], context);
      setStatus(`${name} while waiting for ${phoneNumberId} ${where}.`);
      remember({ kind: 'wait', phoneNumberId, region, endpoint, ok: false, summary: name, time: new Date() });
    }
  } finally {
    clearInterval(ticker);
    els.waitProgress.hidden = true;
    releaseClient(client);
    inFlight = null;
    setBusy(false);
    revealResult();
    els.form.dataset.completed = String(++completedCalls);
  }
}

// ---------------------------------------------------------------------------------------------
// Start-up.

function renderSamples(samples) {
  if (!samples) return;
  const list = els.samples.querySelector('ul');
  const chips = [
    ['Claimed US number (UUID)', samples.id],
    ['Same, by ARN', samples.arn],
    ['TDG number by UUID (404)', samples.tdgId],
    ['TDG number by ARN', samples.tdgArn],
    ['Unknown number (404)', samples.unknownId],
    ...(samples.others ?? []).filter((o) => !o.arnOnly && o.id !== samples.id).map((o) => [o.label ?? o.name, o.id]),
  ];
  list.replaceChildren(...chips.filter(([, value]) => value).map(([label, value]) => h('li', {},
    h('button', { type: 'button', class: 'chip', title: value, onclick: () => { els.phoneId.value = value; els.phoneId.focus(); } }, label))));
  els.samples.hidden = false;
}

async function loadConfig() {
  try {
    const res = await fetch('config.json', { cache: 'no-store' });
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}

async function main() {
  els.form.addEventListener('submit', (event) => {
    event.preventDefault();
    describe();
  });
  els.cancel.addEventListener('click', () => inFlight?.controller.abort());
  els.wait.addEventListener('click', () => waitUntilClaimed());
  els.accessKeyId.addEventListener('input', () => {
    if (els.accessKeyId.value !== config?.demoCredentials?.accessKeyId) els.demoNote.hidden = true;
  });
  setUpModeSwitch();
  setMode('keys');
  for (const input of [els.identityPoolId, els.loginProvider, els.idToken, els.endpoint]) {
    input.addEventListener('input', () => { if (credentialMode === 'cognito') renderIdentity(); });
  }
  els.forgetIdentity.addEventListener('click', () => {
    if (inFlight) return;
    const had = cognito?.identity?.identityId;
    dropCognito();
    els.idToken.value = '';
    const removed = removeCachedIdentities();
    renderIdentity();
    setStatus(had || removed
      ? 'Cognito identity forgotten: the ID token is cleared, and the next describe gets a new identity.'
      : 'No Cognito identity to forget; the ID token is cleared.');
    els.identityPoolId.focus();
  });
  els.forgetCredentials.addEventListener('click', () => {
    els.accessKeyId.value = '';
    els.secret.value = '';
    els.sessionToken.value = '';
    els.demoNote.hidden = true;
    setStatus('Credentials cleared from this page.');
    els.accessKeyId.focus();
  });

  const [cfg, loaded] = await Promise.all([
    loadConfig(),
    import('./pkg/browser.js').then((m) => m, (error) => ({ error })),
  ]);
  config = cfg;
  if (config) {
    els.region.value ||= config.region ?? '';
    els.endpoint.value ||= config.endpoint ?? '';
    els.envNote.textContent = config.endpoint ? `Endpoint: local emulator at ${config.endpoint}.` : '';
    renderSamples(config.samples);
    if (config.cognito?.identityPoolId) {
      els.identityPoolId.value ||= config.cognito.identityPoolId;
      els.loginProvider.value ||= config.cognito.loginProvider ?? '';
      els.cognitoNote.textContent = config.cognito.label ?? '';
      els.cognitoNote.hidden = !config.cognito.label;
    }
    if (config.demoCredentials) {
      els.demoCredentials.disabled = false;
      els.demoCredentials.addEventListener('click', () => {
        // Only the emulator accepts these (AWS documentation example keys).
        els.accessKeyId.value = config.demoCredentials.accessKeyId;
        els.secret.value = config.demoCredentials.secretAccessKey;
        els.sessionToken.value = '';
        els.demoNote.textContent = config.demoCredentials.label;
        els.demoNote.hidden = false;
        setStatus('Emulator demo keys filled in.');
      });
    } else {
      els.demoCredentials.hidden = true;
    }
  } else {
    els.envNote.textContent = '';
    els.demoCredentials.hidden = true;
  }

  if (loaded.error) {
    els.describe.textContent = 'Library failed to load';
    showError(Object.assign(new Error(`Could not load ./pkg/browser.js: ${loaded.error?.message ?? loaded.error}`), { name: 'LoadError' }), '');
    return;
  }
  lib = loaded;
  setBusy(false);
  document.documentElement.dataset.ready = 'true';
}

main();
