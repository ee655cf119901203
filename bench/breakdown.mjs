// Where our time goes. Three views of ours in Node:
//  1. signRequest variants: presignUrl (a string back instead of an object), and POST bodies of
//     growing size, whose slope is the WASM SHA-256 throughput; from it, the share of a plain
//     signature spent hashing.
//  2. Boundary crossings: calls from WASM into JS (imports) and from JS into WASM (exports) per
//     call of the public API, counted in a child process with an instrumented instance.
//  3. CPU profiles (node:inspector, in process) of signRequest and of sequential describes,
//     self time split into WASM code, JS glue, V8 built-ins called by the glue, fetch (undici),
//     GC and the rest.
//
//   node bench/breakdown.mjs [--quick]
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CREDENTIALS, HOST, PHONE_ID, PKG, REGION, SERVICE, SIGNING_DATE, SIGN_CASES, fmt, fmtInt, fmtRatio, isMain, log, mdTable,
  median, nowUs, report, startEmulatorProcess, waitForPkg,
} from './lib.mjs';

let sink;

/** Median µs per call of `fn` over `rounds` batches of ~batchMs. */
function timeSync(fn, { rounds = 9, batchMs = 25 } = {}) {
  let n = 10;
  for (let t = nowUs(); nowUs() - t < 100_000; ) {
    const t0 = nowUs();
    for (let i = 0; i < n; i++) sink = fn();
    const us = (nowUs() - t0) / n;
    n = Math.max(10, Math.ceil((batchMs * 1000) / us));
  }
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = nowUs();
    for (let i = 0; i < n; i++) sink = fn();
    samples.push((nowUs() - t0) / n);
  }
  return median(samples);
}

/** SHA-256 compression-function calls to hash `len` bytes. */
const blocks = (len) => Math.floor((len + 8) / 64) + 1;

/**
 * Counts the calls across the boundary made by the public API (pkg/node.mjs), in a child
 * process: WebAssembly.Instance is patched before the package loads, so that every import
 * (WASM → JS) and every export (JS → WASM) goes through a counter.
 */
async function countCrossingsChild(emuUrl) {
  const glueSrc = readFileSync(join(PKG, 'connect_phone_wasm.js'), 'utf8');
  // wasm-bindgen's generic casts are named by number; its glue says what each converts.
  const castNames = new Map(
    [...glueSrc.matchAll(/(__wbindgen_generic_\d+): function\([^)]*\) \{\s*\/\/ Cast intrinsic for `([^`]+)`/g)]
      .map(([, name, what]) => [name, `cast ${what.replace(/Closure\(.*\)/, 'Closure')}`]),
  );
  const short = (name) => castNames.get(name) ?? name.replace(/^__wbg_/, '').replace(/_[0-9a-f]{8,}$/, '');
  const imports = new Map();
  const exports = new Map();
  const count = (map, name) => map.set(name, (map.get(name) ?? 0) + 1);
  const Original = WebAssembly.Instance;
  WebAssembly.Instance = function (module, importObject) {
    const wrapped = {};
    for (const [ns, fns] of Object.entries(importObject)) {
      wrapped[ns] = {};
      for (const [name, f] of Object.entries(fns)) {
        const n = short(name);
        wrapped[ns][name] = typeof f !== 'function' ? f : function (...args) {
          count(imports, n);
          return f.apply(this, args);
        };
      }
    }
    const instance = new Original(module, wrapped);
    const exp = {};
    for (const [name, f] of Object.entries(instance.exports)) {
      const n = name.replace(/__h[0-9a-f]{16}$/, '');
      exp[name] = typeof f !== 'function' || name === '__wbindgen_start' ? f : (...args) => {
        count(exports, n);
        return f(...args);
      };
    }
    return { exports: exp };
  };
  const api = await import('../pkg/node.mjs');
  WebAssembly.Instance = Original;

  const measure = async (fn, n) => {
    await fn();
    imports.clear();
    exports.clear();
    for (let i = 0; i < n; i++) await fn();
    const sum = (m) => [...m.values()].reduce((a, b) => a + b, 0) / n;
    const top = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k} ${fmt(v / n)}`);
    return { importsPerCall: sum(imports), exportsPerCall: sum(exports), topImports: top(imports), topExports: top(exports) };
  };
  const [c0, c3] = [SIGN_CASES[0], SIGN_CASES[3]];
  const o0 = { region: REGION, service: SERVICE, credentials: c0.credentials, signingDate: SIGNING_DATE };
  const o3 = { region: REGION, service: SERVICE, credentials: c3.credentials, signingDate: SIGNING_DATE };
  const client = new api.ConnectClient({ region: REGION, credentials: { ...CREDENTIALS }, endpoint: emuUrl, maxAttempts: 1 });
  const result = {
    sign: await measure(() => api.signRequest({ url: c0.url }, o0), 100),
    sign3: await measure(() => api.signRequest({ url: c3.url }, o3), 100),
    presign: await measure(() => api.presignUrl({ url: c0.url }, { ...o0, expiresIn: 300 }), 100),
    describe: await measure(() => client.describePhoneNumber({ PhoneNumberId: PHONE_ID }), 50),
  };
  client.free();
  return result;
}

