// The emulator's fixtures: the JSON format (fixtures.schema.json describes it), its checks and
// the model the server runs on. A file is checked whole before the emulator starts: any error
// refuses it, with the file's path and where in it, so a fixture set is never half-loaded.

import { readFileSync } from 'node:fs';
import { PhoneNumberCountryCode, PhoneNumberType, PhoneNumberWorkflowStatus } from '../model.js';
import { CognitoIdentity } from './cognito.mjs';

/** A fixtures file or object that cannot be used: `path` is the file (or `<fixtures>`), `pointer` where in it. */
export class FixturesError extends Error {
  constructor(source, pointer, reason) {
    super(`fixtures ${source}: ${pointer ? `${pointer}: ` : ''}${reason}`);
    this.name = 'FixturesError';
    this.path = source;
    this.pointer = pointer;
    this.reason = reason;
  }
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
export const UUID_RE = new RegExp(`^${UUID}$`);
// arn:PARTITION:connect:REGION:ACCOUNT:[instance/UUID/]phone-number/UUID
export const ARN_RE = new RegExp(
  `^arn:aws(?:-[a-z]+(?:-[a-z]+)*)?:connect:[a-z0-9-]+:\\d{12}:(?:instance/${UUID}/)?phone-number/(${UUID})$`);
const REGION_RE = /^[a-z]{2,}(?:-[a-z0-9]+)+$/;
const ACCOUNT_RE = /^\d{12}$/;
const NAME_RE = /^[A-Za-z0-9_.-]{1,64}$/;
const KEY_ID_RE = /^[A-Za-z0-9]{1,128}$/; // it goes into the credential scope: no '/', no spaces
const E164_RE = /^\+[1-9]\d{1,14}$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const MAX_NUMBERS = 5000;
const MAX_CREDENTIALS = 1000;
const MAX_POOLS = 100;
const MAX_FILE = 16 * 1024 * 1024;

/** The members of ClaimedPhoneNumberSummary, in the model's order: answers keep it. */
export const SUMMARY_FIELDS = Object.freeze(['PhoneNumberId', 'PhoneNumberArn', 'PhoneNumber', 'PhoneNumberCountryCode',
  'PhoneNumberType', 'PhoneNumberDescription', 'TargetArn', 'InstanceId', 'Tags', 'PhoneNumberStatus', 'SourcePhoneNumberArn']);
const TOP_KEYS = new Set(['$schema', 'description', 'regions', 'accountId', 'unknownId', 'numbers', 'credentials', 'rateLimit', 'cognitoPools']);
const NUMBER_KEYS = new Set(['name', 'id', 'accountId', 'regions', 'homeRegion', 'summary', 'claim', 'description']);
const CLAIM_KEYS = new Set(['notFoundFor', 'inProgressFor', 'then', 'message']);
const CREDENTIAL_KEYS = new Set(['name', 'accessKeyId', 'secretAccessKey', 'sessionToken', 'expired', 'expiration', 'description']);
const RATE_KEYS = new Set(['rate', 'burst']);
const POOL_KEYS = new Set(['id', 'allowUnauthenticated', 'logins', 'credentialsTtlSeconds']);

const DEFAULTS_URL = new URL('./default-fixtures.json', import.meta.url);
const DEFAULT_UNKNOWN_ID = '99999999-0000-4000-8000-000000000000';

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isCount = (n) => Number.isSafeInteger(n) && n >= 0;

/** The default fixtures, as JSON (a fresh copy each call). */
export function defaultFixtures() {
  return JSON.parse(readFileSync(DEFAULTS_URL, 'utf8'));
}

/** Reads and checks a fixtures file; throws a FixturesError naming the file and the reason. */
export function loadFixtures(path, options = {}) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new FixturesError(String(path), '', e.code === 'ENOENT' ? 'no such file' : `cannot read it (${e.code ?? e.message})`);
  }
  if (text.length > MAX_FILE) throw new FixturesError(String(path), '', `larger than ${MAX_FILE} bytes`);
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FixturesError(String(path), '', `not valid JSON (${e.message})`);
  }
  return parseFixtures(json, { ...options, source: String(path) });
}

/**
 * Checks fixtures JSON (the parsed object) and builds the emulator's model. `regions`, when
 * given, replaces the fixtures' own list (the CLI's --region). Throws a FixturesError.
 */
