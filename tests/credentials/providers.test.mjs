// Each source of connect-phone-wasm/credentials against local servers, with a temporary HOME:
// what it reads, what it sends, the credentials it returns (which the Connect emulator then
// accepts), and its errors, which name the source and never carry a secret.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  fromEnv, fromIni, fromProcess, fromSSO, fromTokenFile, fromContainerMetadata, fromInstanceMetadata,
  fromNodeProviderChain, CredentialsProviderError,
} from '../../pkg/credentials.mjs';
import { ConnectClient } from '../../pkg/node.mjs';
import {
  startServices, cleanEnv, restoreEnv, writeAws, writeSsoToken, writeScript, removeHome, servicesSection,
  CREDENTIALS, FIXTURES, REGION, ROLE,
} from './harness.mjs';

let services;
let fake;
let emulator;
let home;
before(async () => {
  services = await startServices();
  ({ fake, emulator } = services);
});
after(async () => {
  restoreEnv();
  await services.close();
});
afterEach(() => {
  restoreEnv();
  if (home) removeHome(home);
  home = undefined;
});

const LONG = CREDENTIALS.longTerm;
const staticProfile = (name, c = LONG) => `[${name}]\naws_access_key_id = ${c.accessKeyId}\naws_secret_access_key = ${c.secretAccessKey}\n`;

/** Describes a fixture number with these credentials: the emulator checks the signature. */
async function describeWith(credentials) {
  const client = new ConnectClient({ region: REGION, endpoint: emulator.url, credentials, maxAttempts: 1 });
  try {
    const out = await client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id });
    return out.ClaimedPhoneNumberSummary.PhoneNumberId;
  } finally {
    client.free();
  }
}

/** Rejects with a CredentialsProviderError whose message matches; no secret in it. */
async function rejectsWith(promise, pattern, secrets = []) {
  const error = await promise.then(() => assert.fail('expected a rejection'), (e) => e);
  assert.ok(error instanceof CredentialsProviderError, `${error?.name}: ${error?.message}`);
  assert.equal(error.name, 'CredentialsProviderError');
  assert.match(error.message, pattern);
  for (const s of [LONG.secretAccessKey, ...secrets]) assert.ok(!error.message.includes(s), `a secret in: ${error.message}`);
  return error;
}

test('fromEnv: keys, token and expiration; absent when unset; one of the pair is an error', async () => {
  home = cleanEnv(fake, {
    AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'envsecret', AWS_SESSION_TOKEN: 'envtoken',
    AWS_CREDENTIAL_EXPIRATION: '2030-01-02T03:04:05Z',
  });
  const c = await fromEnv()();
  assert.deepEqual({ ...c }, { accessKeyId: 'AKIDENV', secretAccessKey: 'envsecret', sessionToken: 'envtoken', expiration: new Date('2030-01-02T03:04:05Z') });
  assert.equal(c.$source, 'environment');
  cleanEnv(fake);
  const absent = await rejectsWith(fromEnv()(), /AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set/);
  assert.equal(absent.tryNextLink, true);
  cleanEnv(fake, { AWS_ACCESS_KEY_ID: 'AKIDENV' });
  const half = await rejectsWith(fromEnv()(), /AWS_SECRET_ACCESS_KEY is not set/);
  assert.equal(half.tryNextLink, false);
});

test('fromIni: static keys; the credentials file wins over the config file; the describe is signed with them', async () => {
  home = cleanEnv(fake);
  writeAws(home, {
    config: `[default]\nregion = eu-west-1\n[profile ops]\naws_access_key_id = AKIDWRONG\naws_secret_access_key = wrong\n`,
    credentials: staticProfile('ops'),
  });
  const c = await fromIni({ profile: 'ops' })();
  assert.equal(c.accessKeyId, LONG.accessKeyId);
  assert.equal(await describeWith(fromIni({ profile: 'ops' })), FIXTURES.US_DID_CLAIMED.id);
  await rejectsWith(fromIni({ profile: 'nope' })(), /profile "nope" is not in .*config or .*credentials/);
});

test('fromIni: a malformed file is an error with its path and line, quoting nothing of it', async () => {
  home = cleanEnv(fake);
  writeAws(home, { credentials: `[ops]\naws_access_key_id = AKID\n${LONG.secretAccessKey}\n` });
  const error = await rejectsWith(fromIni({ profile: 'ops' })(), /credentials line 3 is not "key = value"/);
  assert.equal(error.tryNextLink, false);
  writeAws(home, { credentials: `aws_access_key_id = AKID\n` });
  await rejectsWith(fromIni({ profile: 'ops' })(), /line 1: "aws_access_key_id" comes before any \[section\]/);
});

