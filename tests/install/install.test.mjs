// The npm package as a user gets it: `npm pack` pkg/, install the tarball into a fresh
// project with no network, then use it from Node ESM and CJS (Node 20, and Node 18, the oldest
// supported), Deno 2, an esbuild browser bundle, a Vite build, a plain <script type="module">
// page with an import map, a module Web Worker, the `connect-phone` CLI and TypeScript
// (nodenext, the package's own .d.ts checked). Every describe goes to a local Connect emulator
// that verifies signatures. Node 18 and Deno come from tests/runtimes (scripts/setup.sh).
// Run: node --test tests/install/   (after `npm run build`; needs /usr/bin/chromium)
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, copyFileSync, rmSync, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname, extname, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { chromium } from 'playwright-core';
import { startEmulator, FIXTURES, CREDENTIALS, UNKNOWN_ID } from '../emulator/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REGION = 'us-west-2';
const US = FIXTURES.US_DID_CLAIMED;
const DE = FIXTURES.DE_DID_FAILED;
const TDG = FIXTURES.US_TDG_ARN_ONLY;
const SECRETS = [
  CREDENTIALS.longTerm.secretAccessKey,
  CREDENTIALS.temporary.secretAccessKey,
  CREDENTIALS.temporary.sessionToken,
  CREDENTIALS.expired.secretAccessKey,
  CREDENTIALS.expired.sessionToken,
];
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

let emu;
let work; // temp dir: tarball, npm cache, the app, empty homes
let app; // the fresh project the tarball is installed into
let tarball;

/** npm with a private cache and an unreachable registry: any network access fails the install. */
function npm(args, cwd) {
  return execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      npm_config_cache: join(work, 'npm-cache'),
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
    },
  });
}

/** A child-process environment with no AWS settings from the host. */
function cleanEnv(extra = {}) {
  // Instance metadata off: without credentials, the Node chain would otherwise ask 169.254.169.254.
  const env = { PATH: process.env.PATH, HOME: join(work, 'empty-home'), LANG: 'C.UTF-8', AWS_EC2_METADATA_DISABLED: 'true' };
  return { ...env, ...extra };
}

/**
 * Runs a child process without blocking the event loop (the emulator lives in this process,
 * so spawnSync would deadlock it). Resolves to { status, stdout, stderr }.
 */
function run(command, args, { cwd, env, timeout = 30_000 }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

/**
 * A runtime installed by scripts/setup.sh into tests/runtimes (Node 18, Deno): its path, or
 * why it is missing. On CI a missing runtime fails the test instead of skipping it.
 */
function otherRuntime(name, version) {
  const bin = join(root, 'tests', 'runtimes', 'node_modules', '.bin', name);
  const probe = existsSync(bin) ? spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 }) : null;
  if (probe?.status === 0 && version.test(probe.stdout)) return { bin };
  const why = `${name} ${version} is not installed in tests/runtimes (bash scripts/setup.sh installs it)`;
  assert.ok(!process.env.CI, why);
  return { skip: why };
}

const credEnv = (c = CREDENTIALS.longTerm) => ({
  AWS_ACCESS_KEY_ID: c.accessKeyId,
  AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
  ...(c.sessionToken ? { AWS_SESSION_TOKEN: c.sessionToken } : {}),
});

before(async () => {
  emu = await startEmulator({ region: REGION, quiet: true });
  work = mkdtempSync(join(tmpdir(), 'connect-phone-install-'));
  mkdirSync(join(work, 'empty-home'));
  mkdirSync(join(work, 'tarball'));
  const packed = JSON.parse(npm(['pack', join(root, 'pkg'), '--pack-destination', join(work, 'tarball'), '--json', '--ignore-scripts'], root));
  tarball = join(work, 'tarball', packed[0].filename);
  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'install-test-app', version: '1.0.0', private: true }, null, 2));
  npm(['install', tarball, '--offline', '--no-audit', '--no-fund'], app);
});

after(async () => {
  await emu?.close();
  if (work && !process.env.KEEP_INSTALL_TEST_DIR) rmSync(work, { recursive: true, force: true });
});

