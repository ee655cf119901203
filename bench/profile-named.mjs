#!/usr/bin/env node
// Optional, not part of `npm run bench`: a function-level CPU profile of ours with Rust names.
// pkg/'s .wasm has no name section (wasm-opt strips it), so this runs wasm-bindgen on the
// cargo output (target/wasm32-unknown-unknown/release/connect_phone_wasm.wasm, which keeps its
// names) into a temp dir, then profiles signRequest or sequential describes with node:inspector
// and prints µs per call by function, inclusive and self. The cargo output is the pre-wasm-opt
// build, so absolute times differ a little from pkg/; the proportions are what it is for.
//
//   node bench/profile-named.mjs [sign|describe|describe-stub] [--seconds 3]
//
// describe-stub: describes with an injected fetch that answers a canned 200 at once, so the
// profile holds the client's own CPU only (no network, no undici).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Session } from 'node:inspector';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CREDENTIALS, PHONE_ID, REGION, ROOT, SERVICE, SIGN_CASES, SIGNING_DATE, nowUs, startEmulatorProcess } from './lib.mjs';

const what = ['describe', 'describe-stub'].includes(process.argv[2]) ? process.argv[2] : 'sign';
const seconds = process.argv.includes('--seconds') ? Number(process.argv[process.argv.indexOf('--seconds') + 1]) : 3;
const input = join(ROOT, 'target/wasm32-unknown-unknown/release/connect_phone_wasm.wasm');
if (!existsSync(input)) throw new Error(`${input} is missing: run \`npm run build\` first`);
console.log(`profiling ${what} with ${input} (built ${statSync(input).mtime.toISOString()})`);

const dir = mkdtempSync(join(os.tmpdir(), 'connect-phone-named-'));
let emu;
try {
  execFileSync('wasm-bindgen', [input, '--target', 'web', '--out-dir', dir, '--out-name', 'connect_phone_wasm'], { stdio: 'inherit' });
  const glue = await import(pathToFileURL(join(dir, 'connect_phone_wasm.js')).href);
  glue.initSync({ module: readFileSync(join(dir, 'connect_phone_wasm_bg.wasm')) });

  // pkg/node.mjs wraps the glue with JS front ends (pkg/sign.js, pkg/connect-client.js) when they exist;
  // wrap the named glue the same way, so that this profiles what users call.
  const wrapper = async (file, factory, fallback) => {
    if (!existsSync(join(ROOT, 'pkg', file))) return fallback;
    const m = await import(pathToFileURL(join(ROOT, 'pkg', file)).href);
    return typeof m[factory] === 'function' ? m[factory](glue) : fallback;
  };
  const { signRequest } = await wrapper('sign.js', 'makeSigner', { signRequest: glue.signRequest });
  const ConnectClient = await wrapper('connect-client.js', 'makeConnectClient', glue.ConnectClient);
  let fn;
  if (what === 'sign') {
    const opts = { region: REGION, service: SERVICE, credentials: SIGN_CASES[0].credentials, signingDate: SIGNING_DATE };
    fn = () => signRequest({ url: SIGN_CASES[0].url }, opts);
  } else if (what === 'describe-stub') {
    // The client's own CPU: an injected fetch answers a canned 200 at once, no network.
    const { FIXTURES } = await import('../tests/emulator/fixtures.mjs');
    const body = JSON.stringify({ ClaimedPhoneNumberSummary: FIXTURES.US_DID_CLAIMED.summary });
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'content-length': String(Buffer.byteLength(body)), 'x-amzn-requestid': '255825f5-6625-483e-8843-3695936501ad' };
    const fetch = async () => new Response(body, { status: 200, headers });
    const client = new ConnectClient({ region: REGION, credentials: { ...CREDENTIALS }, maxAttempts: 1, fetch });
    fn = () => client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id });
  } else {
    emu = await startEmulatorProcess({ verify: false });
    const client = new ConnectClient({ region: REGION, credentials: { ...CREDENTIALS }, endpoint: emu.url, maxAttempts: 1 });
    fn = () => client.describePhoneNumber({ PhoneNumberId: PHONE_ID });
  }
  for (let i = 0; i < 500; i++) await fn();

  const session = new Session();
  session.connect();
  const post = (m, p) => new Promise((res, rej) => session.post(m, p, (e, r) => (e ? rej(e) : res(r))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
  let calls = 0;
  const t0 = nowUs();
  while (nowUs() - t0 < seconds * 1e6) {
    for (let i = 0; i < 20; i++) await fn();
    calls += 20;
  }
  const wall = nowUs() - t0;
  const { profile: p } = await post('Profiler.stop');
  session.disconnect();

  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const parent = new Map();
  for (const x of p.nodes) for (const ch of x.children ?? []) parent.set(ch, x.id);
  let total = 0;
  const inclusive = new Map();
  const self = new Map();
  const name = (id) => {
    const f = byId.get(id).callFrame;
    return (f.functionName || `(anonymous ${f.url.replace(/^.*\//, '')}:${f.lineNumber})`).replace(/::h[0-9a-f]{16}/g, '').replace(/\[[0-9a-f]{16}\]/g, '');
  };
  for (let i = 0; i < p.samples.length; i++) {
    const t = p.timeDeltas[i] ?? 0;
    total += t;
    const leaf = name(p.samples[i]);
    self.set(leaf, (self.get(leaf) ?? 0) + t);
    const seen = new Set();
    for (let x = p.samples[i]; x !== undefined; x = parent.get(x)) {
      const n = name(x);
      if (!seen.has(n)) {
        seen.add(n);
        inclusive.set(n, (inclusive.get(n) ?? 0) + t);
      }
    }
  }
  const perCall = wall / calls;
  const us = (t) => ((t / total) * perCall).toFixed(2).padStart(8);
  console.log(`\n${calls} calls, ${perCall.toFixed(1)} µs/call while profiled\n\ninclusive µs/call, Rust functions (connect_phone_wasm, js_sys, sha2, hmac):`);
  for (const [n, t] of [...inclusive].filter(([n]) => /^(<)?(connect_phone_wasm|js_sys|sha2|hmac|wasm_bindgen)/.test(n)).sort((a, b) => b[1] - a[1]).slice(0, 40)) {
    console.log(us(t), n.slice(0, 140));
  }
  console.log('\nself µs/call, all functions:');
  for (const [n, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(us(t), n.slice(0, 140));
} finally {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