test('assume role: source_profile with static keys, signed AssumeRole (checked by the verifier), the profile\'s fields and region', async () => {
  home = cleanEnv(fake);
  writeAws(home, {
    config: `[profile ops]\nrole_arn = ${ROLE}\nsource_profile = base\nrole_session_name = ops-session\nexternal_id = ext-123\nduration_seconds = 1800\nregion = eu-west-1\nservices = fake\n${servicesSection(fake)}`,
    credentials: staticProfile('base'),
  });
  const before = fake.requests('sts').length;
  const c = await fromIni({ profile: 'ops' })();
  const [call] = fake.requests('sts').slice(before);
  assert.equal(call.action, 'AssumeRole');
  assert.deepEqual(
    { RoleArn: call.form.RoleArn, RoleSessionName: call.form.RoleSessionName, ExternalId: call.form.ExternalId, DurationSeconds: call.form.DurationSeconds },
    { RoleArn: ROLE, RoleSessionName: 'ops-session', ExternalId: 'ext-123', DurationSeconds: '1800' },
  );
  assert.match(call.authorization, new RegExp(`Credential=${LONG.accessKeyId}/\\d{8}/eu-west-1/sts/aws4_request`));
  assert.match(c.accessKeyId, /^ASIA/);
  assert.ok(c.expiration instanceof Date && c.expiration > new Date());
  assert.match(c.$source, /assume role .* via source_profile base/);
  assert.equal(await describeWith(c), FIXTURES.US_DID_CLAIMED.id);
});

test('assume role: two hops; a hop with static keys and role_arn uses its keys; a cycle is an error', async () => {
  home = cleanEnv(fake);
  writeAws(home, {
    config: [
      `[profile top]\nrole_arn = ${ROLE}-top\nsource_profile = middle\nservices = fake`,
      `[profile middle]\nrole_arn = ${ROLE}-middle\nsource_profile = base\nservices = fake`,
      `[profile keyed]\nrole_arn = ${ROLE}-keyed\nsource_profile = keyedsource\nservices = fake`,
      `[profile keyedsource]\nrole_arn = ${ROLE}-never\nsource_profile = nowhere\naws_access_key_id = ${LONG.accessKeyId}\naws_secret_access_key = ${LONG.secretAccessKey}`,
      `[profile a]\nrole_arn = ${ROLE}\nsource_profile = b\nservices = fake`,
      `[profile b]\nrole_arn = ${ROLE}\nsource_profile = a\nservices = fake`,
      servicesSection(fake),
    ].join('\n'),
    credentials: staticProfile('base'),
  });
  let mark = fake.requests('sts').length;
  await fromIni({ profile: 'top' })();
  assert.deepEqual(fake.requests('sts').slice(mark).map((r) => r.form.RoleArn), [`${ROLE}-middle`, `${ROLE}-top`]);
  mark = fake.requests('sts').length;
  await fromIni({ profile: 'keyed' })();
  assert.deepEqual(fake.requests('sts').slice(mark).map((r) => r.form.RoleArn), [`${ROLE}-keyed`]);
  await rejectsWith(fromIni({ profile: 'a' })(), /source_profile makes a cycle: a -> b -> a/);
});

test('assume role: credential_source Environment; STS errors keep their code and stop', async () => {
  home = cleanEnv(fake, { AWS_ACCESS_KEY_ID: LONG.accessKeyId, AWS_SECRET_ACCESS_KEY: LONG.secretAccessKey });
  writeAws(home, { config: `[profile env-role]\nrole_arn = ${ROLE}\ncredential_source = Environment\nservices = fake\n${servicesSection(fake)}` });
  assert.match((await fromIni({ profile: 'env-role' })()).accessKeyId, /^ASIA/);
  fake.fault('sts', { status: 403, code: 'AccessDenied', message: 'User is not authorized to perform: sts:AssumeRole' });
  const error = await rejectsWith(fromIni({ profile: 'env-role' })(), /profile "env-role": AssumeRole of .*: AccessDenied: User is not authorized/);
  assert.equal(error.cause?.name, 'AccessDenied');
  assert.equal(error.cause?.$metadata?.httpStatusCode, 403);
  // Throttling is retried.
  fake.fault('sts', { status: 400, code: 'Throttling', message: 'Rate exceeded' });
  assert.match((await fromIni({ profile: 'env-role' })()).accessKeyId, /^ASIA/);
  // A wrong secret: the verifier refuses the signature, and we say so.
  process.env.AWS_SECRET_ACCESS_KEY = 'not-the-secret';
  await rejectsWith(fromIni({ profile: 'env-role' })(), /SignatureDoesNotMatch/, ['not-the-secret']);
  writeAws(home, { config: `[profile bad]\nrole_arn = ${ROLE}\ncredential_source = Laptop\n` });
  await rejectsWith(fromIni({ profile: 'bad' })(), /credential_source "Laptop" is not Environment, Ec2InstanceMetadata or EcsContainer/);
});