export function parseFixtures(json, { source = '<fixtures>', regions: regionsOverride } = {}) {
  const fail = (pointer, reason) => { throw new FixturesError(source, pointer, reason); };
  if (!isObject(json)) fail('', 'must be a JSON object');
  for (const k of Object.keys(json)) if (!TOP_KEYS.has(k)) fail(k, `unknown member (known: ${[...TOP_KEYS].join(', ')})`);

  const regionList = (value, pointer) => {
    if (!Array.isArray(value) || !value.length) fail(pointer, 'must be a non-empty array of Regions');
    value.forEach((r, i) => { if (typeof r !== 'string' || !REGION_RE.test(r)) fail(`${pointer}[${i}]`, `not a Region name: ${JSON.stringify(r)}`); });
    if (new Set(value).size !== value.length) fail(pointer, 'lists a Region twice');
    return [...value];
  };
  const regions = regionsOverride !== undefined ? regionList(regionsOverride, '--region')
    : json.regions === undefined ? ['us-west-2'] : regionList(json.regions, 'regions');

  const accountId = json.accountId ?? '123456789012';
  if (typeof accountId !== 'string' || !ACCOUNT_RE.test(accountId)) fail('accountId', 'must be 12 digits');
  const unknownId = json.unknownId ?? DEFAULT_UNKNOWN_ID;
  if (typeof unknownId !== 'string' || !UUID_RE.test(unknownId)) fail('unknownId', 'must be a lower-case UUID');

  const numbers = [];
  const rawNumbers = json.numbers ?? [];
  if (!Array.isArray(rawNumbers)) fail('numbers', 'must be an array');
  if (rawNumbers.length > MAX_NUMBERS) fail('numbers', `at most ${MAX_NUMBERS} numbers`);
  const names = new Set();
  const ids = new Set();
  rawNumbers.forEach((n, i) => {
    const at = `numbers[${i}]`;
    numbers.push(parseNumber(n, at, { fail, accountId, regions }));
    const { name, id } = numbers[i];
    if (names.has(name)) fail(`${at}.name`, `"${name}" is used twice`);
    if (ids.has(id)) fail(`${at}.id`, `${id} is used twice`);
    if (id === unknownId) fail(`${at}.id`, 'is the unknownId, which must stay unknown');
    names.add(name);
    ids.add(id);
  });

  const credentials = [];
  const rawCredentials = json.credentials ?? [];
  if (!Array.isArray(rawCredentials)) fail('credentials', 'must be an array');
  if (rawCredentials.length > MAX_CREDENTIALS) fail('credentials', `at most ${MAX_CREDENTIALS} credentials`);
  const keyIds = new Set();
  const credNames = new Set();
  rawCredentials.forEach((c, i) => {
    const cred = parseCredential(c, `credentials[${i}]`, fail);
    if (keyIds.has(cred.accessKeyId)) fail(`credentials[${i}].accessKeyId`, `${cred.accessKeyId} is used twice`);
    if (credNames.has(cred.name)) fail(`credentials[${i}].name`, `"${cred.name}" is used twice`);
    keyIds.add(cred.accessKeyId);
    credNames.add(cred.name);
    credentials.push(cred);
  });

  let rateLimit = null;
  if (json.rateLimit != null) {
    const r = json.rateLimit;
    if (!isObject(r)) fail('rateLimit', 'must be null or { "rate": n, "burst"?: n }');
    for (const k of Object.keys(r)) if (!RATE_KEYS.has(k)) fail(`rateLimit.${k}`, 'unknown member (known: rate, burst)');
    if (typeof r.rate !== 'number' || !Number.isFinite(r.rate) || r.rate <= 0) fail('rateLimit.rate', 'must be a positive number of requests per second');
    if (r.burst !== undefined && !(Number.isSafeInteger(r.burst) && r.burst >= 1)) fail('rateLimit.burst', 'must be an integer >= 1');
    rateLimit = { rate: r.rate, burst: r.burst ?? Math.max(1, Math.ceil(r.rate)) };
  }

  const cognitoPools = [];
  const rawPools = json.cognitoPools ?? [];
  if (!Array.isArray(rawPools)) fail('cognitoPools', 'must be an array');
  if (rawPools.length > MAX_POOLS) fail('cognitoPools', `at most ${MAX_POOLS} pools`);
  rawPools.forEach((p, i) => {
    const at = `cognitoPools[${i}]`;
    if (!isObject(p)) fail(at, 'must be an object');
    for (const k of Object.keys(p)) if (!POOL_KEYS.has(k)) fail(`${at}.${k}`, `unknown member (known: ${[...POOL_KEYS].join(', ')})`);
    if (typeof p.id !== 'string') fail(`${at}.id`, 'is required: a pool id such as us-west-2:<uuid>');
    if (cognitoPools.some((q) => q.id === p.id)) fail(`${at}.id`, `${p.id} is used twice`);
    try {
      new CognitoIdentity(regions[0], { pools: [p] }); // the same checks as POST /__emulator/cognito/pool
    } catch (e) {
      if (e instanceof TypeError) fail(at, e.message);
      throw e;
    }
    cognitoPools.push(structuredClone(p));
  });

  return Object.freeze({ source, regions, accountId, unknownId, numbers, credentials, rateLimit, cognitoPools });
}

