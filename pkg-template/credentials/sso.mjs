// fromSSO: IAM Identity Center. The token `aws sso login` cached in ~/.aws/sso/cache/<sha1>.json
// (the SHA-1 of the sso-session name, or of the start URL for a legacy profile), refreshed
// through SSO OIDC CreateToken when it is about to expire, then the portal's
// GetRoleCredentials for the profile's account and role.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { absent, checkedCredentials, failed, serviceFailed, withSource } from './error.mjs';
import { checkRegion, joinUrl, ssoOidcEndpoint, ssoPortalEndpoint } from './endpoints.mjs';
import { json, jsonOrUndefined, request } from './http.mjs';
import { loadSharedFiles, profileName, value } from './shared-files.mjs';

/** Tokens this close to expiry are refreshed first, as the SDKs do. */
const REFRESH_WINDOW_MS = 5 * 60 * 1000;

/** The cache file of a session name or a legacy start URL. */
export const tokenCachePath = (key) => join(homedir(), '.aws', 'sso', 'cache', `${createHash('sha1').update(key).digest('hex')}.json`);

/** The SSO settings of a profile, or undefined when it has none. */
export function ssoSettings(name, profile, files) {
  const sessionName = value(profile, 'sso_session');
  const legacy = ['sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name'].some((k) => value(profile, k));
  if (!sessionName && !legacy) return undefined;
  const where = `profile "${name}"`;
  let startUrl = value(profile, 'sso_start_url');
  let region = value(profile, 'sso_region');
  if (sessionName) {
    const session = files.ssoSessions[sessionName];
    if (!session) throw failed(`SSO: ${where} names sso_session "${sessionName}", which is not a [sso-session ${sessionName}] section of ${files.configPath}`);
    const sessionUrl = value(session, 'sso_start_url');
    const sessionRegion = value(session, 'sso_region');
    if (startUrl && sessionUrl && startUrl !== sessionUrl) throw failed(`SSO: ${where} and sso-session "${sessionName}" have different sso_start_url values`);
    if (region && sessionRegion && region !== sessionRegion) throw failed(`SSO: ${where} and sso-session "${sessionName}" have different sso_region values`);
    startUrl = sessionUrl ?? startUrl;
    region = sessionRegion ?? region;
  }
  const missing = [
    ['sso_start_url', startUrl],
    ['sso_region', region],
    ['sso_account_id', value(profile, 'sso_account_id')],
    ['sso_role_name', value(profile, 'sso_role_name')],
  ].filter(([, v]) => !v).map(([k]) => k);
  if (missing.length) throw failed(`SSO: ${where} has no ${missing.join(', ')}`);
  const badRegion = checkRegion(region, 'sso_region');
  if (badRegion) throw failed(`SSO: ${where}: ${badRegion}`);
  return { sessionName, startUrl, region, accountId: value(profile, 'sso_account_id'), roleName: value(profile, 'sso_role_name') };
}

const loginHint = (name) => `run aws sso login --profile ${name}`;

function readToken(path, name) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e.code === 'ENOENT') throw failed(`SSO: profile "${name}" has no cached token (${path}): ${loginHint(name)}`);
    throw failed(`SSO: cannot read the cached token ${path}: ${e.code ?? e.message}`);
  }
  let token;
  try {
    token = JSON.parse(text);
  } catch {
    throw failed(`SSO: the cached token ${path} is not JSON: ${loginHint(name)}`);
  }
  if (typeof token?.accessToken !== 'string' || !token.accessToken) throw failed(`SSO: the cached token ${path} has no accessToken: ${loginHint(name)}`);
  // Some tools write "…T04:05:45UTC"; that is "Z".
  const expiresAt = Date.parse(typeof token.expiresAt === 'string' ? token.expiresAt.replace(/UTC$/, 'Z') : token.expiresAt);
  if (Number.isNaN(expiresAt)) throw failed(`SSO: the cached token ${path} has no valid expiresAt: ${loginHint(name)}`);
  return { token, expiresAt };
}

/** Writes the refreshed token next to the old one, then renames it over: never half-written. */
function writeToken(path, token) {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, JSON.stringify(token, null, 2), { mode: 0o600 });
  renameSync(temporary, path);
}