test('web identity: from a profile and from the environment; the token file is read on every call', async () => {
  home = cleanEnv(fake);
  const tokenFile = join(home, 'token');
  writeFileSync(tokenFile, 'web-token-one\n');
  fake.acceptWebIdentityToken('web-token-one');
  fake.acceptWebIdentityToken('web-token-two');
  writeAws(home, { config: `[profile pod]\nrole_arn = ${ROLE}\nweb_identity_token_file = ${tokenFile}\nrole_session_name = pod-7\nservices = fake\n${servicesSection(fake)}` });
  const c = await fromIni({ profile: 'pod' })();
  assert.equal(await describeWith(c), FIXTURES.US_DID_CLAIMED.id);
  const last = fake.requests('sts').at(-1);
  assert.deepEqual([last.action, last.form.WebIdentityToken, last.form.RoleSessionName, last.authorization], ['AssumeRoleWithWebIdentity', 'web-token-one', 'pod-7', undefined]);

  cleanEnv(fake, { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: ROLE, AWS_ROLE_SESSION_NAME: 'env-session', AWS_ENDPOINT_URL_STS: fake.url });
  const provider = fromTokenFile();
  await provider();
  writeFileSync(tokenFile, 'web-token-two');
  await provider();
  assert.deepEqual(fake.requests('sts').slice(-2).map((r) => r.form.WebIdentityToken), ['web-token-one', 'web-token-two']);
  writeFileSync(tokenFile, 'web-token-revoked');
  const error = await rejectsWith(provider(), /InvalidIdentityToken/, ['web-token-revoked']);
  assert.equal(error.tryNextLink, false);
  cleanEnv(fake);
  assert.equal((await rejectsWith(fromTokenFile()(), /AWS_WEB_IDENTITY_TOKEN_FILE is not set/)).tryNextLink, true);
});

test('credential_process: no shell, quoted words, Version 1; failures quote stderr with keys masked', async () => {
  home = cleanEnv(fake);
  const ok = writeScript(home, 'ok.js', `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: ${JSON.stringify(LONG.accessKeyId)}, SecretAccessKey: ${JSON.stringify(LONG.secretAccessKey)}, Expiration: new Date(Date.now() + 3600e3).toISOString(), Args: process.argv.slice(2) }))`);
  const argsFile = join(home, 'args.json');
  const echo = writeScript(home, 'echo.js', `require('fs').writeFileSync(${JSON.stringify(argsFile)}, JSON.stringify(process.argv.slice(2))); process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: 'AKIDX', SecretAccessKey: 'sx' }))`);
  const fail = writeScript(home, 'fail.js', `process.stderr.write('denied for AKIAIOSFODNN7EXAMPLE with ${LONG.secretAccessKey}\\n'); process.exit(3)`);
  const expired = writeScript(home, 'expired.js', `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: 'AKIDX', SecretAccessKey: 'sx', Expiration: '2001-01-01T00:00:00Z' }))`);
  const junk = writeScript(home, 'junk.js', `process.stdout.write('not json')`);
  writeAws(home, {
    config: [
      `[profile proc]\ncredential_process = "${ok}"`,
      `[profile args]\ncredential_process = '${echo}' --flag "two words" 'single $HOME' back\\ slash "esc\\"aped"`,
      `[profile fail]\ncredential_process = "${fail}"`,
      `[profile expired]\ncredential_process = "${expired}"`,
      `[profile junk]\ncredential_process = "${junk}"`,
      `[profile missing]\ncredential_process = /nonexistent/tool --x`,
      `[profile unterminated]\ncredential_process = "${ok}`,
    ].join('\n'),
  });
  const c = await fromProcess({ profile: 'proc' })();
  assert.equal(c.accessKeyId, LONG.accessKeyId);
  assert.equal(await describeWith(fromIni({ profile: 'proc' })), FIXTURES.US_DID_CLAIMED.id);
  await fromIni({ profile: 'args' })();
  assert.deepEqual(JSON.parse(readFileSync(argsFile, 'utf8')), ['--flag', 'two words', 'single $HOME', 'back slash', 'esc"aped']);
  const failure = await rejectsWith(fromIni({ profile: 'fail' })(), /credential_process of profile "fail" exited with status 3: denied for \*\*\*\* with \*\*\*\*/, ['AKIAIOSFODNN7EXAMPLE']);
  assert.equal(failure.tryNextLink, false);
  await rejectsWith(fromIni({ profile: 'expired' })(), /expired at 2001-01-01T00:00:00.000Z/);
  await rejectsWith(fromIni({ profile: 'junk' })(), /printed something that is not JSON/);
  await rejectsWith(fromIni({ profile: 'missing' })(), /could not start "\/nonexistent\/tool": no such program/);
  await rejectsWith(fromIni({ profile: 'unterminated' })(), /cannot be split into words: it has an unterminated double quote/);
});

