// Chaos soak in headless Chromium: the soak of tests/js/soak.test.mjs, at 1,000 describes,
// 32 at a time, run inside a page that loads pkg/browser.js, against the Connect emulator (CORS),
// with a seeded random fault queue on 20 % of the calls. The page checks the invariants itself
// (every call settles, typed errors only, exact bodies, attempts <= maxAttempts, no
// 'unhandledrejection' or 'error' event) and hands a summary back for the assertions here.
//
// Run: node --test tests/js/soak-browser.test.mjs   (after `npm run build`; needs Debian's
// Chromium at /usr/bin/chromium, or CHROMIUM_PATH). SOAK_SEED=N replays a plan.
//
// Everything listens on 127.0.0.1 and is closed by the test: the emulator, and a static server
// for pkg/ and the test page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startEmulator, FIXTURES, CREDENTIALS } from '../emulator/server.mjs';
import { instancePhoneNumberArn, phoneNumberArn } from '../emulator/fixtures.mjs';
import { mulberry32 } from './seeded-random.mjs';
import { startPkgServer } from './pkg-server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

const REGION = 'us-west-2';
const CALLS = 1000;
const WARMUP = 200; // calls settled before the memory baseline is taken
const CONCURRENCY = 32;
const FAULT_RATE = 0.2;
const MAX_ATTEMPTS = 3;
// 800 ms rather than the Node soak's 500: Chromium opens at most 6 HTTP/1.1 connections to one
// host, so 26 of the 32 calls in flight wait for a connection, and requestTimeout counts that
// wait (its timer starts when the attempt calls fetch). With a few `slow` attempts holding
// connections for the whole timeout, healthy calls queued behind them time out at 500 ms
// (11 to 88 of 1,000 calls on a loaded 2-core machine, and none with 6 calls in flight);
// at 800 ms none to 14 did. Such timeouts are typed errors too, counted as unexplained, and may
// be at most 5 % of the calls here (2 % in Node).
const REQUEST_TIMEOUT = 800;
const SLOW_MS = 2000;
const HANG_MS = 15_000;
const MEMORY_BUDGET = 1024 * 1024;

// The same faults as the Node soak, by emulator spec, and the error each gives once the client
// stops retrying.
const FAULTS = {
  429: 'ThrottlingException',
  500: 'InternalServiceException',
  503: 'ServiceUnavailableException',
  html502: 'UnknownError',
  truncated: 'NetworkError',
  invalidJson: 'ResponseParseError',
  drop: 'NetworkError',
  resetMidBody: 'NetworkError',
  [`slow:${SLOW_MS}`]: 'TimeoutError',
};
const FIXTURE_LIST = Object.values(FIXTURES);

const SEED = process.env.SOAK_SEED ? Number(process.env.SOAK_SEED) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
const rand = mulberry32(SEED);
const pick = (list) => list[Math.floor(rand() * list.length)];
const pickDepth = () => { const r = rand(); return r < 0.6 ? 1 : r < 0.8 ? 2 : 3; };

/**
 * The plan, drawn in Node from the seed: for each call a fixture, an id form and maybe a queue
 * of faults. A faulted call gets a scenario of its own (an isolated phone number whose faults are
 * consumed one per request), created here, in the emulator's process, so the page's six
 * connections to the emulator carry describes only.
 */
function makePlan(n) {
  return Array.from({ length: n }, () => {
    const faulted = rand() < FAULT_RATE;
    const fixture = pick(FIXTURE_LIST);
    const form = pick(fixture.arnOnly ? ['arn', 'instanceArn'] : ['id', 'arn', 'instanceArn']);
    if (!faulted) {
      const input = { id: fixture.id, arn: fixture.summary.PhoneNumberArn, instanceArn: instancePhoneNumberArn(fixture.id) }[form];
      return { input, expected: fixture.summary, fault: null, depth: 0, scenario: null };
    }
    const fault = pick(Object.keys(FAULTS));
    const depth = pickDepth();
    const sc = emu.scenario({ fixture: fixture.id, faults: Array(depth).fill(fault) });
    const input = { id: sc.id, arn: sc.arn, instanceArn: sc.instanceArn }[form];
    // What the emulator must answer once the faults are used up (computed, not read back).
    const expected = { ...fixture.summary, PhoneNumberId: sc.id, PhoneNumberArn: phoneNumberArn(sc.id) };
    return { input, expected, fault, depth, scenario: sc.id };
  });
}

// ------------------------------------------------------------------ the page

const PAGE_HTML = `<!doctype html>
<meta charset="utf-8">
<title>connect-phone-wasm soak</title>
<script>
  // Installed before any module loads, so nothing escapes uncounted.
  window.soakEscaped = { unhandledrejection: [], error: [] };
  addEventListener('unhandledrejection', (e) => soakEscaped.unhandledrejection.push(String(e.reason?.stack ?? e.reason)));
  addEventListener('error', (e) => soakEscaped.error.push(String(e.error?.stack ?? e.message)));
</script>
<script type="module" src="/soak.js"></script>
`;