function countCrossings(emuUrl) {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--count-crossings', emuUrl], { encoding: 'utf8' });
  return JSON.parse(out);
}

/** Self time by category from a CPU profile of `fn` run for `ms`: shares and µs per call. */
async function profile(fn, ms) {
  const session = new Session();
  session.connect();
  const post = (method, params) => new Promise((res, rej) => session.post(method, params, (e, r) => (e ? rej(e) : res(r))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
  const t0 = nowUs();
  const until = t0 + ms * 1000;
  let calls = 0;
  while (nowUs() < until) {
    for (let i = 0; i < 20; i++) {
      const r = fn();
      if (r instanceof Promise) await r;
    }
    calls += 20;
  }
  const wallUs = nowUs() - t0;
  const { profile: p } = await post('Profiler.stop');
  session.disconnect();

  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const isWasm = (f) => f.url.startsWith('wasm://') || /^(wasm-function|wasm-to-js|js-to-wasm|\$)/.test(f.functionName);
  const GLUE_CALLEES = 'V8 built-ins + Node internals called from pkg/*.js (TextDecoder, Reflect, ...)';
  /** The category a frame has by itself, or null when it depends on its caller. */
  const direct = (f) => {
    if (f.functionName === '(garbage collector)') return 'GC';
    if (f.functionName === '(idle)') return 'idle (waiting for I/O: the emulator)';
    if (f.functionName === '(program)' || f.functionName === '(root)') return 'VM (program)';
    if (/^(writeLatin1String|writeUtf8String|writeBuffer|writev)$/.test(f.functionName)) return 'socket writes (syscalls)';
    if (isWasm(f)) return 'wasm';
    if (f.url.includes('/pkg/')) return 'JS glue + wrappers (pkg/*.js)';
    if (f.url.includes('undici') || f.url.includes('internal/webstreams')) return 'fetch (undici) + web streams';
    if (f.url.startsWith('file:')) return 'benchmark loop';
    return null; // a built-in or a Node internal
  };
  const category = (id) => {
    const own = direct(byId.get(id).callFrame);
    if (own !== null && own !== 'wasm') return own;
    // WASM: ours, or undici's llhttp parser; a built-in or Node internal: charged to its caller.
    for (let up = parent.get(id); up !== undefined; up = parent.get(up)) {
      const c = direct(byId.get(up).callFrame);
      if (c === null || (own === 'wasm' && c === 'wasm')) continue;
      if (own === 'wasm') return c.startsWith('fetch') ? c : 'WASM code (ours)';
      if (c === 'wasm') return 'WASM code (ours)';
      if (c.startsWith('JS glue')) return GLUE_CALLEES;
      if (c.startsWith('fetch')) return c;
      break;
    }
    return own === 'wasm' ? 'WASM code (ours)' : 'other Node internals (net, streams, timers, ...)';
  };
  const self = new Map();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const t = p.timeDeltas[i] ?? 0;
    const c = category(p.samples[i]);
    self.set(c, (self.get(c) ?? 0) + t);
    total += t;
  }
  const perCall = wallUs / calls;
  return {
    perCall,
    calls,
    rows: [...self.entries()].sort((a, b) => b[1] - a[1]).map(([c, t]) => ({ category: c, share: t / total, us: (t / total) * perCall })),
  };
}

/** Profiles of the same loop, merged: µs per call by category over all their calls. */
function mergeProfiles(list) {
  const calls = list.reduce((n, p) => n + p.calls, 0);
  const us = new Map();
  for (const p of list) for (const r of p.rows) us.set(r.category, (us.get(r.category) ?? 0) + r.us * p.calls);
  const perCall = list.reduce((n, p) => n + p.perCall * p.calls, 0) / calls;
  return {
    perCall,
    calls,
    rows: [...us.entries()].map(([category, t]) => ({ category, us: t / calls, share: t / calls / perCall })).sort((a, b) => b.us - a.us),
  };
}

/**
 * Sequential describes built up one step at a time, from unsigned fetch to our client: what
 * headers, signing on each call, reading the body as our client does, and the client itself add.
 */
async function describeSteps(client, signRequest, emuUrl, quick) {
  const rawUrl = `${emuUrl}/phone-number/${PHONE_ID}`;
  const sdkHeaders = () => ({
    'x-amz-user-agent': 'connect-phone-wasm/bench',
    'amz-sdk-invocation-id': randomUUID(),
    'amz-sdk-request': 'attempt=1; max=1',
  });
  const signed = () => signRequest({ url: rawUrl, headers: sdkHeaders() }, { region: REGION, service: SERVICE, credentials: CREDENTIALS }).headers;
  const fixed = signed();
  const json = async (res) => (await res.json()).ClaimedPhoneNumberSummary;
  const steps = [
    { label: 'unsigned `fetch` + `json()`', call: async () => json(await fetch(rawUrl)) },
    { label: '+ the 7 headers of a signed call, one object made once', call: async () => json(await fetch(rawUrl, { method: 'GET', headers: fixed })) },
    { label: '+ signed on each call (`signRequest`, 3 SDK headers, a fresh object)', call: async () => json(await fetch(rawUrl, { method: 'GET', headers: signed() })) },
    {
      label: '+ the body read as our client reads it (4 header reads, `arrayBuffer`, decode, `JSON.parse`)',
      call: async () => {
        const res = await fetch(rawUrl, { method: 'GET', headers: signed() });
        for (const name of ['x-amzn-requestid', 'content-type', 'content-length', 'date']) res.headers.get(name);
        return JSON.parse(new TextDecoder().decode(await res.arrayBuffer())).ClaimedPhoneNumberSummary;
      },
    },
    { label: 'ours: `ConnectClient.describePhoneNumber`', call: async () => (await client.describePhoneNumber({ PhoneNumberId: PHONE_ID })).ClaimedPhoneNumberSummary },
  ];
  const rounds = quick ? 2 : 6;
  const calls = quick ? 500 : 1500;
  for (const step of steps) for (let i = 0; i < 200; i++) await step.call();
  const samples = steps.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < steps.length; i++) {
      const k = (i + r) % steps.length;
      const t0 = nowUs();
      for (let c = 0; c < calls; c++) await steps[k].call();
      samples[k].push((nowUs() - t0) / calls);
    }
  }
  return { rounds, calls, rows: steps.map((step, k) => ({ label: step.label, us: median(samples[k]) })) };
}