async function refreshToken(settings, path, cached, name, context) {
  const { token } = cached;
  const registrationExpires = Date.parse(token.registrationExpiresAt);
  const refreshable = token.refreshToken && token.clientId && token.clientSecret && !(registrationExpires <= Date.now());
  if (!refreshable) return null;
  const url = joinUrl(ssoOidcEndpoint(settings.region, context), '/token');
  const response = await request('SSO OIDC CreateToken', url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: token.clientId, clientSecret: token.clientSecret, refreshToken: token.refreshToken, grantType: 'refresh_token' }),
    timeoutMs: 10_000,
  });
  if (response.status !== 200) {
    const body = jsonOrUndefined(response.text);
    const error = typeof body?.error === 'string' ? `${body.error}, HTTP ${response.status}` : `HTTP ${response.status}`;
    throw serviceFailed(`SSO: refreshing the token of profile "${name}" failed (${error.slice(0, 100)}): ${loginHint(name)}`);
  }
  const data = json('SSO OIDC CreateToken', response);
  if (typeof data.accessToken !== 'string' || !data.accessToken || !(Number(data.expiresIn) > 0)) {
    throw failed(`SSO: SSO OIDC CreateToken answered without accessToken and expiresIn: ${loginHint(name)}`);
  }
  const refreshed = {
    ...token,
    accessToken: data.accessToken,
    expiresAt: new Date(Date.now() + Number(data.expiresIn) * 1000).toISOString(),
    ...(typeof data.refreshToken === 'string' && data.refreshToken ? { refreshToken: data.refreshToken } : {}),
  };
  try {
    writeToken(path, refreshed);
  } catch {
    // The refreshed token still works for this call; the next one refreshes again.
  }
  return refreshed.accessToken;
}

async function accessToken(settings, name, context) {
  if (!settings.sessionName) {
    // Legacy profiles: their tokens cannot be refreshed.
    const path = tokenCachePath(settings.startUrl);
    const cached = readToken(path, name);
    if (cached.expiresAt <= Date.now()) throw failed(`SSO: the cached token of profile "${name}" expired at ${new Date(cached.expiresAt).toISOString()}: ${loginHint(name)}`);
    return cached.token.accessToken;
  }
  const path = tokenCachePath(settings.sessionName);
  const cached = readToken(path, name);
  if (cached.expiresAt - Date.now() > REFRESH_WINDOW_MS) return cached.token.accessToken;
  let refreshed = null;
  try {
    refreshed = await refreshToken(settings, path, cached, name, context);
  } catch (e) {
    if (cached.expiresAt > Date.now()) return cached.token.accessToken;
    throw e;
  }
  if (refreshed) return refreshed;
  if (cached.expiresAt > Date.now()) return cached.token.accessToken;
  throw failed(`SSO: the cached token of profile "${name}" expired at ${new Date(cached.expiresAt).toISOString()}: ${loginHint(name)}`);
}

/** Role credentials for an SSO profile (its settings already read). */
export async function ssoCredentials(settings, name, context) {
  const bearer = await accessToken(settings, name, context);
  const query = new URLSearchParams({ role_name: settings.roleName, account_id: settings.accountId });
  const url = joinUrl(ssoPortalEndpoint(settings.region, context), `/federation/credentials?${query}`);
  const response = await request('SSO GetRoleCredentials', url, { headers: { 'x-amz-sso_bearer_token': bearer }, timeoutMs: 10_000 });
  if (response.status !== 200) {
    const type = (response.headers.get('x-amzn-errortype') ?? '').split(':')[0];
    const body = jsonOrUndefined(response.text);
    const message = typeof body?.message === 'string' ? body.message : typeof body?.Message === 'string' ? body.Message : '';
    const hint = response.status === 401 || type === 'UnauthorizedException' ? `: ${loginHint(name)}` : '';
    throw serviceFailed(`SSO: GetRoleCredentials for role ${settings.roleName} in account ${settings.accountId} failed: ${type || `HTTP ${response.status}`}${message ? `: ${message.slice(0, 300)}` : ''}${hint}`);
  }
  const role = json('SSO GetRoleCredentials', response)?.roleCredentials;
  const credentials = checkedCredentials('SSO GetRoleCredentials', {
    accessKeyId: role?.accessKeyId,
    secretAccessKey: role?.secretAccessKey,
    sessionToken: role?.sessionToken,
    expiration: typeof role?.expiration === 'number' ? new Date(role.expiration) : role?.expiration,
  });
  return withSource(credentials, `SSO (profile ${name}, role ${settings.roleName} in ${settings.accountId})`);
}

/** @param {{ profile?: string, filepath?: string, configFilepath?: string }} [options] */
export function fromSSO(options = {}) {
  return async () => {
    const name = profileName(options);
    const files = loadSharedFiles(options);
    const profile = files.profiles[name];
    if (!profile) throw absent(`SSO: profile "${name}" is not in ${files.configPath} or ${files.credentialsPath}`);
    const settings = ssoSettings(name, profile, files);
    if (!settings) throw absent(`SSO: profile "${name}" has no sso_session or sso_start_url`);
    return ssoCredentials(settings, name, { profile, files });
  };
}