test('SSO: an sso-session token from the cache, GetRoleCredentials with the bearer header', async () => {
  home = cleanEnv(fake);
  writeAws(home, {
    config: `[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ConnectAdmin\nservices = fake\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n${servicesSection(fake)}`,
  });
  writeSsoToken(home, 'corp', { accessToken: 'sso-bearer-1', expiresAt: new Date(Date.now() + 3600e3).toISOString(), region: 'us-east-1', startUrl: 'https://corp.awsapps.com/start' });
  fake.acceptSsoToken('sso-bearer-1', { accountId: '123456789012', roleName: 'ConnectAdmin' });
  const c = await fromSSO({ profile: 'sso' })();
  const call = fake.requests('sso').at(-1);
  assert.deepEqual([call.bearer, call.roleName, call.accountId], ['sso-bearer-1', 'ConnectAdmin', '123456789012']);
  assert.equal(await describeWith(c), FIXTURES.US_DID_CLAIMED.id);
  assert.match(c.$source, /SSO \(profile sso, role ConnectAdmin in 123456789012\)/);
});

test('SSO: an expiring token is refreshed through SSO OIDC CreateToken and the cache is written back', async () => {
  home = cleanEnv(fake);
  writeAws(home, {
    config: `[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ConnectAdmin\nservices = fake\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n${servicesSection(fake)}`,
  });
  const path = writeSsoToken(home, 'corp', {
    accessToken: 'sso-old', expiresAt: new Date(Date.now() + 60e3).toISOString(), refreshToken: 'refresh-1',
    clientId: 'client-1', clientSecret: 'client-secret-1', registrationExpiresAt: new Date(Date.now() + 86400e3).toISOString(),
  });
  fake.acceptRefreshToken('refresh-1', { clientId: 'client-1', clientSecret: 'client-secret-1', grant: { accountId: '123456789012', roleName: 'ConnectAdmin' } });
  await fromSSO({ profile: 'sso' })();
  const oidc = fake.requests('oidc').at(-1).input;
  assert.deepEqual(oidc, { clientId: 'client-1', clientSecret: 'client-secret-1', refreshToken: 'refresh-1', grantType: 'refresh_token' });
  const cache = JSON.parse(readFileSync(path, 'utf8'));
  assert.match(cache.accessToken, /^sso-access-/);
  assert.match(cache.refreshToken, /^sso-refresh-/);
  assert.ok(Date.parse(cache.expiresAt) > Date.now() + 3600e3);
  assert.equal(cache.clientId, 'client-1');
  assert.equal(fake.requests('sso').at(-1).bearer, cache.accessToken);
});