export async function main() {
  const quick = process.argv.includes('--quick');
  const rounds = quick ? 5 : 9;
  await waitForPkg();
  const { signRequest, presignUrl, ConnectClient } = await import('../pkg/node.mjs');
  const c0 = SIGN_CASES[0];
  const opts = { region: REGION, service: SERVICE, credentials: c0.credentials, signingDate: SIGNING_DATE };

  // 1. Variants.
  const url = c0.url;
  const base = timeSync(() => signRequest({ url }, opts), { rounds });
  const presign = timeSync(() => presignUrl({ url }, { ...opts, expiresIn: 300 }), { rounds });
  const sdkHeaders = {
    'x-amz-user-agent': 'connect-phone-wasm/bench',
    'amz-sdk-invocation-id': '0f0e0d0c-0b0a-4908-8706-050403020100',
    'amz-sdk-request': 'attempt=1; max=3',
  };
  const withHeaders = timeSync(() => signRequest({ url, headers: sdkHeaders }, opts), { rounds });
  const bodySizes = [0, 1024, 16 * 1024, 64 * 1024];
  const bodyRows = [];
  const bodyTimes = [];
  for (const size of bodySizes) {
    const body = new Uint8Array(size).fill(97);
    const t = timeSync(() => signRequest({ method: 'POST', url, body }, opts), { rounds });
    bodyTimes.push(t);
    bodyRows.push([`signRequest POST, ${fmtInt(size)} B body`, fmt(t)]);
  }
  // Slope between the 0 B and 64 KiB bodies: µs per byte hashed (plus the copy into WASM memory).
  const usPerByte = (bodyTimes[3] - bodyTimes[0]) / (64 * 1024);
  const big = new Uint8Array(64 * 1024).fill(97);
  const nodeUs = timeSync(() => createHash('sha256').update(big).digest(), { rounds });
  const nodePerByte = nodeUs / (64 * 1024);

  // SHA-256 work of one plain signature (GET, no body, cached signing key): hash of the canonical
  // request, then HMAC(key, string to sign); the empty-body hash is a constant.
  const signed = signRequest({ url }, opts);
  const scope = `${signed.headers['x-amz-date'].slice(0, 8)}/${REGION}/${SERVICE}/aws4_request`;
  const canonical = ['GET', new URL(url).pathname, '', `host:${HOST}`, `x-amz-date:${signed.headers['x-amz-date']}`, '',
    'host;x-amz-date', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'].join('\n');
  const canonicalHash = createHash('sha256').update(canonical).digest('hex');
  const sts = ['AWS4-HMAC-SHA256', signed.headers['x-amz-date'], scope, canonicalHash].join('\n');
  const nBlocks = blocks(canonical.length) + blocks(64 + sts.length) + blocks(64 + 32);
  const hashUs = nBlocks * 64 * usPerByte;
  log('breakdown: variants timed');

  // 2 and 3 need the emulator.
  const emu = await startEmulatorProcess({ verify: false });
  let crossings;
  let signProfile;
  let describeProfile;
  let fetchProfile;
  let steps;
  try {
    crossings = countCrossings(emu.url);
    signProfile = await profile(() => signRequest({ url }, opts), quick ? 500 : 1500);
    const client = new ConnectClient({ region: REGION, credentials: { ...CREDENTIALS }, endpoint: emu.url, maxAttempts: 1 });
    for (let i = 0; i < 200; i++) await client.describePhoneNumber({ PhoneNumberId: PHONE_ID });
    const rawUrl = `${emu.url}/phone-number/${PHONE_ID}`;
    const rawFetch = async () => (await (await fetch(rawUrl)).json()).ClaimedPhoneNumberSummary;
    for (let i = 0; i < 200; i++) await rawFetch();
    // Alternate short profiles of ours and of the floor, so that load changes hit both alike.
    const ours = [];
    const floor = [];
    for (let i = 0; i < (quick ? 1 : 4); i++) {
      ours.push(await profile(() => client.describePhoneNumber({ PhoneNumberId: PHONE_ID }), 500));
      floor.push(await profile(rawFetch, 500));
    }
    describeProfile = mergeProfiles(ours);
    fetchProfile = mergeProfiles(floor);
    steps = await describeSteps(client, signRequest, emu.url, quick);
    client.free();
  } finally {
    await emu.close();
  }
  log('breakdown: crossings counted, profiles taken');

  const pct = (x) => `${(x * 100).toFixed(1)} %`;
  const cats = [...new Set([...describeProfile.rows, ...fetchProfile.rows].map((r) => r.category))];
  const usOf = (prof, c) => prof.rows.find((r) => r.category === c)?.us ?? 0;
  const describeRows = cats
    .map((c) => [c, usOf(describeProfile, c), usOf(fetchProfile, c)])
    .sort((a, b) => b[1] - b[2] - (a[1] - a[2]))
    .map(([c, o, f]) => [c, fmt(o), fmt(f), `${o - f >= 0 ? '+' : ''}${fmt(o - f)}`]);
  describeRows.push(['**total**', fmt(describeProfile.perCall), fmt(fetchProfile.perCall), `+${fmt(describeProfile.perCall - fetchProfile.perCall)}`]);
  const markdown = [
    '**Variants of ours** (median µs per call, same Node process):',
    '',
    mdTable(['call', 'µs'], [
      ['signRequest GET (UUID, no token), as in the signing table', fmt(base)],
      ['presignUrl, same request (returns a string, not an object)', fmt(presign)],
      ['signRequest, same request with the 3 SDK headers (lower case, as `ConnectClient` sends them)', fmt(withHeaders)],
      ...bodyRows,
    ]),
    '',
    `Hashing: the body slope gives ${fmt(usPerByte * 1e3)} ns/byte for SHA-256 in our WASM ` +
      `(${fmt(1 / usPerByte)} MB/s), against ${fmt(nodePerByte * 1e3)} ns/byte (${fmt(1 / nodePerByte)} MB/s) for Node's native ` +
      `\`crypto.createHash\`. A plain signature hashes ${nBlocks} SHA-256 blocks (canonical request ${canonical.length} B, ` +
      `HMAC over a ${sts.length} B string to sign, cached signing key), so about **${fmt(hashUs)} µs of ${fmt(base)} µs ` +
      `(${pct(hashUs / base)}) is SHA-256**; the rest is reading the input from JS, canonicalising, formatting and ` +
      'building the result object.',
    '',
    '**Boundary crossings** per call of the public API (pkg/node.mjs), counted in a child process whose ' +
      '`WebAssembly.Instance` wraps every import and export in a counter:',
    '',
    mdTable(['call', 'WASM → JS (imports)', 'JS → WASM (exports)', 'top imports', 'top exports'], [
      ['signRequest (UUID)', crossings.sign],
      ['signRequest (ARN + session token)', crossings.sign3],
      ['presignUrl (UUID)', crossings.presign],
      ['describePhoneNumber', crossings.describe],
    ].map(([name, c]) => [name, fmt(c.importsPerCall), fmt(c.exportsPerCall), c.topImports.join(', ') || '–', c.topExports.join(', ') || '–']), 'lrrll'),
    '',
    '**CPU profile, self time by category** (node:inspector sampling at 100 µs; the WASM in pkg/ has no names, so WASM is one bucket: see `node bench/profile-named.mjs` for Rust function names; ' +
      'a built-in is charged to its nearest caller with a URL):',
    '',
    mdTable(['signRequest loop', 'share', 'µs per call'], signProfile.rows.map((r) => [r.category, pct(r.share), fmt(r.us)])),
    '',
    `Sequential describes against the emulator, ours (\`ConnectClient.describePhoneNumber\`, ${fmt(describeProfile.perCall)} µs/call ` +
      `while profiled) against unsigned \`fetch\` + \`json()\` (${fmt(fetchProfile.perCall)} µs/call), µs per call by category ` +
      '(short profiles of each, alternating; the profiler itself slows deep async stacks, so read the differences, not the totals):',
    '',
    mdTable(['category', 'ours µs/call', 'fetch µs/call', 'ours − fetch'], describeRows),
    '',
    '**Describe, step by step** (no profiler): from unsigned `fetch` to our client, each step adding one thing; ' +
      `median µs per sequential call over ${steps.rounds} alternating rounds of ${fmtInt(steps.calls)} calls. ` +
      'Every step reads the summary from the same ~1 KB body.',
    '',
    mdTable(['step', 'µs/call', 'added', '÷ unsigned fetch'], steps.rows.map((r, i) => [
      r.label, fmt(r.us), i === 0 ? '–' : `${r.us - steps.rows[i - 1].us >= 0 ? '+' : ''}${fmt(r.us - steps.rows[i - 1].us)}`,
      fmtRatio(r.us / steps.rows[0].us),
    ])),
  ].join('\n');
  return {
    id: 'breakdown',
    title: 'Where our time goes',
    markdown,
    data: { base, presign, withHeaders, bodySizes, bodyTimes, usPerByte, nodePerByte, nBlocks, hashUs, crossings, signProfile, describeProfile, fetchProfile, steps },
  };
}

if (isMain(import.meta.url)) {
  if (process.argv[2] === '--count-crossings') {
    process.stdout.write(JSON.stringify(await countCrossingsChild(process.argv[3])));
  } else {
    report(await main());
  }
  process.exit(0);
}