// The browser entry exposes no handle to WASM memory. The glue module it imports does: its
// default export (init) hands back the already-instantiated exports, `memory` included, the way
// memory-budget.test.mjs uses initSync in Node. If that ever stops working, the page reports
// memory as null and the memory check is skipped here (the Node soak still makes it).
const PAGE_JS = `
import { ConnectClient } from '/pkg/browser.js';
import init from '/pkg/connect_phone_wasm.js';
let wasm = null;
try { wasm = await init(); } catch {}
window.ConnectClient = ConnectClient;
window.soakMemory = () => (wasm?.memory instanceof WebAssembly.Memory ? wasm.memory.buffer.byteLength : null);
document.documentElement.dataset.ready = 'true';
`;

/**
 * Runs in the page (serialised by page.evaluate, so it must not close over anything): the soak
 * loop and its invariant checks, mirroring check() in soak.test.mjs. Returns a plain summary.
 */
async function pageSoak(cfg) {
  const { plan, faults, endpoint } = cfg; // endpoint: the emulator
  const expectedErrors = new Set(Object.values(faults));
  const stats = {
    calls: 0, settled: 0, successes: 0, hung: 0, sumAttempts: 0, errorsByName: {}, faultsQueued: {},
    faultedCalls: 0, recoveredAfterFaults: 0, unexplainedTimeouts: 0, problems: [], problemCount: 0,
    earlyDropSuccesses: 0, // see the 'drop' case in check()
    quotaRefusals: 0, // calls that stopped retrying before maxAttempts with faults still queued
    faulted: [], // [scenario id, fault, depth, attempts, ok] of every faulted call, for the emulator's log
    memoryBefore: null, memoryAfter: null, ms: 0,
  };
  const problem = (c, text) => {
    stats.problemCount++;
    if (stats.problems.length < 50) stats.problems.push(`${text} [fault=${c.fault} depth=${c.depth} id=${c.input}]`);
  };
  // Strict deep equality: same prototypes, same own keys, same primitives.
  const same = (a, b) => {
    if (Object.is(a, b)) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && same(a[k], b[k]));
  };
  const client = new window.ConnectClient({
    region: cfg.region, endpoint, credentials: cfg.credentials, maxAttempts: cfg.maxAttempts, requestTimeout: cfg.requestTimeout,
  });

  const check = (c, ok, value) => {
    stats.settled++;
    const attempts = value?.$metadata?.attempts;
    if (!Number.isInteger(attempts) || attempts < 1 || attempts > cfg.maxAttempts) {
      problem(c, `$metadata.attempts=${attempts} (${ok ? 'success' : value?.name})`);
    } else stats.sumAttempts += attempts;
    if (c.fault) stats.faulted.push([c.scenario, c.fault, c.depth, attempts, ok]);
    if (ok) {
      stats.successes++;
      const { $metadata, ...rest } = value;
      if (!same(rest, { ClaimedPhoneNumberSummary: c.expected })) problem(c, `wrong body: ${JSON.stringify(rest).slice(0, 300)}`);
      if ($metadata.httpStatusCode !== 200) problem(c, `success with httpStatusCode ${$metadata.httpStatusCode}`);
      // Chromium itself sends a request again, once or more, when a reused keep-alive connection
      // closes before any byte of the response (net::ERR_EMPTY_RESPONSE on a reused socket), so
      // 'drop' faults can be used up by resends the client never sees: the test checks those
      // against the emulator's log. No other fault may end early.
      if (attempts < c.depth + 1 && c.fault === 'drop') stats.earlyDropSuccesses++;
      else if (attempts < c.depth + 1) problem(c, `success at attempt ${attempts} with ${c.depth} faults queued`);
      else if (attempts > c.depth + 1) stats.unexplainedTimeouts++;
      else if (c.fault) stats.recoveredAfterFaults++;
      return;
    }
    const name = value?.name;
    stats.errorsByName[name] = (stats.errorsByName[name] ?? 0) + 1;
    if (!(value instanceof Error)) problem(c, `rejected with a non-Error: ${String(value)}`);
    if (value?.$fault !== 'client' && value?.$fault !== 'server') problem(c, `${name} with $fault=${value?.$fault}`);
    if (!expectedErrors.has(name)) problem(c, `unexpected error ${name}: ${value?.message}`);
    else if (name === 'TimeoutError' && faults[c.fault] !== 'TimeoutError') stats.unexplainedTimeouts++;
    else if (!c.fault) problem(c, `call without a fault failed: ${name}: ${value.message}`);
    else if (name !== faults[c.fault]) problem(c, `fault ${c.fault} gave ${name}: ${value.message}`);
    else if (c.fault !== 'invalidJson' && c.fault !== 'drop' && attempts < Math.min(c.depth, cfg.maxAttempts)) stats.quotaRefusals++;
  };

  const t0 = performance.now();
  const HUNG = Symbol('hung');
  let next = 0;
  const worker = async () => {
    while (next < plan.length) {
      const c = plan[next++];
      stats.calls++;
      if (c.fault) {
        stats.faultedCalls++;
        stats.faultsQueued[c.fault] = (stats.faultsQueued[c.fault] ?? 0) + c.depth;
      }
      let timer;
      const call = client.describePhoneNumber({ PhoneNumberId: c.input }).then((out) => [true, out], (err) => [false, err]);
      const r = await Promise.race([call, new Promise((res) => { timer = setTimeout(res, cfg.hangMs, HUNG); })]);
      clearTimeout(timer);
      if (r === HUNG) {
        stats.hung++;
        problem(c, `still pending after ${cfg.hangMs} ms`);
        continue;
      }
      check(c, r[0], r[1]);
      if (stats.settled === cfg.warmup) stats.memoryBefore = window.soakMemory();
    }
  };
  await Promise.all(Array.from({ length: cfg.concurrency }, worker));
  stats.ms = Math.round(performance.now() - t0);
  stats.memoryAfter = window.soakMemory();

  // The retry quota recovers with the faults off (see soak.test.mjs): first-attempt successes,
  // then a throttled call is retried again, making successful calls (bounded) to refill it.
  const clean = { PhoneNumberId: cfg.cleanId };
  stats.firstAttemptsAfter = [];
  for (let i = 0; i < 10; i++) {
    const out = await client.describePhoneNumber(clean);
    stats.firstAttemptsAfter.push(out.$metadata.attempts);
  }
  stats.quotaRefillCalls = 0;
  stats.throttledAttempts = null;
  // One scenario per round, each with one 429 queued (created by Node, like the plan's).
  for (const [round, id] of cfg.throttledIds.entries()) {
    if (stats.throttledAttempts !== null) break;
    stats.quotaRounds = round + 1;
    try {
      stats.throttledAttempts = (await client.describePhoneNumber({ PhoneNumberId: id })).$metadata.attempts;
    } catch (e) {
      if (e.name !== 'ThrottlingException' || e.$metadata.attempts !== 1) {
        stats.problems.push(`quota check: ${e.name} after ${e.$metadata?.attempts} attempts: ${e.message}`);
        break;
      }
      await Promise.all(Array.from({ length: 5 }, () => client.describePhoneNumber(clean)));
      stats.quotaRefillCalls += 5;
    }
  }
  client.free();
  // Let any late rejection surface as an event before counting.
  await new Promise((r) => setTimeout(r, 50));
  stats.escaped = window.soakEscaped;
  return stats;
}