test('the tarball holds the package files, the bin and no stray files', () => {
  const pkgDir = join(app, 'node_modules', 'connect-phone-wasm');
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  assert.equal(manifest.name, 'connect-phone-wasm');
  assert.deepEqual(manifest.bin, { 'connect-phone': './cli.mjs' });
  assert.equal(Object.keys(manifest.dependencies ?? {}).length, 0, 'no dependencies');
  for (const file of ['browser.js', 'node.mjs', 'node.cjs', 'cli.mjs', 'index.d.ts', 'model.d.ts', 'model.js', 'model.cjs',
    'connect_phone_wasm.js', 'connect_phone_wasm_bg.wasm', 'cjs/connect_phone_wasm.js', 'README.md', 'LICENSE',
    'client/browser.js', 'client/node.mjs', 'client/node.cjs', 'client/index.d.ts', 'client/connect_phone_client.js',
    'client/connect_phone_client_bg.wasm', 'client/cjs/connect_phone_client.js',
    'credentials/connect_phone_sts.js', 'credentials/connect_phone_sts_bg.wasm', 'credentials.mjs', 'credentials.cjs', 'credentials.d.ts', 'credentials-browser.js', 'credentials/index.mjs', 'credentials/index.cjs']) {
    assert.ok(existsSync(join(pkgDir, file)), `${file} is in the package`);
  }
  // No client.js beside client/: a resolver without `exports` support would load it for
  // connect-phone-wasm/client.
  assert.ok(!existsSync(join(pkgDir, 'client.js')) && !existsSync(join(pkgDir, 'client.cjs')), 'no client.js or client.cjs at the top');
  // Every file the entry points import is shipped.
  for (const entry of ['browser.js', 'node.mjs', 'node.cjs', 'cli.mjs', 'client/browser.js', 'client/node.mjs', 'client/node.cjs', 'client/index.d.ts',
    'credentials.mjs', 'credentials.cjs', 'credentials.d.ts', 'credentials/index.mjs', 'credentials/sts-wasm.mjs', 'credentials/ini.mjs']) {
    const text = readFileSync(join(pkgDir, entry), 'utf8');
    for (const [, spec] of text.matchAll(/(?:from\s+|require\()\s*['"](\.[^'"]+)['"]/g)) {
      // Type files name the .js and mean the .d.ts beside it.
      const file = entry.endsWith('.d.ts') ? spec.replace(/\.js$/, '.d.ts') : spec;
      assert.ok(existsSync(join(pkgDir, dirname(entry), file)), `${entry} imports ${spec}, which is in the package`);
    }
  }
  const bin = join(app, 'node_modules', '.bin', 'connect-phone');
  assert.ok(existsSync(bin), 'node_modules/.bin/connect-phone exists');
  assert.ok(statSync(bin).mode & 0o111, 'the bin is executable');
  assert.match(readFileSync(join(pkgDir, 'cli.mjs'), 'utf8'), /^#!\/usr\/bin\/env node\n/);
});

describe('Node', () => {
  const runNode = async (file, extra = {}) => {
    const r = await run(process.execPath, [file], {
      cwd: app,
      env: cleanEnv({ EMULATOR_URL: emu.url, PHONE_ID: US.id, ...credEnv(), ...extra }),
    });
    assert.equal(r.status, 0, `${file} exited ${r.status}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };

  test('ESM: import { ConnectClient, signRequest } from "connect-phone-wasm", no init()', async () => {
    writeFileSync(join(app, 'esm.mjs'), `
import { ConnectClient, signRequest, presignUrl, PhoneNumberType } from 'connect-phone-wasm';
const credentials = { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY };
const client = new ConnectClient({ region: 'us-west-2', endpoint: process.env.EMULATOR_URL, credentials });
const out = await client.describePhoneNumber({ PhoneNumberId: process.env.PHONE_ID });
const signed = signRequest({ url: process.env.EMULATOR_URL + '/phone-number/' + process.env.PHONE_ID }, { region: 'us-west-2', service: 'connect', credentials });
const res = await fetch(signed.url, { headers: signed.headers });
const link = presignUrl({ url: 'https://example.com/a' }, { region: 'us-west-2', service: 's3', credentials, expiresIn: 60 });
console.log(JSON.stringify({
  out, resolved: import.meta.resolve?.('connect-phone-wasm') ?? null, signedStatus: res.status,
  presigned: link.includes('X-Amz-Signature='), did: PhoneNumberType.DID,
}));
`);
    const r = await runNode('esm.mjs');
    assert.deepEqual(r.out.ClaimedPhoneNumberSummary, US.summary);
    assert.equal(r.out.$metadata.httpStatusCode, 200);
    assert.match(r.resolved, /\/node_modules\/connect-phone-wasm\/node\.mjs$/);
    assert.equal(r.signedStatus, 200, 'a signRequest result fetched as is passes the emulator');
    assert.equal(r.presigned, true);
    assert.equal(r.did, 'DID');
  });

  test('connect-phone-wasm/client in ESM and CJS: ConnectClient and the model, no signer', async () => {
    const logic = `
const credentials = { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY };
const client = new entry.ConnectClient({ region: 'us-west-2', endpoint: process.env.EMULATOR_URL, credentials });
const out = await client.describePhoneNumber({ PhoneNumberId: process.env.PHONE_ID });
let error;
try { await client.describePhoneNumber({ PhoneNumberId: process.env.UNKNOWN_ID }); } catch (e) { error = e.name; }
return { out, error, exports: Object.keys(entry).sort(), did: entry.PhoneNumberType.DID };`;
    writeFileSync(join(app, 'client-esm.mjs'), `import * as entry from 'connect-phone-wasm/client';
const run = async () => {${logic}};
console.log(JSON.stringify({ ...(await run()), resolved: import.meta.resolve?.('connect-phone-wasm/client') ?? null }));
`);
    writeFileSync(join(app, 'client-cjs.cjs'), `const entry = require('connect-phone-wasm/client');
const run = async () => {${logic}};
run().then((r) => console.log(JSON.stringify({ ...r, resolved: require.resolve('connect-phone-wasm/client') })), (e) => { console.error(e); process.exit(1); });
`);
    for (const [file, resolved] of [['client-esm.mjs', /\/connect-phone-wasm\/client\/node\.mjs$/], ['client-cjs.cjs', /\/connect-phone-wasm\/client\/node\.cjs$/]]) {
      const r = await runNode(file, { UNKNOWN_ID });
      assert.deepEqual(r.out.ClaimedPhoneNumberSummary, US.summary, file);
      assert.equal(r.error, 'ResourceNotFoundException', file);
      assert.deepEqual(r.exports, ['ConnectClient', 'PhoneNumberCountryCode', 'PhoneNumberType', 'PhoneNumberWorkflowStatus', 'fromCognitoIdentityPool', 'waitUntilPhoneNumberClaimed'], file);
      assert.equal(r.did, 'DID');
      assert.match(r.resolved, resolved);
    }
  });

  test('CJS: require("connect-phone-wasm"), no init()', async () => {
    writeFileSync(join(app, 'cjs.cjs'), `
const { ConnectClient, signRequest, PhoneNumberWorkflowStatus } = require('connect-phone-wasm');
const credentials = { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY };
const client = new ConnectClient({ region: 'us-west-2', endpoint: process.env.EMULATOR_URL, credentials });
(async () => {
  const out = await client.describePhoneNumber({ PhoneNumberId: process.env.PHONE_ID });
  let error;
  try { await client.describePhoneNumber({ PhoneNumberId: process.env.UNKNOWN_ID }); } catch (e) { error = { name: e.name, $fault: e.$fault, status: e.$metadata.httpStatusCode }; }
  const signed = signRequest({ url: 'https://connect.us-west-2.amazonaws.com/x' }, { region: 'us-west-2', service: 'connect', credentials });
  console.log(JSON.stringify({
    out, error, resolved: require.resolve('connect-phone-wasm'),
    auth: signed.headers.authorization.startsWith('AWS4-HMAC-SHA256 '), failed: PhoneNumberWorkflowStatus.FAILED,
  }));
})().catch((e) => { console.error(e); process.exit(1); });
`);
    const r = await runNode('cjs.cjs', { UNKNOWN_ID });
    assert.deepEqual(r.out.ClaimedPhoneNumberSummary, US.summary);
    assert.deepEqual(r.error, { name: 'ResourceNotFoundException', $fault: 'client', status: 404 });
    assert.match(r.resolved, /\/node_modules\/connect-phone-wasm\/node\.cjs$/);
    assert.equal(r.auth, true);
    assert.equal(r.failed, 'FAILED');
  });

  test('connect-phone-wasm/credentials in ESM and CJS: fromIni, and the chain behind a client given no credentials', async () => {
    const profiles = join(work, 'credentials-subpath');
    mkdirSync(profiles, { recursive: true });
    writeFileSync(join(profiles, 'credentials'), `[ops]\naws_access_key_id = ${CREDENTIALS.longTerm.accessKeyId}\naws_secret_access_key = ${CREDENTIALS.longTerm.secretAccessKey}\n`);
    const logic = `
const withIni = new ConnectClient({ region: 'us-west-2', endpoint: process.env.EMULATOR_URL, credentials: creds.fromIni({ profile: 'ops' }) });
const viaChain = new ConnectClient({ region: 'us-west-2', endpoint: process.env.EMULATOR_URL });
const a = await withIni.describePhoneNumber({ PhoneNumberId: process.env.PHONE_ID });
const b = await viaChain.describePhoneNumber({ PhoneNumberId: process.env.PHONE_ID });
let missing;
try { await creds.fromIni({ profile: 'nope' })(); } catch (e) { missing = { name: e.name, message: e.message }; }
return { ids: [a, b].map((o) => o.ClaimedPhoneNumberSummary.PhoneNumberId), missing, exports: Object.keys(creds).sort() };`;
    writeFileSync(join(app, 'creds-esm.mjs'), `import { ConnectClient } from 'connect-phone-wasm';
import * as creds from 'connect-phone-wasm/credentials';
const run = async () => {${logic}};
console.log(JSON.stringify(await run()));
`);
    writeFileSync(join(app, 'creds-cjs.cjs'), `const { ConnectClient } = require('connect-phone-wasm');
const creds = require('connect-phone-wasm/credentials');
const run = async () => {${logic}};
run().then((r) => console.log(JSON.stringify(r)), (e) => { console.error(e); process.exit(1); });
`);
    for (const file of ['creds-esm.mjs', 'creds-cjs.cjs']) {
      // No AWS_ACCESS_KEY_ID: the chain finds the profile named by AWS_PROFILE in the file.
      const r = await runNode(file, { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: 'ops', AWS_SHARED_CREDENTIALS_FILE: join(profiles, 'credentials') });
      assert.deepEqual(r.ids, [US.id, US.id], file);
      assert.equal(r.missing.name, 'CredentialsProviderError', file);
      assert.match(r.missing.message, /profile "nope" is not in/, file);
      assert.deepEqual(r.exports, ['CredentialsProviderError', 'fromContainerMetadata', 'fromEnv', 'fromIni', 'fromInstanceMetadata',
        'fromNodeProviderChain', 'fromProcess', 'fromSSO', 'fromTokenFile'], file);
    }
  });

  test('connect-phone-wasm/credentials in a browser bundle: no node: import, and each function throws that it is for Node', async () => {
    writeFileSync(join(app, 'creds-browser-app.js'), `import { fromIni, fromNodeProviderChain } from 'connect-phone-wasm/credentials';
import { ConnectClient } from 'connect-phone-wasm';
export const tryIt = () => { try { fromIni({ profile: 'x' }); return 'no error'; } catch (e) { return e.name + ': ' + e.message; } };
export { fromNodeProviderChain, ConnectClient };`);
    const result = await build({ entryPoints: [join(app, 'creds-browser-app.js')], absWorkingDir: app, bundle: true, platform: 'browser', format: 'esm',
      write: false, logLevel: 'silent', metafile: true, loader: { '.wasm': 'file' }, outdir: join(app, 'dist-creds-check') });
    const text = result.outputFiles.filter((f) => f.path.endsWith('.js')).map((f) => f.text).join('\n');
    assert.ok(!/["']node:/.test(text), 'a node: import in the browser bundle');
    const inputs = Object.keys(result.metafile.inputs).filter((p) => p.includes('connect-phone-wasm/'));
    assert.ok(inputs.some((p) => p.endsWith('credentials-browser.js')), 'the browser module of the subpath was bundled');
    assert.deepEqual(inputs.filter((p) => /credentials\/|node\.mjs/.test(p)), [], 'Node-only files in the bundle');
    // The browser module itself, run as it is: fromIni throws.
    const browserModule = join(app, 'node_modules', 'connect-phone-wasm', 'credentials-browser.js');
    const { fromIni } = await import(browserModule);
    assert.throws(() => fromIni(), { name: 'CredentialsProviderError', message: /fromIni\(\) is for Node/ });
  });

  test('Node 18, the oldest supported: the same ESM and CJS apps, and the CLI', async (t) => {
    const node18 = otherRuntime('node', /^v18\./);
    if (node18.skip) return t.skip(node18.skip);
    const runOld = async (args, extra = {}) => {
      const r = await run(node18.bin, args, {
        cwd: app,
        env: cleanEnv({ EMULATOR_URL: emu.url, PHONE_ID: US.id, UNKNOWN_ID, ...credEnv(), ...extra }),
      });
      assert.equal(r.status, 0, `node 18 ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
      return r.stdout;
    };
    const esm = JSON.parse(await runOld(['esm.mjs']));
    assert.deepEqual(esm.out.ClaimedPhoneNumberSummary, US.summary);
    assert.equal(esm.signedStatus, 200);
    assert.equal(esm.presigned, true);
    const cjs = JSON.parse(await runOld(['cjs.cjs']));
    assert.deepEqual(cjs.out.ClaimedPhoneNumberSummary, US.summary);
    assert.deepEqual(cjs.error, { name: 'ResourceNotFoundException', $fault: 'client', status: 404 });
    // connect-phone-wasm/client (the apps the test above wrote).
    for (const file of ['client-esm.mjs', 'client-cjs.cjs']) {
      const r = JSON.parse(await runOld([file]));
      assert.deepEqual(r.out.ClaimedPhoneNumberSummary, US.summary, file);
      assert.equal(r.error, 'ResourceNotFoundException', file);
    }
    const printed = JSON.parse(await runOld([join(app, 'node_modules', 'connect-phone-wasm', 'cli.mjs'), 'describe', US.id, '--json'],
      { AWS_REGION: REGION, AWS_ENDPOINT_URL_CONNECT: emu.url }));
    assert.deepEqual(printed.ClaimedPhoneNumberSummary, US.summary);
  });
});

describe('Deno', () => {
  // An app on connect-phone-wasm/client (signer: false) has no signRequest to try.
  const APP = (from, signer) => `
import { ConnectClient, ${signer ? 'signRequest, ' : ''}PhoneNumberType } from '${from}';
const env = (name) => Deno.env.get(name);
const credentials = { accessKeyId: env('AWS_ACCESS_KEY_ID'), secretAccessKey: env('AWS_SECRET_ACCESS_KEY') };
const client = new ConnectClient({ region: 'us-west-2', endpoint: env('EMULATOR_URL'), credentials });
const out = await client.describePhoneNumber({ PhoneNumberId: env('PHONE_ID') });
let error;
try { await client.describePhoneNumber({ PhoneNumberId: env('UNKNOWN_ID') }); } catch (e) { error = { name: e.name, status: e.$metadata.httpStatusCode }; }
let signedStatus = null;
${signer ? `const signed = signRequest({ url: env('EMULATOR_URL') + '/phone-number/' + env('PHONE_ID') }, { region: 'us-west-2', service: 'connect', credentials });
const res = await fetch(signed.url, { headers: signed.headers });
await res.body?.cancel();
signedStatus = res.status;` : ''}
console.log(JSON.stringify({ out, error, signedStatus, did: PhoneNumberType.DID, resolved: import.meta.resolve('${from}') }));
`;
  const runDeno = async (t, file, from, { signer = true } = {}) => {
    const deno = otherRuntime('deno', /^deno 2\./);
    if (deno.skip) return t.skip(deno.skip);
    writeFileSync(join(app, file), APP(from, signer));
    const r = await run(deno.bin, ['run', '--no-prompt', `--allow-net=127.0.0.1`, `--allow-read=${app}`, '--allow-env', file], {
      cwd: app,
      timeout: 60_000,
      env: cleanEnv({
        EMULATOR_URL: emu.url, PHONE_ID: US.id, UNKNOWN_ID, ...credEnv(),
        DENO_DIR: join(work, 'deno-dir'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1',
      }),
    });
    assert.equal(r.status, 0, `deno ${file} exited ${r.status}: ${r.stderr}`);
    const result = JSON.parse(r.stdout);
    assert.deepEqual(result.out.ClaimedPhoneNumberSummary, US.summary);
    assert.equal(result.out.$metadata.httpStatusCode, 200);
    assert.deepEqual(result.error, { name: 'ResourceNotFoundException', status: 404 });
    assert.equal(result.signedStatus, signer ? 200 : null);
    assert.equal(result.did, 'DID');
    return result;
  };

  test('import from "connect-phone-wasm" with the package in node_modules (Deno 2 reads package.json)', async (t) => {
    const result = await runDeno(t, 'deno-app.mjs', 'connect-phone-wasm');
    if (result) assert.match(result.resolved, /\/node_modules\/connect-phone-wasm\/\w+\.m?js$/);
  });

  test('import from "connect-phone-wasm/client" (its browser entry and the client-only .wasm)', async (t) => {
    const result = await runDeno(t, 'deno-client.mjs', 'connect-phone-wasm/client', { signer: false });
    if (result) assert.match(result.resolved, /\/node_modules\/connect-phone-wasm\/client\/\w+\.m?js$/);
  });

  test('import the browser entry by path (as from a CDN): top-level await loads the .wasm by URL', async (t) => {
    const result = await runDeno(t, 'deno-browser.mjs', './node_modules/connect-phone-wasm/browser.js');
    if (result) assert.match(result.resolved, /\/node_modules\/connect-phone-wasm\/browser\.js$/);
  });
});

describe('browsers (headless Chromium)', () => {
  let server;
  let base;
  let browser;
  const wasmContentTypes = [];

  // The page logic, shared by the bundled app and the import-map page. It reads its settings
  // from the query string and leaves its result in window.__result.
  const PAGE_LOGIC = `
const q = new URLSearchParams(location.search);
const credentials = { accessKeyId: q.get('key'), secretAccessKey: q.get('secret') };
const client = new ConnectClient({ region: 'us-west-2', endpoint: q.get('emulator'), credentials });
const result = {};
try {
  const out = await client.describePhoneNumber({ PhoneNumberId: q.get('id') });
  result.out = out;
  try { await client.describePhoneNumber({ PhoneNumberId: q.get('unknown') }); } catch (e) { result.error = e.name; }
  // connect-phone-wasm/client has no signRequest.
  result.signed = typeof signRequest === 'function'
    ? signRequest({ url: 'https://connect.us-west-2.amazonaws.com/x' }, { region: 'us-west-2', service: 'connect', credentials }).headers.authorization.slice(0, 16)
    : null;
  result.tollFree = PhoneNumberType.TOLL_FREE;
} catch (e) {
  result.failure = e.name + ': ' + e.message;
}
window.__result = result;
`;
  const IMPORTS = `import { ConnectClient, signRequest, PhoneNumberType } from 'connect-phone-wasm';`;

  const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
    '.wasm': 'application/wasm', '.json': 'application/json', '.map': 'application/json' };

  before(async () => {
    // (c) an esbuild bundle of a tiny app, the .wasm copied next to it; (c'') the same app on
    // connect-phone-wasm/client, with its own .wasm.
    mkdirSync(join(app, 'src'), { recursive: true });
    const bundleApp = async (name, imports, wasm) => {
      const dist = join(app, name === 'main' ? 'dist' : `dist-${name}`);
      mkdirSync(dist, { recursive: true });
      writeFileSync(join(app, 'src', `${name}.js`), `${imports}\n${PAGE_LOGIC}`);
      await build({
        absWorkingDir: app,
        entryPoints: [join(app, 'src', `${name}.js`)],
        bundle: true,
        platform: 'browser',
        format: 'esm',
        outfile: join(dist, 'app.js'),
        logLevel: 'silent',
      });
      copyFileSync(join(app, 'node_modules', 'connect-phone-wasm', wasm), join(dist, wasm.split('/').pop()));
      writeFileSync(join(dist, 'index.html'),
        `<!doctype html><meta charset="utf-8"><title>${name} bundle</title><script type="module" src="./app.js"></script>\n`);
    };
    await bundleApp('main', IMPORTS, 'connect_phone_wasm_bg.wasm');
    await bundleApp('client', `import { ConnectClient, PhoneNumberType } from 'connect-phone-wasm/client';`,
      'client/connect_phone_client_bg.wasm');
    // (c') a Vite production build with its defaults: Vite emits the .wasm as an asset.
    mkdirSync(join(app, 'vite'), { recursive: true });
    writeFileSync(join(app, 'vite', 'main.js'), `${IMPORTS}\n${PAGE_LOGIC}`);
    writeFileSync(join(app, 'vite', 'index.html'),
      '<!doctype html><meta charset="utf-8"><title>vite</title><script type="module" src="./main.js"></script>\n');
    await viteBuild({ root: join(app, 'vite'), base: './', logLevel: 'silent', configFile: false, build: { outDir: join(app, 'vite-dist'), emptyOutDir: true } });
    // (d) no bundler: an import map onto the installed package.
    writeFileSync(join(app, 'importmap.html'), `<!doctype html><meta charset="utf-8"><title>import map</title>
<script type="importmap">${JSON.stringify({ imports: { 'connect-phone-wasm': '/node_modules/connect-phone-wasm/browser.js' } })}</script>
<script type="module">
${IMPORTS}
${PAGE_LOGIC}
</script>
`);

    // (e) a module Web Worker (no DOM, no window) importing the browser entry by path.
    writeFileSync(join(app, 'worker.js'), `import { ConnectClient, signRequest, PhoneNumberType } from '/node_modules/connect-phone-wasm/browser.js';
${PAGE_LOGIC.replace('window.__result = result;', 'postMessage(result);')}`);
    writeFileSync(join(app, 'worker.html'), `<!doctype html><meta charset="utf-8"><title>worker</title>
<script type="module">
const worker = new Worker('/worker.js' + location.search, { type: 'module' });
worker.onmessage = (event) => { window.__result = event.data; };
worker.onerror = (event) => { window.__result = { failure: 'worker error: ' + event.message }; };
</script>
`);

    server = createServer((req, res) => {
      const path = normalize(join(app, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
      if (!path.startsWith(app + sep) || !existsSync(path) || !statSync(path).isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const type = TYPES[extname(path)] ?? 'application/octet-stream';
      if (path.endsWith('.wasm')) wasmContentTypes.push(type);
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(readFileSync(path));
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  });

  async function runPage(path) {
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
    });
    const wasmResponses = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.wasm')) wasmResponses.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] });
    });
    const query = new URLSearchParams({
      emulator: emu.url, id: US.id, unknown: UNKNOWN_ID,
      key: CREDENTIALS.longTerm.accessKeyId, secret: CREDENTIALS.longTerm.secretAccessKey,
    });
    try {
      await page.goto(`${base}${path}?${query}`);
      await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 30_000 });
      const result = await page.evaluate(() => window.__result);
      return { result, problems, wasmResponses };
    } finally {
      await page.close();
    }
  }

  const checkResult = ({ result, problems, wasmResponses }, wasmPath, { signer = true } = {}) => {
    assert.equal(result.failure, undefined, result.failure);
    assert.deepEqual(result.out.ClaimedPhoneNumberSummary, US.summary);
    assert.equal(result.out.$metadata.httpStatusCode, 200);
    assert.equal(result.error, 'ResourceNotFoundException');
    assert.equal(result.signed, signer ? 'AWS4-HMAC-SHA256' : null);
    assert.equal(result.tollFree, 'TOLL_FREE');
    assert.deepEqual(wasmResponses.map((r) => [new URL(r.url).pathname, r.status, r.type]), [[wasmPath, 200, 'application/wasm']]);
    // The 404 of the unknown id is logged by Chromium as a failed resource load; nothing else may be.
    const unexpected = problems.filter((p) => !/status of 404/.test(p));
    assert.deepEqual(unexpected, []);
  };

  test('an esbuild bundle (platform browser, format esm) with the .wasm next to it', async () => {
    const bundle = readFileSync(join(app, 'dist', 'app.js'), 'utf8');
    assert.ok(!/node:fs|readFileSync/.test(bundle), 'the browser entry was bundled, not the Node one');
    checkResult(await runPage('/dist/index.html'), '/dist/connect_phone_wasm_bg.wasm');
  });

  test('an esbuild bundle of an app on connect-phone-wasm/client: its own .wasm, no signer', async () => {
    const bundle = readFileSync(join(app, 'dist-client', 'app.js'), 'utf8');
    assert.ok(!/node:fs|readFileSync/.test(bundle), 'the browser entry was bundled, not the Node one');
    assert.ok(!/__signFlat|makeSigner|connect_phone_wasm_bg/.test(bundle), 'nothing of the signer or its .wasm was bundled');
    checkResult(await runPage('/dist-client/index.html'), '/dist-client/connect_phone_client_bg.wasm', { signer: false });
  });

  test('a Vite production build with default settings', async () => {
    const run = await runPage('/vite-dist/index.html');
    const wasm = run.wasmResponses.map((r) => new URL(r.url).pathname);
    assert.equal(wasm.length, 1);
    assert.match(wasm[0], /^\/vite-dist\/assets\/connect_phone_wasm_bg-[\w-]+\.wasm$/);
    checkResult(run, wasm[0]);
  });

  test('a plain <script type="module"> with an import map, no bundler', async () => {
    checkResult(await runPage('/importmap.html'), '/node_modules/connect-phone-wasm/connect_phone_wasm_bg.wasm');
  });

  test('a module Web Worker: the same calls, no window', async () => {
    checkResult(await runPage('/worker.html'), '/node_modules/connect-phone-wasm/connect_phone_wasm_bg.wasm');
  });
});