test('SSO: an expired token that cannot be refreshed, or none, says to run aws sso login; legacy profiles hash the start URL', async () => {
  home = cleanEnv(fake);
  writeAws(home, {
    config: [
      `[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ConnectAdmin\nservices = fake`,
      `[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1`,
      `[profile legacy]\nsso_start_url = https://legacy.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = ConnectAdmin\nservices = fake`,
      `[profile half]\nsso_session = corp`,
      servicesSection(fake),
    ].join('\n'),
  });
  await rejectsWith(fromSSO({ profile: 'sso' })(), /has no cached token .*: run aws sso login --profile sso/);
  writeSsoToken(home, 'corp', { accessToken: 'sso-stale', expiresAt: new Date(Date.now() - 60e3).toISOString() });
  await rejectsWith(fromIni({ profile: 'sso' })(), /expired at .*: run aws sso login --profile sso/, ['sso-stale']);
  writeSsoToken(home, 'https://legacy.awsapps.com/start', { accessToken: 'sso-legacy', expiresAt: new Date(Date.now() + 3600e3).toISOString() });
  fake.acceptSsoToken('sso-legacy');
  assert.match((await fromIni({ profile: 'legacy' })()).accessKeyId, /^ASIA/);
  await rejectsWith(fromIni({ profile: 'half' })(), /profile "half" has no sso_account_id, sso_role_name/);
  writeSsoToken(home, 'corp', { accessToken: 'sso-revoked', expiresAt: new Date(Date.now() + 3600e3).toISOString() });
  await rejectsWith(fromSSO({ profile: 'sso' })(), /UnauthorizedException.*run aws sso login --profile sso/, ['sso-revoked']);
});

test('ECS: the full URI on loopback with the authorization token (from its file, read on each request); retries; refused hosts', async () => {
  home = cleanEnv(fake);
  const tokenFile = join(home, 'ecs-token');
  writeFileSync(tokenFile, 'ecs-auth-1\n');
  fake.ecs.authorization = 'ecs-auth-1';
  cleanEnv(fake, { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${fake.url}/ecs/credentials`, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'ignored' });
  const c = await fromContainerMetadata()();
  assert.equal(await describeWith(c), FIXTURES.US_DID_CLAIMED.id);
  assert.equal(fake.requests('ecs').at(-1).authorization, 'ecs-auth-1');
  writeFileSync(tokenFile, 'ecs-auth-2');
  fake.ecs.authorization = 'ecs-auth-2';
  fake.fault('ecs', { status: 500 });
  fake.fault('ecs', { status: 0 });
  await fromContainerMetadata()();
  assert.deepEqual(fake.requests('ecs').slice(-3).map((r) => r.authorization), ['ecs-auth-2', 'ecs-auth-2', 'ecs-auth-2']);
  fake.ecs.authorization = 'something-else';
  await rejectsWith(fromContainerMetadata()(), /answered HTTP 403: bad authorization token/, ['ecs-auth-2']);
  fake.ecs.authorization = undefined;
  cleanEnv(fake, { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://example.com/creds' });
  await rejectsWith(fromContainerMetadata()(), /host example.com is not allowed over http/);
  cleanEnv(fake);
  assert.equal((await rejectsWith(fromContainerMetadata()(), /are not set/)).tryNextLink, true);
});

test('IMDS: v2 with the token header; v1 on 405 unless disabled; AWS_EC2_METADATA_DISABLED skips it', async () => {
  home = cleanEnv(fake);
  const c = await fromInstanceMetadata()();
  assert.match(c.$source, /role connect-ops-role/);
  assert.equal(await describeWith(c), FIXTURES.US_DID_CLAIMED.id);
  const calls = fake.requests('imds').slice(-3);
  assert.deepEqual(calls.map((r) => `${r.method} ${r.path}`), ['PUT /latest/api/token', 'GET /latest/meta-data/iam/security-credentials/', 'GET /latest/meta-data/iam/security-credentials/connect-ops-role']);
  assert.ok(calls[1].token && calls[1].token === calls[2].token);
  fake.imds.tokenStatus = 405;
  fake.imds.v1 = true;
  try {
    await fromInstanceMetadata()();
    assert.equal(fake.requests('imds').at(-1).token, undefined);
    process.env.AWS_EC2_METADATA_V1_DISABLED = 'true';
    await rejectsWith(fromInstanceMetadata()(), /answered HTTP 405 and AWS_EC2_METADATA_V1_DISABLED forbids IMDSv1/);
  } finally {
    fake.imds.tokenStatus = 200;
    fake.imds.v1 = false;
  }
  cleanEnv(fake, { AWS_EC2_METADATA_DISABLED: 'true' });
  assert.equal((await rejectsWith(fromInstanceMetadata()(), /AWS_EC2_METADATA_DISABLED is true/)).tryNextLink, true);
});

test('the chain: environment first, unless a profile is named; then the profile, web identity, ECS, IMDS', async () => {
  home = cleanEnv(fake, { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'envsecret', AWS_CONTAINER_CREDENTIALS_FULL_URI: `${fake.url}/ecs/credentials` });
  writeAws(home, { credentials: staticProfile('default') + staticProfile('ops') });
  assert.equal((await fromNodeProviderChain()()).$source, 'environment');
  process.env.AWS_PROFILE = 'ops';
  assert.equal((await fromNodeProviderChain()()).$source, 'profile ops (static keys)');
  assert.equal((await fromNodeProviderChain({ profile: 'default' })()).$source, 'profile default (static keys)');
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  assert.equal((await fromNodeProviderChain()()).$source, 'profile default (static keys)');
  writeAws(home, { credentials: '' });
  assert.equal((await fromNodeProviderChain()()).$source, 'ECS container');
  delete process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  assert.match((await fromNodeProviderChain()()).$source, /^EC2 instance metadata/);
});

test('the chain stops at a configured source that fails, and lists every source when none is there', async () => {
  home = cleanEnv(fake, { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${fake.url}/ecs/credentials` });
  const fail = writeScript(home, 'fail.js', `process.stderr.write('token expired'); process.exit(1)`);
  writeAws(home, { config: `[default]\ncredential_process = "${fail}"\n` });
  const before = fake.requests('ecs').length;
  await rejectsWith(fromNodeProviderChain()(), /credential_process of profile "default" exited with status 1: token expired/);
  assert.equal(fake.requests('ecs').length, before, 'the chain went on past a failing source');

  cleanEnv(fake, { AWS_EC2_METADATA_DISABLED: 'true' });
  const error = await rejectsWith(fromNodeProviderChain()(), /could not load credentials from any source/);
  for (const label of ['environment', 'shared files', 'web identity', 'ECS container credentials', 'EC2 instance metadata']) {
    assert.match(error.message, new RegExp(`\\n- ${label}: `));
  }
  // A host with nothing there: the IMDS token call gets no answer, and the chain fails after one timeout.
  cleanEnv(fake);
  fake.imds.hang = true;
  try {
    const silent = await rejectsWith(fromNodeProviderChain()(), /- EC2 instance metadata at http:\/\/127.0.0.1:\d+\/latest\/api\/token: no answer within 1000 ms/);
    assert.match(silent.message, /could not load credentials from any source/);
  } finally {
    fake.imds.hang = false;
  }
  // A named profile that is not there stops the chain: it is a mistake, not an absence.
  cleanEnv(fake, { AWS_PROFILE: 'typo' });
  await rejectsWith(fromNodeProviderChain()(), /^profile "typo" is not in/);
});

