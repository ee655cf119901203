// The connect-phone CLI end to end with each kind of credentials: it describes a number
// against the Connect emulator, and `connect-phone credentials` names the source and the
// expiry without printing a key.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServices, writeAws, writeSsoToken, writeScript, removeHome, servicesSection, CREDENTIALS, FIXTURES, REGION, ROLE } from './harness.mjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const CLI = fileURLToPath(new URL('../../pkg/cli.mjs', import.meta.url));
const LONG = CREDENTIALS.longTerm;
const US = FIXTURES.US_DID_CLAIMED;

let services;
let home;
const outputs = [];
before(async () => {
  services = await startServices();
  const { fake } = services;
  home = mkdtempSync(join(tmpdir(), 'cpw-cli-home-'));
  const tokenFile = join(home, 'web-token');
  writeFileSync(tokenFile, 'cli-web-token');
  fake.acceptWebIdentityToken('cli-web-token');
  const proc = writeScript(home, 'creds.js', `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: ${JSON.stringify(LONG.accessKeyId)}, SecretAccessKey: ${JSON.stringify(LONG.secretAccessKey)} }))`);
  const failing = writeScript(home, 'fail.js', `process.stderr.write('no session'); process.exit(2)`);
  writeAws(home, {
    config: [
      `[profile role]\nrole_arn = ${ROLE}\nsource_profile = base\nregion = ${REGION}\nservices = fake`,
      `[profile env-role]\nrole_arn = ${ROLE}\ncredential_source = Environment\nregion = ${REGION}\nservices = fake`,
      `[profile pod]\nrole_arn = ${ROLE}\nweb_identity_token_file = ${tokenFile}\nregion = ${REGION}\nservices = fake`,
      `[profile proc]\ncredential_process = "${proc}"\nregion = ${REGION}`,
      `[profile broken]\ncredential_process = "${failing}"\nregion = ${REGION}`,
      `[profile denied]\nrole_arn = arn:aws:iam::123456789012:user/not-a-role\nsource_profile = base\nregion = ${REGION}\nservices = fake`,
      `[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ConnectAdmin\nregion = ${REGION}\nservices = fake`,
      `[profile sso-expired]\nsso_session = old\nsso_account_id = 123456789012\nsso_role_name = ConnectAdmin\nregion = ${REGION}\nservices = fake`,
      `[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1`,
      `[sso-session old]\nsso_start_url = https://old.awsapps.com/start\nsso_region = us-east-1`,
      servicesSection(fake),
    ].join('\n'),
    credentials: `[base]\naws_access_key_id = ${LONG.accessKeyId}\naws_secret_access_key = ${LONG.secretAccessKey}\n`,
  });
  writeSsoToken(home, 'corp', { accessToken: 'cli-sso-token', expiresAt: new Date(Date.now() + 3600e3).toISOString() });
  writeSsoToken(home, 'old', { accessToken: 'cli-sso-old', expiresAt: new Date(Date.now() - 3600e3).toISOString() });
  fake.acceptSsoToken('cli-sso-token');
});
after(async () => {
  await services.close();
  removeHome(home);
});

function cli(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_SERVICE_ENDPOINT: services.fake.url, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      outputs.push(stdout, stderr);
      resolve({ status, stdout, stderr });
    });
  });
}

const describe = (profile, env = {}) => cli(['describe', US.id, '--endpoint', services.emulator.url, ...(profile ? ['--profile', profile] : [])], env);
const ok = (r) => assert.equal(r.status, 0, `exit ${r.status}: ${r.stderr}`);

test('describe with each kind of profile', async () => {
  for (const profile of ['role', 'pod', 'proc', 'sso']) {
    const r = await describe(profile);
    ok(r);
    assert.match(r.stdout, new RegExp(`Id +${US.id}`), profile);
  }
  ok(await describe('env-role', { AWS_ACCESS_KEY_ID: LONG.accessKeyId, AWS_SECRET_ACCESS_KEY: LONG.secretAccessKey }));
});

test('describe with the environment\'s sources: keys, web identity, ECS, instance metadata', async () => {
  const region = { AWS_REGION: REGION };
  ok(await describe(undefined, { ...region, AWS_ACCESS_KEY_ID: LONG.accessKeyId, AWS_SECRET_ACCESS_KEY: LONG.secretAccessKey }));
  ok(await describe(undefined, { ...region, AWS_WEB_IDENTITY_TOKEN_FILE: join(home, 'web-token'), AWS_ROLE_ARN: ROLE, AWS_ENDPOINT_URL_STS: services.fake.url }));
  ok(await describe(undefined, { ...region, AWS_CONTAINER_CREDENTIALS_FULL_URI: `${services.fake.url}/ecs/credentials` }));
  ok(await describe(undefined, region));
});

test('a failing source exits with its message; none at all lists what was tried on one line', async () => {
  const broken = await describe('broken');
  assert.equal(broken.status, 2);
  assert.match(broken.stderr, /^connect-phone: credential_process of profile "broken" exited with status 2: no session\n$/);
  const expired = await describe('sso-expired');
  assert.equal(expired.status, 2);
  assert.match(expired.stderr, /run aws sso login --profile sso-expired\n$/);
  // STS refused: a service error, exit 1.
  const denied = await describe('denied');
  assert.equal(denied.status, 1);
  assert.match(denied.stderr, /^connect-phone: profile "denied": AssumeRole of arn:aws:iam::123456789012:user\/not-a-role: ValidationError: bad RoleArn\n$/);
  const none = await describe(undefined, { AWS_REGION: REGION, AWS_EC2_METADATA_DISABLED: 'true' });
  assert.equal(none.status, 2);
  assert.match(none.stderr, /^connect-phone: no credentials: [^\n]+Tried: environment: [^\n]+; shared files: profile "default" is not in [^\n]+; EC2 instance metadata: AWS_EC2_METADATA_DISABLED is true\n$/);
});

test('connect-phone credentials: the source and the expiry, never the keys', async () => {
  const role = await cli(['credentials', '--profile', 'role']);
  ok(role);
  assert.match(role.stdout, /^Source +profile role \(assume role arn:aws:iam::123456789012:role\/connect-ops via source_profile base\)$/m);
  assert.match(role.stdout, /^Expires +\d{4}-\d\d-\d\dT[\d:.]+Z \(in \d+ min\)$/m);
  assert.match(role.stdout, /^Access key +\*+[A-Z0-9]{4}$/m);
  const keys = await cli(['credentials'], { AWS_ACCESS_KEY_ID: LONG.accessKeyId, AWS_SECRET_ACCESS_KEY: LONG.secretAccessKey });
  ok(keys);
  assert.match(keys.stdout, /^Source +environment$/m);
  assert.match(keys.stdout, /^Expires +never/m);
  for (const [profile, source] of [['sso', /^Source +SSO \(profile sso, role ConnectAdmin in 123456789012\)$/m], ['proc', /^Source +profile proc \(credential_process\)$/m]]) {
    const r = await cli(['credentials', '--profile', profile]);
    ok(r);
    assert.match(r.stdout, source);
  }
  const missing = await cli(['credentials', '--profile', 'nope']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /profile "nope" is not in/);
});

test('no key, secret or token appears in any output', () => {
  assert.ok(outputs.length >= 20);
  const all = outputs.join('\n');
  for (const secret of [LONG.secretAccessKey, LONG.accessKeyId, 'cli-sso-token', 'cli-sso-old', 'cli-web-token', 'secret-', 'token-']) {
    assert.ok(!all.includes(secret), `leaked: ${secret.slice(0, 8)}…`);
  }
});
