// Shared helpers of the benchmarks: statistics, formatting, machine and package info, the
// emulator as a child process, and the "run alone or under run.mjs" plumbing.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The AWS SDK warns once that Node 20 support ends in 2027; that is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const BENCH = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(BENCH, '..');
export const PKG = join(ROOT, 'pkg');

export const REGION = 'us-west-2';
export const SERVICE = 'connect';
export const HOST = `connect.${REGION}.amazonaws.com`;
export const PHONE_ID = '11111111-2222-4333-8444-555555555555';
export const PHONE_ARN = `arn:aws:connect:${REGION}:123456789012:phone-number/${PHONE_ID}`;
export const CREDENTIALS = Object.freeze({
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
});
export const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLE//////////TEMPTOKEN1+/=';
/** A fixed signing date, so that every signer signs the same thing and outputs can be compared. */
export const SIGNING_DATE = new Date('2026-01-02T03:04:05Z');
export const AMZ_DATE = '20260102T030405Z';

/** The four signing cases: UUID or encoded ARN path, with or without a session token. */
export const SIGN_CASES = [
  { name: 'UUID', id: PHONE_ID, token: false },
  { name: 'UUID + session token', id: PHONE_ID, token: true },
  { name: 'ARN', id: encodeURIComponent(PHONE_ARN), token: false },
  { name: 'ARN + session token', id: encodeURIComponent(PHONE_ARN), token: true },
].map((c) => ({
  ...c,
  url: `https://${HOST}/phone-number/${c.id}`,
  path: `/phone-number/${c.id}`,
  credentials: c.token ? { ...CREDENTIALS, sessionToken: SESSION_TOKEN } : { ...CREDENTIALS },
}));

// ---------------------------------------------------------------------------------------------
// Statistics and formatting

export function quantile(values, q) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}
export const median = (values) => quantile(values, 0.5);

/** Significant-digit number formatting: 3 significant digits, thousands separators. */
export function fmt(x, digits = 3) {
  if (x === null || x === undefined || Number.isNaN(x)) return 'n/a';
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs >= 10 ** digits) return Math.round(x).toLocaleString('en-US');
  if (abs === 0) return '0';
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
  return x.toFixed(decimals);
}
export const fmtInt = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');
/** "2.41×": peer ÷ ours. */
export const fmtRatio = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : 'n/a');
export function fmtBytes(n) {
  if (!Number.isFinite(n)) return 'n/a';
  const sign = n < 0 ? '-' : '';
  const a = Math.abs(n);
  if (a < 1024) return `${sign}${a} B`;
  if (a < 1024 * 1024) return `${sign}${(a / 1024).toFixed(1)} KiB`;
  return `${sign}${(a / 1024 / 1024).toFixed(2)} MiB`;
}

/** A Markdown table. `align` is a string of 'l'/'r' per column. */
export function mdTable(header, rows, align) {
  const a = align ?? 'l' + 'r'.repeat(header.length - 1);
  const sep = [...a].map((c) => (c === 'r' ? '---:' : '---'));
  const line = (cells) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(sep), ...rows.map(line)].join('\n');
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const nowUs = () => Number(process.hrtime.bigint()) / 1e3;

// ---------------------------------------------------------------------------------------------
// Machine and packages

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    logicalCpus: cpus.length,
    node: process.version,
    v8: process.versions.v8,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
  };
}

/** The installed version of a package, read from node_modules (some packages hide package.json from `exports`). */
export function packageVersion(name) {
  const file = join(ROOT, 'node_modules', name, 'package.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

export function ourVersion() {
  try {
    return JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

export const PEER_PACKAGES = [
  'aws4',
  'aws4fetch',
  '@smithy/signature-v4',
  '@smithy/hash-node',
  '@smithy/protocol-http',
  '@aws-crypto/sha256-js',
  '@aws-sdk/client-connect',
  'esbuild',
  'playwright-core',
];

// ---------------------------------------------------------------------------------------------
// The package under test

const PKG_FILES = ['node.mjs', 'browser.js', 'connect_phone_wasm.js', 'connect_phone_wasm_bg.wasm', 'model.js'];

/**
 * pkg/ is rebuilt in place by `npm run build` (it is deleted first), so wait until it is complete
 * and has not changed for a moment before measuring it.
 */
export async function waitForPkg({ timeoutMs = 300_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let warned = false;
  for (;;) {
    const complete = PKG_FILES.every((f) => existsSync(join(PKG, f)));
    if (complete) {
      await sleep(200);
      if (PKG_FILES.every((f) => existsSync(join(PKG, f)))) return;
    }
    if (Date.now() > deadline) throw new Error(`pkg/ is incomplete (missing one of ${PKG_FILES.join(', ')}); run \`npm run build\``);
    if (!warned) {
      process.stderr.write('bench: pkg/ is incomplete (a build may be running); waiting for it...\n');
      warned = true;
    }
    await sleep(1000);
  }
}

// ---------------------------------------------------------------------------------------------
// The emulator, in its own process so that its work does not share the client's event loop

export async function startEmulatorProcess({ verify = false } = {}) {
  const args = [join(ROOT, 'tests/emulator/cli.mjs'), '--port', '0', '--exit-on-stdin-close'];
  if (!verify) args.push('--no-verify');
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the emulator did not start within 15 s')), 15_000);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the emulator exited with code ${code}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /EMULATOR_URL=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  child.removeAllListeners('exit');
  return {
    url,
    pid: child.pid,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const t = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        child.stdin.end();
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Running a benchmark alone (`node bench/sign.mjs`) or under run.mjs

/** True when the module at `metaUrl` is the process's entry script. */
export const isMain = (metaUrl) => process.argv[1] && pathToFileURL(process.argv[1]).href === metaUrl;

/**
 * Finish a benchmark: `result` is `{ id, title, markdown, summary?, data? }`. Under run.mjs
 * (BENCH_OUT set), write it as JSON; alone, print its Markdown.
 */
export function report(result) {
  if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, JSON.stringify(result));
  else process.stdout.write(`\n## ${result.title}\n\n${result.markdown}\n`);
}

/** Progress on stderr, so that stdout stays clean. */
export const log = (msg) => process.stderr.write(`  ${msg}\n`);