test('ConnectClient in Node without credentials uses the chain (with the client\'s region for STS)', async () => {
  home = cleanEnv(fake, { AWS_EC2_METADATA_DISABLED: 'true' });
  writeAws(home, { config: `[default]\nrole_arn = ${ROLE}\nsource_profile = base\nservices = fake\n${servicesSection(fake)}`, credentials: staticProfile('base') });
  const client = new ConnectClient({ region: REGION, endpoint: emulator.url, maxAttempts: 1 });
  try {
    const out = await client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id });
    assert.equal(out.ClaimedPhoneNumberSummary.PhoneNumberId, FIXTURES.US_DID_CLAIMED.id);
  } finally {
    client.free();
  }
  assert.match(fake.requests('sts').at(-1).authorization, /\/us-west-2\/sts\/aws4_request/);
});

test('a bad header value (a token with a line break or a NUL) is refused by name, never quoted', async () => {
  home = cleanEnv(fake);
  writeAws(home, { config: `[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ConnectAdmin\nservices = fake\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n${servicesSection(fake)}` });
  writeSsoToken(home, 'corp', { accessToken: 'SSO-TOKEN-WITH\nBREAK', expiresAt: new Date(Date.now() + 3600e3).toISOString() });
  await rejectsWith(fromSSO({ profile: 'sso' })(), /the x-amz-sso_bearer_token header would have a control character/, ['SSO-TOKEN-WITH']);
  const tokenFile = join(home, 'ecs-token');
  writeFileSync(tokenFile, 'ECS-TOKEN\0SECRET');
  cleanEnv(fake, { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${fake.url}/ecs/credentials`, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile });
  await rejectsWith(fromContainerMetadata()(), /the authorization header would have a control character/, ['ECS-TOKEN']);
});

test('shared files: indented keys belong to their section; a named profile with only a region lets the chain go on', async () => {
  home = cleanEnv(fake, { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${fake.url}/ecs/credentials` });
  writeAws(home, {
    credentials: `[indented]\n  aws_access_key_id = ${LONG.accessKeyId}\n  aws_secret_access_key = ${LONG.secretAccessKey}\n`,
    config: `[profile regional]\nregion = eu-west-1\n`,
  });
  assert.equal((await fromIni({ profile: 'indented' })()).accessKeyId, LONG.accessKeyId);
  const absentProfile = await rejectsWith(fromIni({ profile: 'regional' })(), /profile "regional" .* configures no credentials/);
  assert.equal(absentProfile.tryNextLink, true);
  process.env.AWS_PROFILE = 'regional';
  assert.equal((await fromNodeProviderChain()()).$source, 'ECS container');
});