function parseNumber(n, at, { fail, accountId: defaultAccount, regions }) {
  if (!isObject(n)) fail(at, 'must be an object');
  for (const k of Object.keys(n)) if (!NUMBER_KEYS.has(k)) fail(`${at}.${k}`, `unknown member (known: ${[...NUMBER_KEYS].join(', ')})`);
  if (typeof n.name !== 'string' || !NAME_RE.test(n.name)) fail(`${at}.name`, 'is required: 1..64 of A-Z a-z 0-9 _ . -');
  if (typeof n.id !== 'string' || !UUID_RE.test(n.id)) fail(`${at}.id`, 'is required: a lower-case UUID');
  const accountId = n.accountId ?? defaultAccount;
  if (typeof accountId !== 'string' || !ACCOUNT_RE.test(accountId)) fail(`${at}.accountId`, 'must be 12 digits');
  let numberRegions = null; // null: every Region the emulator serves
  if (n.regions !== undefined) {
    if (!Array.isArray(n.regions) || !n.regions.length) fail(`${at}.regions`, 'must be a non-empty array of Regions');
    n.regions.forEach((r, i) => { if (typeof r !== 'string' || !REGION_RE.test(r)) fail(`${at}.regions[${i}]`, `not a Region name: ${JSON.stringify(r)}`); });
    numberRegions = [...new Set(n.regions)];
    // Else the number could never be described: refuse the file rather than hide it.
    if (!numberRegions.some((r) => regions.includes(r))) {
      fail(`${at}.regions`, `none of ${JSON.stringify(numberRegions)} is a Region the emulator serves (${regions.join(', ')})`);
    }
  }
  if (n.homeRegion !== undefined && (typeof n.homeRegion !== 'string' || !REGION_RE.test(n.homeRegion))) {
    fail(`${at}.homeRegion`, 'must be a Region name');
  }
  const homeRegion = n.homeRegion ?? null;
  const arnRegion = homeRegion ?? numberRegions?.[0] ?? regions[0];

  const s = n.summary ?? {};
  if (!isObject(s)) fail(`${at}.summary`, 'must be an object (a ClaimedPhoneNumberSummary)');
  for (const k of Object.keys(s)) if (!SUMMARY_FIELDS.includes(k)) fail(`${at}.summary.${k}`, 'not a member of ClaimedPhoneNumberSummary');
  const str = (k) => {
    if (s[k] !== undefined && typeof s[k] !== 'string') fail(`${at}.summary.${k}`, 'must be a string');
  };
  SUMMARY_FIELDS.filter((k) => k !== 'Tags' && k !== 'PhoneNumberStatus').forEach(str);
  if (s.PhoneNumberId !== undefined && s.PhoneNumberId !== n.id) fail(`${at}.summary.PhoneNumberId`, 'must equal id (or be left out)');
  if (s.PhoneNumberArn !== undefined && ARN_RE.exec(s.PhoneNumberArn)?.[1] !== n.id) {
    fail(`${at}.summary.PhoneNumberArn`, `must be a phone-number ARN that ends in ${n.id} (or be left out)`);
  }
  if (s.PhoneNumber === undefined || !E164_RE.test(s.PhoneNumber)) fail(`${at}.summary.PhoneNumber`, 'is required: E.164, such as +12065550100');
  if (s.PhoneNumberCountryCode !== undefined && !Object.hasOwn(PhoneNumberCountryCode, s.PhoneNumberCountryCode)) {
    fail(`${at}.summary.PhoneNumberCountryCode`, `not a country code of the model: ${s.PhoneNumberCountryCode}`);
  }
  if (s.PhoneNumberType !== undefined && !Object.hasOwn(PhoneNumberType, s.PhoneNumberType)) {
    fail(`${at}.summary.PhoneNumberType`, `must be one of ${Object.keys(PhoneNumberType).join(', ')}`);
  }
  if (s.Tags !== undefined) {
    if (!isObject(s.Tags)) fail(`${at}.summary.Tags`, 'must be an object of string values');
    for (const [k, v] of Object.entries(s.Tags)) if (typeof v !== 'string') fail(`${at}.summary.Tags.${k}`, 'must be a string');
  }
  if (s.PhoneNumberStatus !== undefined) {
    const st = s.PhoneNumberStatus;
    if (!isObject(st)) fail(`${at}.summary.PhoneNumberStatus`, 'must be { "Status", "Message"? }');
    for (const k of Object.keys(st)) if (k !== 'Status' && k !== 'Message') fail(`${at}.summary.PhoneNumberStatus.${k}`, 'unknown member (known: Status, Message)');
    if (!Object.hasOwn(PhoneNumberWorkflowStatus, st.Status)) fail(`${at}.summary.PhoneNumberStatus.Status`, 'must be CLAIMED, IN_PROGRESS or FAILED');
    if (st.Message !== undefined && typeof st.Message !== 'string') fail(`${at}.summary.PhoneNumberStatus.Message`, 'must be a string');
  }
  const given = {
    ...s,
    PhoneNumberId: n.id,
    PhoneNumberArn: s.PhoneNumberArn ?? `arn:aws:connect:${arnRegion}:${accountId}:phone-number/${n.id}`,
  };
  const summary = {};
  for (const k of SUMMARY_FIELDS) if (given[k] !== undefined) summary[k] = structuredClone(given[k]);

  let claim = null;
  if (n.claim !== undefined) {
    const c = n.claim;
    if (!isObject(c)) fail(`${at}.claim`, 'must be { "notFoundFor"?, "inProgressFor"?, "then"?, "message"? }');
    for (const k of Object.keys(c)) if (!CLAIM_KEYS.has(k)) fail(`${at}.claim.${k}`, `unknown member (known: ${[...CLAIM_KEYS].join(', ')})`);
    for (const k of ['notFoundFor', 'inProgressFor']) if (c[k] !== undefined && !isCount(c[k])) fail(`${at}.claim.${k}`, 'must be an integer >= 0');
    const then = c.then ?? 'CLAIMED';
    if (then !== 'CLAIMED' && then !== 'FAILED') fail(`${at}.claim.then`, 'must be CLAIMED or FAILED');
    if (c.message !== undefined && typeof c.message !== 'string') fail(`${at}.claim.message`, 'must be a string');
    claim = { notFoundFor: c.notFoundFor ?? 0, inProgressFor: c.inProgressFor ?? 0, then, message: c.message };
  }
  return { name: n.name, id: n.id, accountId, regions: numberRegions, homeRegion, summary, claim };
}