describe('the connect-phone CLI', () => {
  const outputs = [];
  const cli = async (args, env) => {
    const r = await run(join(app, 'node_modules', '.bin', 'connect-phone'), args, { cwd: app, env: cleanEnv(env) });
    outputs.push(r.stdout, r.stderr);
    return r;
  };
  const ok = (r) => assert.equal(r.status, 0, `exit ${r.status}: ${r.stderr}`);
  const withCreds = (extra = {}) => ({ ...credEnv(), AWS_REGION: REGION, ...extra });

  let home;
  before(() => {
    home = join(work, 'home-with-profiles');
    mkdirSync(join(home, '.aws'), { recursive: true });
    writeFileSync(join(home, '.aws', 'credentials'), [
      '# shared credentials, as `aws configure` writes them, plus comments',
      '[default]',
      'aws_access_key_id = AKIDNOTKNOWNTOTHEEMULATOR',
      'aws_secret_access_key = not-a-real-secret',
      '',
      '; a temporary profile',
      '[work]   # inline comment after a section',
      `aws_access_key_id=${CREDENTIALS.temporary.accessKeyId}`,
      `aws_secret_access_key = ${CREDENTIALS.temporary.secretAccessKey}   ; trailing comment`,
      `aws_session_token = ${CREDENTIALS.temporary.sessionToken}`,
      '',
      '[longterm]',
      `AWS_ACCESS_KEY_ID = ${CREDENTIALS.longTerm.accessKeyId}`,
      `aws_secret_access_key = ${CREDENTIALS.longTerm.secretAccessKey}`,
      '',
    ].join('\n'));
    writeFileSync(join(home, '.aws', 'config'), [
      '[default]',
      'region = eu-west-1',
      '',
      '[profile work]',
      `region = ${REGION}`,
      'output = json',
      's3 =',
      '  max_concurrent_requests = 20',
      '',
      '[profile longterm]',
      `region = ${REGION}`,
      '',
      '[profile sso]',
      'sso_session = corp',
      `region = ${REGION}`,
      '',
    ].join('\n'));
  });

  test('--help and bad usage', async () => {
    const help = await cli(['--help'], {});
    ok(help);
    assert.match(help.stdout, /Usage: connect-phone describe <PhoneNumberId\|ARN>/);
    for (const args of [[], ['describe'], ['list', US.id], ['describe', US.id, '--bogus'], ['describe', US.id, 'extra'], ['describe', US.id, '--region']]) {
      const r = await cli(args, withCreds());
      assert.equal(r.status, 2, `${args.join(' ')}: exit ${r.status}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^connect-phone: .+\nTry: connect-phone --help\n$/);
    }
  });

  test('describe prints a readable summary', async () => {
    const r = await cli(['describe', US.id, '--endpoint', emu.url], withCreds());
    ok(r);
    const s = US.summary;
    for (const value of [s.PhoneNumber, s.PhoneNumberCountryCode, s.PhoneNumberType, s.PhoneNumberStatus.Status, s.TargetArn,
      s.InstanceId, s.PhoneNumberDescription, 'team=support', 'cost-center=4711', 'env=test']) {
      assert.ok(r.stdout.includes(value), `the summary shows ${value}:\n${r.stdout}`);
    }
    assert.match(r.stdout, /^Phone number\s+\+12065550100$/m);
    assert.match(r.stdout, /^Status\s+CLAIMED$/m);
    assert.equal(r.stderr, '');

    const failed = await cli(['describe', DE.id, `--endpoint=${emu.url}`], withCreds());
    ok(failed);
    assert.ok(failed.stdout.includes(`FAILED (${DE.summary.PhoneNumberStatus.Message})`), failed.stdout);
  });

  test('--json prints JSON.stringify(output, null, 2), $metadata included', async () => {
    const r = await cli(['describe', US.id, '--endpoint', emu.url, '--json'], withCreds());
    ok(r);
    const out = JSON.parse(r.stdout);
    assert.equal(r.stdout, JSON.stringify(out, null, 2) + '\n');
    assert.deepEqual(out.ClaimedPhoneNumberSummary, US.summary);
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.match(out.$metadata.requestId, /\S/);
    assert.equal(out.$metadata.attempts, 1);
  });

  test('an ARN works, and a traffic distribution group number by UUID is not found', async () => {
    const arn = await cli(['describe', TDG.summary.PhoneNumberArn, '--endpoint', emu.url, '--json'], withCreds());
    ok(arn);
    assert.deepEqual(JSON.parse(arn.stdout).ClaimedPhoneNumberSummary, TDG.summary);
    const uuid = await cli(['describe', TDG.id, '--endpoint', emu.url], withCreds());
    assert.equal(uuid.status, 1);
    assert.match(uuid.stderr, /^ResourceNotFoundException: /);
  });

  test('AWS errors exit 1 with "Name: message" on stderr', async () => {
    const r = await cli(['describe', UNKNOWN_ID, '--endpoint', emu.url], withCreds());
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^ResourceNotFoundException: .+\n$/);
    const bad = await cli(['describe', 'not-a-uuid', '--endpoint', emu.url], withCreds());
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /^InvalidParameterException: /);
    const expired = await cli(['describe', US.id, '--endpoint', emu.url], { ...credEnv(CREDENTIALS.expired), AWS_REGION: REGION });
    assert.equal(expired.status, 1);
    assert.match(expired.stderr, /^ExpiredTokenException: /);
    const wrongSecret = await cli(['describe', US.id, '--endpoint', emu.url],
      { AWS_ACCESS_KEY_ID: CREDENTIALS.longTerm.accessKeyId, AWS_SECRET_ACCESS_KEY: 'wrong/secret+KEY0000000000000000000000000', AWS_REGION: REGION });
    assert.equal(wrongSecret.status, 1);
    assert.match(wrongSecret.stderr, /^InvalidSignatureException: /);
  });

  test('missing credentials or region exit 2 with a one-line hint', async () => {
    const noCreds = await cli(['describe', US.id, '--endpoint', emu.url], { AWS_REGION: REGION });
    assert.equal(noCreds.status, 2);
    assert.equal(noCreds.stdout, '');
    assert.match(noCreds.stderr, /^connect-phone: no credentials: [^\n]+\n$/);
    const noRegion = await cli(['describe', US.id, '--endpoint', emu.url], credEnv());
    assert.equal(noRegion.status, 2);
    assert.match(noRegion.stderr, /^connect-phone: no region: [^\n]+\n$/);
    const noProfile = await cli(['describe', US.id, '--profile', 'nope'], { AWS_REGION: REGION });
    assert.equal(noProfile.status, 2);
    assert.match(noProfile.stderr, /^connect-phone: profile "nope" is not in [^\n]+\n$/);
    const sso = await cli(['describe', US.id, '--profile', 'sso'], { HOME: home });
    assert.equal(sso.status, 2);
    assert.match(sso.stderr, /^connect-phone: SSO: profile "sso" names sso_session "corp", which is not a \[sso-session corp\] section of [^\n]+\n$/);
    const badRegion = await cli(['describe', US.id, '--region', 'US WEST 2'], credEnv());
    assert.equal(badRegion.status, 2);
    assert.match(badRegion.stderr, /^ValidationError: /);
  });

  test('profiles from ~/.aws/credentials and ~/.aws/config', async () => {
    // --profile: keys, session token and region all from the files.
    const byFlag = await cli(['describe', US.id, '--profile', 'work', '--endpoint', emu.url, '--json'], { HOME: home });
    ok(byFlag);
    assert.deepEqual(JSON.parse(byFlag.stdout).ClaimedPhoneNumberSummary, US.summary);
    // AWS_PROFILE; the config section is `[profile longterm]`; upper-case keys are accepted.
    ok(await cli(['describe', US.id, '--endpoint', emu.url], { HOME: home, AWS_PROFILE: 'longterm' }));
    // --profile wins over credentials in the environment (as in the AWS CLI)...
    ok(await cli(['describe', US.id, '--profile', 'work', '--endpoint', emu.url],
      { HOME: home, AWS_ACCESS_KEY_ID: 'AKIDBOGUS', AWS_SECRET_ACCESS_KEY: 'bogus' }));
    // ...but environment credentials win over AWS_PROFILE and the default profile.
    ok(await cli(['describe', US.id, '--endpoint', emu.url], { HOME: home, ...credEnv(), AWS_REGION: REGION }));
    // The default profile's keys are unknown to the emulator, and its region is eu-west-1.
    const def = await cli(['describe', US.id, '--endpoint', emu.url, '--region', REGION], { HOME: home });
    assert.equal(def.status, 1);
    assert.match(def.stderr, /^UnrecognizedClientException: /);
    // --region beats AWS_REGION beats the profile's region (eu-west-1 fails the scope check).
    const regionFromProfile = await cli(['describe', US.id, '--endpoint', emu.url], { HOME: home, ...credEnv() });
    assert.equal(regionFromProfile.status, 1);
    assert.match(regionFromProfile.stderr, /^InvalidSignatureException: /);
    ok(await cli(['describe', US.id, '--endpoint', emu.url], { HOME: home, ...credEnv(), AWS_DEFAULT_REGION: REGION }));
    ok(await cli(['describe', US.id, '--endpoint', emu.url, '--region', REGION], { HOME: home, ...credEnv(), AWS_REGION: 'eu-west-1' }));
    // AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE point elsewhere; HOME is empty.
    ok(await cli(['describe', US.id, '--endpoint', emu.url], {
      AWS_PROFILE: 'work',
      AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
      AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    }));
  });

  test('AWS_RETRY_MODE and the profile\'s retry_mode: standard or adaptive, anything else exits 2', async () => {
    ok(await cli(['describe', US.id, '--endpoint', emu.url], { ...credEnv(), AWS_REGION: REGION, AWS_RETRY_MODE: 'adaptive' }));
    ok(await cli(['describe', US.id, '--endpoint', emu.url], { ...credEnv(), AWS_REGION: REGION, AWS_RETRY_MODE: 'standard' }));
    const legacy = await cli(['describe', US.id, '--endpoint', emu.url], { ...credEnv(), AWS_REGION: REGION, AWS_RETRY_MODE: 'legacy' });
    assert.equal(legacy.status, 2);
    assert.match(legacy.stderr, /^connect-phone: AWS_RETRY_MODE is "legacy": connect-phone supports "standard" and "adaptive"\n$/);
    const dir = mkdtempSync(join(tmpdir(), 'connect-phone-retry-'));
    writeFileSync(join(dir, 'config'), '[profile retrying]\nregion = us-west-2\nretry_mode = sideways\n');
    writeFileSync(join(dir, 'credentials'), `[retrying]\naws_access_key_id = ${CREDENTIALS.longTerm.accessKeyId}\naws_secret_access_key = ${CREDENTIALS.longTerm.secretAccessKey}\n`);
    const fromProfile = await cli(['describe', US.id, '--endpoint', emu.url, '--profile', 'retrying'],
      { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') });
    assert.equal(fromProfile.status, 2);
    assert.match(fromProfile.stderr, /retry_mode of profile "retrying" is "sideways"/);
  });

  test('the secret key and the session token never appear in any output', () => {
    assert.ok(outputs.length > 20, 'the other CLI tests ran first');
    const all = outputs.join('\n');
    for (const secret of [...SECRETS, 'not-a-real-secret', 'wrong/secret+KEY0000000000000000000000000']) {
      assert.ok(!all.includes(secret), `a secret leaked: ${secret.slice(0, 6)}…`);
    }
  });
});

test('TypeScript (nodenext, strict) type-checks the installed package and its .d.ts files', () => {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, skipLibCheck: false, exactOptionalPropertyTypes: true,
      module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022',
      lib: ['es2022', 'dom', 'esnext.disposable'], types: [],
    },
    files: ['check.mts', 'check.cts', 'check-client.mts', 'check-client.cts', 'check-credentials.mts', 'check-credentials.cts'],
  }, null, 2));
  const body = `
const client = new ConnectClient({ region: 'us-west-2', credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }) });
export async function run(): Promise<string | undefined> {
  const out = await client.describePhoneNumber({ PhoneNumberId: 'x' });
  const code: PhoneNumberCountryCode | undefined = out.ClaimedPhoneNumberSummary?.PhoneNumberCountryCode;
  const type: string = PhoneNumberType.TOLL_FREE;
  return code ?? type;
}
// @ts-expect-error not a country code
export const bad: PhoneNumberCountryCode = 'XX';
`;
  writeFileSync(join(app, 'check.mts'),
    `import { ConnectClient, PhoneNumberType, type PhoneNumberCountryCode } from 'connect-phone-wasm';\n${body}`);
  writeFileSync(join(app, 'check.cts'),
    `import { ConnectClient, PhoneNumberType, type PhoneNumberCountryCode } from 'connect-phone-wasm';\n${body}`);
  for (const ext of ['mts', 'cts']) writeFileSync(join(app, `check-client.${ext}`), `import { ConnectClient, PhoneNumberType, type PhoneNumberCountryCode, type DescribePhoneNumberError } from 'connect-phone-wasm/client';
// @ts-expect-error the client entry has no signer
import { signRequest } from 'connect-phone-wasm/client';
export const failed = (e: DescribePhoneNumberError): string => e.name;
${body}`);
  for (const ext of ['mts', 'cts']) writeFileSync(join(app, `check-credentials.${ext}`), `import { ConnectClient } from 'connect-phone-wasm';
import { fromNodeProviderChain, fromIni, fromSSO, fromInstanceMetadata, CredentialsProviderError } from 'connect-phone-wasm/credentials';
export const clients = [fromNodeProviderChain({ profile: 'ops' }), fromIni({ profile: 'ops' }), fromSSO(), fromInstanceMetadata({ timeout: 500 })]
  .map((credentials) => new ConnectClient({ region: 'us-west-2', credentials }));
export const next = (e: unknown): boolean => e instanceof CredentialsProviderError && e.tryNextLink;
// @ts-expect-error the profile is a string
fromIni({ profile: 1 });
`);
  const r = spawnSync(process.execPath, [tsc, '-p', app], { cwd: app, encoding: 'utf8' });
  assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
});

// ------------------------------------------------------------ the emulator (issue 18)

describe('the emulator from the installed package (connect-phone-wasm/emulator, connect-phone emulator)', () => {
  const pkgDir = () => join(app, 'node_modules', 'connect-phone-wasm');

  test('the tarball holds the emulator, and nothing of the dev dependencies', () => {
    for (const file of ['index.mjs', 'index.d.ts', 'browser.js', 'server.mjs', 'verify.mjs', 'cognito.mjs', 'fixtures.mjs', 'cli.mjs',
      'fixtures.schema.json', 'default-fixtures.json']) {
      assert.ok(existsSync(join(pkgDir(), 'emulator', file)), `emulator/${file} is in the package`);
    }
    for (const file of ['index.mjs', 'server.mjs', 'verify.mjs', 'cognito.mjs', 'fixtures.mjs', 'cli.mjs']) {
      const text = readFileSync(join(pkgDir(), 'emulator', file), 'utf8').replace(/^\s*\/\/.*$/gm, ''); // code, not comments
      const specs = [...text.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]/gm)]
        .map((m) => m[1] ?? m[2]);
      assert.ok(specs.length > 0, `emulator/${file}: its imports were read`);
      for (const spec of specs) {
        assert.ok(spec.startsWith('.') || spec.startsWith('node:'), `emulator/${file} imports ${spec}: only the package and Node`);
      }
    }
  });

  /** Starts `command args` (its own process group); resolves once the summary is out. */
  async function startCli(command, args) {
    const child = spawn(command, args, {
      cwd: app, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
      env: cleanEnv({ npm_config_cache: join(work, 'npm-cache'), npm_config_registry: 'http://127.0.0.1:9/', npm_config_offline: 'true',
        npm_config_update_notifier: 'false' }),
    });
    const io = { child, out: '', err: '' };
    child.stderr.setEncoding('utf8').on('data', (d) => { io.err += d; });
    child.stdout.setEncoding('utf8').on('data', (d) => { io.out += d; });
    io.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    for (let i = 0; i < 600 && !io.out.includes('Stop with'); i++) await new Promise((r) => setTimeout(r, 50));
    const [first] = io.out.split('\n');
    assert.match(first, /^EMULATOR_URL=http:\/\/127\.0\.0\.1:\d+$/, `stdout: ${io.out}\nstderr: ${io.err}`);
    io.url = first.slice('EMULATOR_URL='.length);
    return io;
  }
  const connectPhone = () => join(app, 'node_modules', '.bin', 'connect-phone');
  const refusesConnections = (url) => new Promise((resolve) => {
    const s = createConnection(Number(new URL(url).port), '127.0.0.1');
    s.on('connect', () => { s.destroy(); resolve(false); });
    s.on('error', () => resolve(true));
  });

  test('npx connect-phone emulator: EMULATOR_URL first, a describe with the CLI against it, SIGTERM stops it', async () => {
    const emulator = await startCli('npx', ['--no', 'connect-phone', 'emulator', '--port', '0']);
    try {
      assert.ok(emulator.out.includes(CREDENTIALS.longTerm.accessKeyId), 'the summary names the test key ids');
      const describe = await run(connectPhone(), ['describe', US.id, '--endpoint', emulator.url], {
        cwd: app, env: cleanEnv({ ...credEnv(), AWS_REGION: REGION }),
      });
      assert.equal(describe.status, 0, describe.stderr);
      assert.ok(describe.stdout.includes(US.summary.PhoneNumber), describe.stdout);
      const refused = await run(connectPhone(), ['describe', US.id, '--endpoint', emulator.url], {
        cwd: app, env: cleanEnv({ ...credEnv(CREDENTIALS.expired), AWS_REGION: REGION }),
      });
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /^ExpiredTokenException: /);
      // SIGTERM to the group, as a shell's `kill %1` or Ctrl-C does: the emulator under npx
      // stops (npm itself reports the signal, not its child's status: see the next test).
      process.kill(-emulator.child.pid, 'SIGTERM');
      await emulator.exited;
      assert.ok(await refusesConnections(emulator.url), 'the emulator stopped listening');
      for (const secret of SECRETS) {
        assert.ok(!(emulator.out + emulator.err + describe.stdout + describe.stderr).includes(secret), 'no secret in any output');
      }
    } finally {
      try { process.kill(-emulator.child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }
  });

  test('connect-phone emulator (the installed bin) exits 0 on SIGTERM and on SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT']) {
      const emulator = await startCli(connectPhone(), ['emulator', '--cred', 'AKIDINSTALL:INSTALLSECRET1:INSTALLTOKEN1']);
      try {
        const describe = await run(connectPhone(), ['describe', US.id, '--endpoint', emulator.url], {
          cwd: app, env: cleanEnv({ AWS_ACCESS_KEY_ID: 'AKIDINSTALL', AWS_SECRET_ACCESS_KEY: 'INSTALLSECRET1', AWS_SESSION_TOKEN: 'INSTALLTOKEN1',
            AWS_REGION: REGION }),
        });
        assert.equal(describe.status, 0, describe.stderr);
        emulator.child.kill(signal);
        assert.deepEqual(await emulator.exited, { code: 0, signal: null });
        assert.ok(emulator.out.includes('AKIDINSTALL'));
        for (const secret of ['INSTALLSECRET1', 'INSTALLTOKEN1']) assert.ok(!(emulator.out + emulator.err).includes(secret), secret);
      } finally {
        try { process.kill(-emulator.child.pid, 'SIGKILL'); } catch { /* already gone */ }
      }
    }
  });

  test('startEmulator from connect-phone-wasm/emulator in a Node app: a describe with ConnectClient, fixtures from a file', async () => {
    writeFileSync(join(app, 'fixtures.json'), JSON.stringify({
      $schema: './node_modules/connect-phone-wasm/emulator/fixtures.schema.json',
      regions: ['eu-west-2'],
      numbers: [{ name: 'MAIN', id: '0a000000-0000-4000-8000-00000000000a', summary: { PhoneNumber: '+442071234567', PhoneNumberType: 'DID' } }],
      credentials: [{ name: 'ci', accessKeyId: 'AKIAINSTALLTEST', secretAccessKey: 'install/test+secret' }],
    }));
    writeFileSync(join(app, 'emulator-app.mjs'), `
import { startEmulator, FixturesError } from 'connect-phone-wasm/emulator';
import { ConnectClient } from 'connect-phone-wasm';
const emu = await startEmulator({ fixtures: './fixtures.json' });
const client = new ConnectClient({ region: emu.region, endpoint: emu.url, credentials: emu.credentials.ci });
const out = await client.describePhoneNumber({ PhoneNumberId: emu.fixtures.MAIN.id });
emu.fault('500', { id: emu.fixtures.MAIN.id, count: 5 });
let error;
try { await new ConnectClient({ region: emu.region, endpoint: emu.url, credentials: emu.credentials.ci, maxAttempts: 1 })
  .describePhoneNumber({ PhoneNumberId: emu.fixtures.MAIN.id }); } catch (e) { error = e.name; }
let refused;
try { await startEmulator({ fixtures: './missing.json' }); } catch (e) { refused = e instanceof FixturesError && e.message; }
await emu.close();
console.log(JSON.stringify({ number: out.ClaimedPhoneNumberSummary.PhoneNumber, arn: out.ClaimedPhoneNumberSummary.PhoneNumberArn,
  error, refused, log: emu.requests().count }));
`);
    const r = await run(process.execPath, ['emulator-app.mjs'], { cwd: app, env: cleanEnv() });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      number: '+442071234567', arn: 'arn:aws:connect:eu-west-2:123456789012:phone-number/0a000000-0000-4000-8000-00000000000a',
      error: 'InternalServiceException', refused: 'fixtures ./missing.json: no such file', log: 2,
    });
  });

  test('an esbuild browser bundle of an app has no node: import and nothing of the emulator', async () => {
    writeFileSync(join(app, 'emulator-free-app.js'), `import { ConnectClient } from 'connect-phone-wasm';
export const make = (endpoint) => new ConnectClient({ region: 'us-west-2', endpoint });`);
    // An app that imports the emulator by mistake gets the browser stand-in, not the server.
    writeFileSync(join(app, 'emulator-mistake-app.js'), `import { startEmulator } from 'connect-phone-wasm/emulator';
export const start = () => startEmulator();`);
    for (const entry of ['emulator-free-app.js', 'emulator-mistake-app.js']) {
      const result = await build({ entryPoints: [join(app, entry)], absWorkingDir: app, bundle: true, platform: 'browser', format: 'esm',
        write: false, logLevel: 'silent', metafile: true, loader: { '.wasm': 'file' }, outdir: join(app, 'dist-emulator-check') });
      const text = result.outputFiles.filter((f) => f.path.endsWith('.js')).map((f) => f.text).join('\n');
      assert.ok(!/["']node:/.test(text), `${entry}: a node: import in the browser bundle`);
      const inputs = Object.keys(result.metafile.inputs);
      const emulatorFiles = inputs.filter((p) => p.includes('emulator/') && !p.endsWith('emulator/browser.js'));
      assert.deepEqual(emulatorFiles, [], `${entry}: emulator files in the bundle`);
      assert.ok(!/createServer|__emulator|verifySigV4\(/.test(text), `${entry}: emulator code in the bundle`);
      if (entry === 'emulator-mistake-app.js') assert.match(text, /runs in Node only/);
    }
  });

  test('TypeScript (nodenext, strict) checks an app on startEmulator\'s types', () => {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    writeFileSync(join(app, 'tsconfig-emulator.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, exactOptionalPropertyTypes: true, module: 'nodenext',
        moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], types: [] },
      files: ['check-emulator.mts'],
    }));
    writeFileSync(join(app, 'check-emulator.mts'), `import { startEmulator, verifySigV4, type Emulator } from 'connect-phone-wasm/emulator';
export async function run(): Promise<string> {
  const emu: Emulator = await startEmulator({ port: 0, fixtures: './fixtures.json', region: ['us-west-2'] });
  emu.fault('slow:100', { id: emu.unknownId });
  emu.setClock(new Date());
  emu.addCredentials({ accessKeyId: 'A', secretAccessKey: 'B', expiration: new Date() });
  const failure = await verifySigV4({ headers: {}, service: 'sts', region: 'us-east-1', findCredential: () => undefined });
  // @ts-expect-error not a fault spec
  emu.fault('explode');
  await emu.close();
  return emu.url + (failure?.name ?? '') + emu.requests().count;
}
`);
    const r = spawnSync(process.execPath, [tsc, '-p', join(app, 'tsconfig-emulator.json')], { cwd: app, encoding: 'utf8' });
    assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
  });
});