test('a profile\'s role wins over its own static keys; credential_source Ec2InstanceMetadata; duration_seconds is range-checked', async () => {
  home = cleanEnv(fake);
  writeAws(home, {
    config: [
      `[profile both]\nrole_arn = ${ROLE}-both\nsource_profile = both\nservices = fake`,
      `[profile on-ec2]\nrole_arn = ${ROLE}-ec2\ncredential_source = Ec2InstanceMetadata\nservices = fake`,
      `[profile long]\nrole_arn = ${ROLE}\nsource_profile = base\nduration_seconds = 4294968196\nservices = fake`,
      `[profile odd]\nrole_arn = ${ROLE}\ncredential_source = constructor\nservices = fake`,
      servicesSection(fake),
    ].join('\n'),
    credentials: `${staticProfile('base')}[both]\naws_access_key_id = ${LONG.accessKeyId}\naws_secret_access_key = ${LONG.secretAccessKey}\n`,
  });
  const both = await fromIni({ profile: 'both' })();
  assert.match(both.$source, /assume role .*-both via source_profile both/);
  assert.equal(fake.requests('sts').at(-1).form.RoleArn, `${ROLE}-both`);
  const mark = fake.requests('imds').length;
  const onEc2 = await fromIni({ profile: 'on-ec2' })();
  assert.match(onEc2.$source, /via credential_source Ec2InstanceMetadata/);
  assert.ok(fake.requests('imds').length > mark, 'the role was assumed with instance metadata credentials');
  assert.match(fake.requests('sts').at(-1).authorization, /Credential=ASIAIMDS/);
  await rejectsWith(fromIni({ profile: 'long' })(), /duration_seconds is 4294968196: STS grants 900 to 43200 seconds/);
  await rejectsWith(fromIni({ profile: 'odd' })(), /credential_source "constructor" is not Environment/);
});