// ------------------------------------------------------------------ servers

const startStatic = () => startPkgServer({ '/soak.html': PAGE_HTML, '/soak.js': PAGE_JS });

let emu;
let www;
let browser;
let page;
const pageErrors = [];
const consoleErrors = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`);
  emu = await startEmulator({ host: '127.0.0.1', port: 0, region: REGION, quiet: true });
  www = await startStatic();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  page = await (await browser.newContext()).newPage();
  page.on('pageerror', (e) => pageErrors.push(e.stack ?? String(e)));
  page.on('console', (m) => {
    // Chromium logs every failed or non-2xx fetch to the emulator ("Failed to load resource");
    // those are the injected faults. Anything else logged as an error is not expected.
    if (m.type() === 'error' && !m.location().url.startsWith(emu.url) && !/Failed to load resource/.test(m.text())) {
      consoleErrors.push(`${m.text()} (${m.location().url})`);
    }
  });
  await page.goto(`${www.url}/soak.html`);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 20_000 });
});

after(async () => {
  await browser?.close();
  await www?.close();
  await emu?.close();
});

test(`chaos soak in Chromium: ${CALLS} describes, ${CONCURRENCY} at a time, ${FAULT_RATE * 100} % with faults`, { timeout: 90_000 }, async () => {
  console.log(`browser soak seed: ${SEED} (replay with SOAK_SEED=${SEED})`);
  const t0 = performance.now();
  const requestsBefore = emu.stats().total;
  const j = JSON.stringify;
  const s = await page.evaluate(pageSoak, {
    plan: makePlan(CALLS), faults: FAULTS, endpoint: emu.url, region: REGION,
    credentials: CREDENTIALS.temporary, maxAttempts: MAX_ATTEMPTS, requestTimeout: REQUEST_TIMEOUT,
    concurrency: CONCURRENCY, warmup: WARMUP, hangMs: HANG_MS, cleanId: FIXTURES.US_DID_CLAIMED.id,
    throttledIds: Array.from({ length: 100 }, () => emu.scenario({ faults: ['429'] }).id),
  });
  const ms = Math.round(performance.now() - t0);
  const requests = emu.stats().total - requestsBefore;
  // Each faulted call had a scenario of its own: compare what the emulator saw with attempts.
  const resent = {}; // fault -> requests the emulator saw beyond the client's attempts
  const hiddenResends = [];
  let resendExample;
  let served = 0;
  for (const [id, fault, depth, attempts, ok] of s.faulted) {
    const left = emu.state.scenarios.get(id).faults.length;
    served += depth - left;
    const log = emu.requests(id).requests;
    // A success comes only after the emulator served every fault, and then the answer.
    if (ok && (left !== 0 || log.length < depth + 1)) hiddenResends.push(`${fault} x${depth}: success with ${left} faults left, ${log.length} requests`);
    if (log.length <= attempts) continue;
    resent[fault] = (resent[fault] ?? 0) + log.length - attempts;
    if (fault !== 'drop') hiddenResends.push(`${fault} x${depth}: ${attempts} attempts, ${log.length} requests`);
    resendExample ??= `${fault} x${depth}, $metadata.attempts ${attempts}, the emulator saw ${log.length} requests: `
      + j(log.map((r) => `${r.headers['amz-sdk-invocation-id'].slice(0, 8)} ${r.headers['amz-sdk-request']} -> ${r.status}`));
  }
  const faultsQueued = Object.values(s.faultsQueued).reduce((x, y) => x + y, 0);
  const sorted = (o) => Object.fromEntries(Object.entries(o).sort());
  console.log(`browser soak (seed ${SEED}): ${s.calls} calls, ${s.settled} settled, ${s.successes} successes, `
    + `${s.settled - s.successes} errors, ${s.hung} hung; ${s.unexplainedTimeouts} calls timed out without a slow fault`);
  console.log(`browser soak errors by name: ${j(sorted(s.errorsByName))}`);
  console.log(`browser soak faults: ${s.faultedCalls} calls got ${faultsQueued} faults queued ${j(sorted(s.faultsQueued))}, `
    + `${served} served; ${s.recoveredAfterFaults} calls recovered after their faults`);
  console.log(`browser soak attempts: client reported ${s.sumAttempts}; emulator saw ${requests} requests in all `
    + `(quota checks included); ${s.quotaRefusals} retries refused by the quota during the soak; `
    + `the quota check needed ${s.quotaRefillCalls} refill calls`);
  console.log(`browser soak resends by Chromium (requests beyond $metadata.attempts, by fault): ${j(resent)}; `
    + `${s.earlyDropSuccesses} drop calls succeeded before their faults were used up${resendExample ? `; e.g. ${resendExample}` : ''}`);
  console.log(`browser soak WASM memory: ${s.memoryBefore} -> ${s.memoryAfter} bytes; unhandledrejection events `
    + `${s.escaped.unhandledrejection.length}, error events ${s.escaped.error.length}, page errors ${pageErrors.length}`);
  console.log(`browser soak time: ${s.ms} ms soak in the page, ${ms} ms with the recovery checks`);

  assert.equal(s.calls, CALLS);
  assert.deepEqual(s.problems, [], `seed ${SEED}: broken invariants`);
  assert.equal(s.problemCount, 0);
  assert.equal(s.hung, 0);
  assert.deepEqual(hiddenResends, [], 'only a dropped connection is ever sent again behind the client');
  assert.equal(s.settled, CALLS, 'every promise settled');
  assert.ok(s.unexplainedTimeouts <= CALLS / 20, `${s.unexplainedTimeouts} calls timed out without a slow fault`);
  assert.ok(s.faultedCalls > CALLS * 0.12 && s.faultedCalls < CALLS * 0.28, `faulted ${s.faultedCalls}`);
  assert.deepEqual(s.firstAttemptsAfter, Array(10).fill(1), 'describes succeed on the first attempt after the soak');
  assert.equal(s.throttledAttempts, 2, `a throttled call is retried again (after ${s.quotaRefillCalls} refill calls)`);
  if (s.memoryBefore === null || s.memoryAfter === null) {
    console.log('browser soak: no handle to WASM memory in the page; memory check skipped');
  } else {
    assert.ok(s.memoryAfter - s.memoryBefore <= MEMORY_BUDGET, `WASM memory grew ${s.memoryAfter - s.memoryBefore} bytes`);
  }
  assert.deepEqual(s.escaped, { unhandledrejection: [], error: [] }, 'no unhandledrejection or error event in the page');
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
});
