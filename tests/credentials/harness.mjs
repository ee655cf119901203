// Shared set-up of the credential tests: a Connect emulator, the fake AWS services (whose
// credentials the emulator accepts), and a clean environment per test: a temporary HOME, no
// AWS_* variable but those the test sets, and instance metadata pointed at the fake.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { startEmulator, CREDENTIALS, FIXTURES } from '../emulator/server.mjs';
import { startFakeAws } from './fake-aws.mjs';

export { CREDENTIALS, FIXTURES };
export const REGION = 'us-west-2';
export const ROLE = 'arn:aws:iam::123456789012:role/connect-ops';

export async function startServices() {
  const emulator = await startEmulator({ port: 0 });
  const fake = await startFakeAws({ onIssue: (c) => emulator.addCredentials(c) });
  fake.trust({ ...CREDENTIALS.longTerm });
  return { emulator, fake, close: () => Promise.all([emulator.close(), fake.close()]) };
}

const saved = { ...process.env };

/** A fresh HOME and a process.env with only PATH, HOME and `vars`. Returns the HOME. */
export function cleanEnv(fake, vars = {}) {
  const home = mkdtempSync(join(tmpdir(), 'cpw-home-'));
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, {
    PATH: saved.PATH,
    HOME: home,
    // Instance metadata is the fake unless a test says otherwise: never 169.254.169.254.
    AWS_EC2_METADATA_SERVICE_ENDPOINT: fake.url,
    ...vars,
  });
  for (const [k, v] of Object.entries(process.env)) if (v === undefined) delete process.env[k];
  return home;
}

export function restoreEnv() {
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, saved);
}

export function writeAws(home, { config, credentials } = {}) {
  mkdirSync(join(home, '.aws'), { recursive: true });
  if (config !== undefined) writeFileSync(join(home, '.aws', 'config'), config);
  if (credentials !== undefined) writeFileSync(join(home, '.aws', 'credentials'), credentials);
}

/** Writes an SSO token cache entry, as `aws sso login` does, for a session name or start URL. */
export function writeSsoToken(home, key, token) {
  const dir = join(home, '.aws', 'sso', 'cache');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${createHash('sha1').update(key).digest('hex')}.json`);
  writeFileSync(path, JSON.stringify(token));
  return path;
}

/** An executable script in `dir` (a path with a space, to test quoting). */
export function writeScript(dir, name, body) {
  const folder = join(dir, 'cred tools');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, name);
  writeFileSync(path, `#!/usr/bin/env node\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

export const removeHome = (home) => rmSync(home, { recursive: true, force: true });

/** The [profile x] lines for the fake's endpoints (STS, SSO, SSO OIDC) via a services section. */
export const servicesSection = (fake) => `[services fake]\nsts =\n  endpoint_url = ${fake.url}\nsso =\n  endpoint_url = ${fake.url}\nsso_oidc =\n  endpoint_url = ${fake.url}\n`;