function parseCredential(c, at, fail) {
  if (!isObject(c)) fail(at, 'must be an object');
  for (const k of Object.keys(c)) if (!CREDENTIAL_KEYS.has(k)) fail(`${at}.${k}`, `unknown member (known: ${[...CREDENTIAL_KEYS].join(', ')})`);
  if (typeof c.accessKeyId !== 'string' || !KEY_ID_RE.test(c.accessKeyId)) fail(`${at}.accessKeyId`, 'is required: 1..128 letters and digits');
  // The messages below never quote a secret.
  if (typeof c.secretAccessKey !== 'string' || !c.secretAccessKey) fail(`${at}.secretAccessKey`, 'is required: a non-empty string');
  if (c.sessionToken !== undefined && (typeof c.sessionToken !== 'string' || !c.sessionToken)) fail(`${at}.sessionToken`, 'must be a non-empty string');
  if (c.expired !== undefined && typeof c.expired !== 'boolean') fail(`${at}.expired`, 'must be a boolean');
  let expiresAt;
  if (c.expiration !== undefined) {
    expiresAt = typeof c.expiration === 'string' && ISO_RE.test(c.expiration) ? Date.parse(c.expiration) : NaN;
    if (!Number.isFinite(expiresAt)) fail(`${at}.expiration`, 'must be an ISO 8601 date-time, such as 2030-01-01T00:00:00Z');
  }
  const name = c.name ?? c.accessKeyId;
  if (typeof name !== 'string' || !NAME_RE.test(name)) fail(`${at}.name`, 'must be 1..64 of A-Z a-z 0-9 _ . -');
  return {
    name, accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey,
    ...(c.sessionToken !== undefined ? { sessionToken: c.sessionToken } : {}),
    ...(c.expired ? { expired: true } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  };
}

/** `fixtures` as startEmulator takes it: undefined (the defaults), a file path, or parsed JSON. */
export function resolveFixtures(fixtures, options = {}) {
  if (fixtures === undefined || fixtures === null) return parseFixtures(defaultFixtures(), { ...options, source: 'default-fixtures.json' });
  if (typeof fixtures === 'string' || fixtures instanceof URL) return loadFixtures(fixtures, options);
  return parseFixtures(fixtures, options);
}