test('ECS endpoints: the relative URI goes on 169.254.170.2, the full URI wins, and only the allowed http hosts pass', async () => {
  const { containerEndpoint } = await import('../../pkg/credentials/container.mjs');
  assert.equal(containerEndpoint({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/abc' }), 'http://169.254.170.2/v2/credentials/abc');
  assert.equal(containerEndpoint({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/r', AWS_CONTAINER_CREDENTIALS_FULL_URI: 'https://creds.example.com/x' }), 'https://creds.example.com/x');
  for (const host of ['169.254.170.23', '[fd00:ec2::23]', '127.0.0.2', '[::1]', 'localhost', '169.254.170.2']) {
    assert.equal(containerEndpoint({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://${host}:8080/c` }), `http://${host}:8080/c`);
  }
  for (const url of ['http://10.0.0.1/c', 'http://169.254.169.254/c', 'ftp://127.0.0.1/c', 'not a url']) {
    assert.throws(() => containerEndpoint({ AWS_CONTAINER_CREDENTIALS_FULL_URI: url }), { name: 'CredentialsProviderError' });
  }
  assert.equal(containerEndpoint({}), undefined);
});

test('endpoint overrides: the service variable, then AWS_ENDPOINT_URL, then services, then endpoint_url; all ignored on request', async () => {
  const { configuredEndpoint } = await import('../../pkg/credentials/endpoints.mjs');
  const files = { services: { s: { sts: { endpoint_url: 'http://services' } } } };
  const profile = { services: 's', endpoint_url: 'http://profile' };
  assert.equal(configuredEndpoint('sts', { profile, files, env: { AWS_ENDPOINT_URL_STS: 'http://sts', AWS_ENDPOINT_URL: 'http://global' } }), 'http://sts');
  assert.equal(configuredEndpoint('sts', { profile, files, env: { AWS_ENDPOINT_URL: 'http://global' } }), 'http://global');
  assert.equal(configuredEndpoint('sts', { profile, files, env: {} }), 'http://services');
  assert.equal(configuredEndpoint('sso', { profile, files, env: {} }), 'http://profile');
  assert.equal(configuredEndpoint('sts', { profile, files, env: { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true', AWS_ENDPOINT_URL_STS: 'http://sts' } }), undefined);
  // And end to end: AWS_ENDPOINT_URL alone points STS at the fake.
  home = cleanEnv(fake, { AWS_ENDPOINT_URL: fake.url });
  writeAws(home, { config: `[profile ops]\nrole_arn = ${ROLE}\nsource_profile = base\n`, credentials: staticProfile('base') });
  assert.match((await fromIni({ profile: 'ops' })()).accessKeyId, /^ASIA/);
});

test('IMDS: IMDSv1 after a 403 or a 404 from the token call too; a role list of 404 means no role', async () => {
  home = cleanEnv(fake);
  fake.imds.v1 = true;
  try {
    for (const status of [403, 404]) {
      fake.imds.tokenStatus = status;
      assert.match((await fromInstanceMetadata()()).$source, /role connect-ops-role/, String(status));
      assert.equal(fake.requests('imds').at(-1).token, undefined);
    }
  } finally {
    fake.imds.tokenStatus = 200;
    fake.imds.v1 = false;
  }
  const role = fake.imds.role;
  fake.imds.role = null;
  try {
    await rejectsWith(fromInstanceMetadata()(), /security-credentials\/ is not there \(HTTP 404\): the instance has no IAM role/);
  } finally {
    fake.imds.role = role;
  }
});

test('SSO: a failed refresh falls back to a token still valid, and after expiry says to log in, without the client secret or refresh token', async () => {
  home = cleanEnv(fake);
  writeAws(home, { config: `[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ConnectAdmin\nservices = fake\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n${servicesSection(fake)}` });
  const client = { refreshToken: 'REFRESH-SECRET-1', clientId: 'client-9', clientSecret: 'CLIENT-SECRET-9', registrationExpiresAt: new Date(Date.now() + 86400e3).toISOString() };
  writeSsoToken(home, 'corp', { accessToken: 'sso-soon', expiresAt: new Date(Date.now() + 60e3).toISOString(), ...client });
  fake.acceptSsoToken('sso-soon');
  fake.fault('oidc', { status: 400, code: 'invalid_grant' });
  await fromSSO({ profile: 'sso' })();
  assert.equal(fake.requests('sso').at(-1).bearer, 'sso-soon', 'the cached token was used after the refresh failed');
  writeSsoToken(home, 'corp', { accessToken: 'sso-gone', expiresAt: new Date(Date.now() - 60e3).toISOString(), ...client });
  fake.fault('oidc', { status: 400, code: 'invalid_grant' });
  await rejectsWith(fromSSO({ profile: 'sso' })(), /refreshing the token of profile "sso" failed \(invalid_grant, HTTP 400\): run aws sso login --profile sso/, ['REFRESH-SECRET-1', 'CLIENT-SECRET-9', 'sso-gone']);
  const before = fake.requests('oidc').length;
  writeSsoToken(home, 'corp', { accessToken: 'sso-gone', expiresAt: new Date(Date.now() - 60e3).toISOString(), ...client, registrationExpiresAt: new Date(Date.now() - 1000).toISOString() });
  await rejectsWith(fromSSO({ profile: 'sso' })(), /expired at .*: run aws sso login --profile sso/);
  assert.equal(fake.requests('oidc').length, before, 'no refresh with an expired client registration');
});

test('IMDS: the profile\'s ec2_metadata_service_endpoint is honoured; the variable wins over it', async () => {
  const { metadataEndpoint } = await import('../../pkg/credentials/instance-metadata.mjs');
  assert.equal(metadataEndpoint({}, {}), 'http://169.254.169.254');
  assert.equal(metadataEndpoint({}, { ec2_metadata_service_endpoint_mode: 'IPv6' }), 'http://[fd00:ec2::254]');
  assert.equal(metadataEndpoint({ AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.9:1/' }, { ec2_metadata_service_endpoint: 'http://127.0.0.8:1' }), 'http://127.0.0.9:1');
  home = cleanEnv(fake);
  delete process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
  writeAws(home, { config: `[default]\nec2_metadata_service_endpoint = ${fake.url}\n` });
  const before = fake.requests('imds').length;
  assert.match((await fromInstanceMetadata()()).$source, /role connect-ops-role/);
  assert.ok(fake.requests('imds').length > before);
});
