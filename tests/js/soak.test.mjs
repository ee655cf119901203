// Chaos soak: 5,000 describes, 32 at a time, against the Connect emulator, with a seeded random
// fault queue on 20 % of them. Every call must settle with the right body or a typed error,
// $metadata.attempts never passes maxAttempts, nothing escapes as an unhandled rejection or an
// uncaught exception, the retry quota recovers afterwards and WASM memory stays flat.
//
// Run: node --test tests/js/soak.test.mjs   (after `npm run build`)
// The seed is printed; SOAK_SEED=N replays the same plan (the client's backoff jitter, and so the
// interleaving, still vary). tests/js/soak-browser.test.mjs runs the same soak in Chromium.
//
// The emulator runs in a child process (tests/emulator/cli.mjs) so that it verifies signatures
// on the second core while this process runs the client; faults are queued per scenario
// through its control API (POST /__emulator/scenario).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConnectClient } from '../../pkg/node.mjs';
import * as glue from '../../pkg/connect_phone_wasm.js';
import { FIXTURES, CREDENTIALS } from '../emulator/server.mjs';
import { instancePhoneNumberArn, phoneNumberArn } from '../emulator/fixtures.mjs';
import { mulberry32 } from './seeded-random.mjs';

const REGION = 'us-west-2';
const CALLS = 5000;
const WARMUP = 320; // calls settled before the memory baseline is taken
const CONCURRENCY = 32;
const FAULT_RATE = 0.2;
const MAX_ATTEMPTS = 3;
const REQUEST_TIMEOUT = 500; // ms per attempt: a `slow` fault outlasts it and becomes a TimeoutError
const SLOW_MS = 2000;
const HANG_MS = 15_000; // a call still pending after this long counts as hung (the worst legit case is ~4 s)
const MEMORY_BUDGET = 1024 * 1024;

// Every fault the issue asks for, by its emulator spec, and the error it gives once the client
// stops retrying. invalidJson is a 200 with a cut-off body: not retried, a ResponseParseError.
const FAULTS = {
  429: 'ThrottlingException', // 429 ThrottlingException
  500: 'InternalServiceException', // 500
  503: 'ServiceUnavailableException', // 503
  html502: 'UnknownError', // HTML 502 from a gateway, no AWS error type
  truncated: 'NetworkError', // full Content-Length, half the body, then the socket closes
  invalidJson: 'ResponseParseError', // bad JSON
  drop: 'NetworkError', // connection dropped before any response
  resetMidBody: 'NetworkError', // connection reset (TCP RST) mid-body
  [`slow:${SLOW_MS}`]: 'TimeoutError', // slow response
};
const EXPECTED_ERRORS = new Set(Object.values(FAULTS));
const NOT_RETRIED = new Set(['invalidJson']);
const FIXTURE_LIST = Object.values(FIXTURES);


const SEED = process.env.SOAK_SEED ? Number(process.env.SOAK_SEED) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
const rand = mulberry32(SEED);
const pick = (list) => list[Math.floor(rand() * list.length)];
// How many faults a chosen call gets queued: mostly one (it recovers on the next attempt), but
// also two (recovers on the last attempt) or three (= maxAttempts: the retries run out and the
// fault's typed error surfaces, and the retry quota is drawn down for real).
const pickDepth = () => { const r = rand(); return r < 0.6 ? 1 : r < 0.8 ? 2 : 3; };

// Process-wide: anything that escapes the client's promises.
const escaped = { unhandledRejection: [], uncaughtException: [] };
const onUnhandled = (reason) => escaped.unhandledRejection.push(reason);
const onUncaught = (error) => escaped.uncaughtException.push(error);
process.on('unhandledRejection', onUnhandled);
process.on('uncaughtException', onUncaught);

// The entry has already instantiated the module: initSync hands back the same exports.
const wasm = glue.initSync({ module: readFileSync(new URL('../../pkg/connect_phone_wasm_bg.wasm', import.meta.url)) });
const memory = () => wasm.memory.buffer.byteLength;

let emulator; // { url, child }
async function ctl(path, body) {
  const res = await fetch(`${emulator.url}/__emulator/${path}`, body === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const json = await res.json();
  assert.equal(res.status, 200, `${path}: ${JSON.stringify(json)}`);
  return json;
}

before(async () => {
  const cli = fileURLToPath(new URL('../emulator/cli.mjs', import.meta.url));
  const child = spawn(process.execPath, [cli, '--port', '0', '--host', '127.0.0.1', '--exit-on-stdin-close'],
    { stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${out}`)), 10_000);
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^EMULATOR_URL=(http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
  });
  emulator = { url, child };
});

after(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUncaught);
  const child = emulator?.child;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.stdin.end(); // --exit-on-stdin-close
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
});

/** A call's input, what a success must return, and the faults queued for it. */
function planCall(faulted) {
  const fixture = pick(FIXTURE_LIST);
  const forms = fixture.arnOnly ? ['arn', 'instanceArn'] : ['id', 'arn', 'instanceArn'];
  const form = pick(forms);
  if (!faulted) {
    const ids = { id: fixture.id, arn: fixture.summary.PhoneNumberArn, instanceArn: instancePhoneNumberArn(fixture.id) };
    return { fixture, form, input: ids[form], expected: fixture.summary, fault: null, depth: 0 };
  }
  const fault = pick(Object.keys(FAULTS));
  return { fixture, form, input: null, expected: null, fault, depth: pickDepth() };
}

/** The plan for `n` calls, drawn from the seeded PRNG up front (so a seed replays it). */
const makePlan = (n) => Array.from({ length: n }, () => planCall(rand() < FAULT_RATE));

/** Queues a faulted call's faults, right before the call: a scenario of its own, its faults in order. */
async function queueFaults(c) {
  const s = await ctl('scenario', { fixture: c.fixture.id, faults: Array(c.depth).fill(c.fault) });
  c.input = { id: s.id, arn: s.arn, instanceArn: s.instanceArn }[c.form];
  // What the emulator must answer once the faults are used up: the fixture with the
  // scenario's own id and ARN (computed here, not read back from the emulator).
  c.expected = { ...c.fixture.summary, PhoneNumberId: s.id, PhoneNumberArn: phoneNumberArn(s.id) };
}

function newStats() {
  return {
    calls: 0, settled: 0, successes: 0, hung: 0, sumAttempts: 0,
    errorsByName: {}, faultsQueued: {}, faultedCalls: 0, recoveredAfterFaults: 0,
    unexplainedTimeouts: 0, // attempts past requestTimeout without a `slow` fault (a busy machine)
    faultsServed: 0, // one per attempt while the call's queue lasts
    quotaRefusals: 0, // calls that stopped retrying before maxAttempts with faults still queued
    problems: [], // the first 50 broken invariants, as text
    problemCount: 0,
  };
}

const problem = (stats, c, text) => {
  stats.problemCount++;
  if (stats.problems.length < 50) stats.problems.push(`${text} [fault=${c.fault} depth=${c.depth} id=${c.input}]`);
};

/**
 * Checks one settled call against every invariant; records, never throws.
 *
 * Each attempt that reaches the emulator consumes one queued fault, so a call with `depth`
 * faults can only succeed at attempt depth + 1 or later; later than that, or a TimeoutError from a
 * call without a `slow` fault, means an attempt ran past requestTimeout on a busy machine: that is
 * a typed error like any other, but it is counted (`unexplainedTimeouts`) and must stay rare.
 */
function check(stats, c, ok, value) {
  stats.settled++;
  const md = value?.$metadata;
  const attempts = md?.attempts;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > MAX_ATTEMPTS) {
    problem(stats, c, `$metadata.attempts=${attempts} (${ok ? 'success' : value?.name})`);
  } else stats.sumAttempts += attempts;
  if (c.fault) stats.faultsServed += Math.min(c.depth, attempts);
  if (ok) {
    stats.successes++;
    const { $metadata, ...rest } = value;
    try {
      assert.deepStrictEqual(rest, { ClaimedPhoneNumberSummary: c.expected });
    } catch {
      problem(stats, c, `wrong body: ${JSON.stringify(rest).slice(0, 300)}`);
    }
    if ($metadata.httpStatusCode !== 200) problem(stats, c, `success with httpStatusCode ${$metadata.httpStatusCode}`);
    if (attempts < c.depth + 1) problem(stats, c, `success at attempt ${attempts} with ${c.depth} faults queued`);
    else if (attempts > c.depth + 1) stats.unexplainedTimeouts++;
    else if (c.fault) stats.recoveredAfterFaults++;
    return;
  }
  const name = value?.name;
  stats.errorsByName[name] = (stats.errorsByName[name] ?? 0) + 1;
  if (!(value instanceof Error)) problem(stats, c, `rejected with a non-Error: ${String(value)}`);
  if (value?.$fault !== 'client' && value?.$fault !== 'server') problem(stats, c, `${name} with $fault=${value?.$fault}`);
  if (!EXPECTED_ERRORS.has(name)) problem(stats, c, `unexpected error ${name}: ${value?.message}`);
  else if (name === 'TimeoutError' && FAULTS[c.fault] !== 'TimeoutError') stats.unexplainedTimeouts++;
  else if (!c.fault) problem(stats, c, `call without a fault failed: ${name}: ${value.message}`);
  else if (name !== FAULTS[c.fault]) problem(stats, c, `fault ${c.fault} gave ${name}: ${value.message}`);
  else if (!NOT_RETRIED.has(c.fault) && attempts < Math.min(c.depth, MAX_ATTEMPTS)) stats.quotaRefusals++;
}

/**
 * Runs the plan, CONCURRENCY calls at a time; resolves when every call has settled or hung.
 * `onSettled(n)` is called after each settled call.
 */
async function soak(client, plan, stats, onSettled = () => {}) {
  let next = 0;
  const HUNG = Symbol('hung');
  const worker = async () => {
    while (next < plan.length) {
      const c = plan[next++];
      stats.calls++;
      if (c.fault) {
        stats.faultedCalls++;
        stats.faultsQueued[c.fault] = (stats.faultsQueued[c.fault] ?? 0) + c.depth;
        await queueFaults(c);
      }
      let timer;
      const call = client.describePhoneNumber({ PhoneNumberId: c.input }).then((out) => [true, out], (err) => [false, err]);
      const r = await Promise.race([call, new Promise((res) => { timer = setTimeout(res, HANG_MS, HUNG); })]);
      clearTimeout(timer);
      if (r === HUNG) {
        stats.hung++;
        problem(stats, c, `still pending after ${HANG_MS} ms`);
        continue; // settles later, perhaps: not counted as settled
      }
      check(stats, c, r[0], r[1]);
      onSettled(stats.settled);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/**
 * The client's fetch, counting what fetch itself rejected with (by name, cause code and whether
 * the URL was a clean fixture call), to explain any clean call that needed a retry.
 */
const FIXTURE_IDS = FIXTURE_LIST.map((f) => f.id);
const transport = {};
const countingFetch = (url, init) => globalThis.fetch(url, init).catch((e) => {
  const clean = FIXTURE_IDS.some((id) => String(url).includes(id));
  const key = `${clean ? 'clean' : 'faulted'} ${e?.name}${e?.cause?.code ? ` (${e.cause.code})` : ''}: ${e?.cause?.message ?? e?.message}`;
  transport[key] = (transport[key] ?? 0) + 1;
  throw e;
});

const histogram = (o) => Object.fromEntries(Object.entries(o).sort());

test(`chaos soak: ${CALLS} describes, ${CONCURRENCY} at a time, ${FAULT_RATE * 100} % with faults`, { timeout: 60_000 }, async () => {
  console.log(`soak seed: ${SEED} (replay with SOAK_SEED=${SEED})`);
  const t0 = performance.now();
  const client = new ConnectClient({
    region: REGION, endpoint: emulator.url, credentials: CREDENTIALS.longTerm, maxAttempts: MAX_ATTEMPTS, requestTimeout: REQUEST_TIMEOUT, fetch: countingFetch,
  });

  // WASM memory is measured from the moment the first WARMUP calls (the same mix, errors
  // included) have settled, so every path has allocated what it keeps, to the end.
  const plan = makePlan(CALLS);
  const requestsBefore = (await ctl('stats')).total;
  const cpuBefore = process.cpuUsage();
  const stats = newStats();
  let memoryBefore;
  await soak(client, plan, stats, (settled) => { if (settled === WARMUP) memoryBefore = memory(); });
  const tSoak = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  const memoryAfter = memory();
  const requestsAfter = (await ctl('stats')).total;

  // The retry quota recovers with the faults off: first-attempt successes, then a throttled call
  // is retried again. If the soak drained the quota, successful calls refill it (one token each;
  // a throttling retry costs 5), so keep making them until the retry happens: at most 100 rounds
  // of 5 calls, enough to refill the whole 500-token bucket from empty.
  const firstAttempts = [];
  for (let i = 0; i < 10; i++) {
    const out = await client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id });
    firstAttempts.push(out.$metadata.attempts);
    assert.deepStrictEqual(out.ClaimedPhoneNumberSummary, FIXTURES.US_DID_CLAIMED.summary);
  }
  assert.deepEqual(firstAttempts, Array(10).fill(1), `seed ${SEED}: describes succeed on the first attempt after the soak`);
  let refills = 0;
  let throttled;
  for (let round = 0; round < 100; round++) {
    const s = await ctl('scenario', { faults: ['429'] });
    try {
      throttled = await client.describePhoneNumber({ PhoneNumberId: s.id });
      break;
    } catch (e) {
      assert.equal(e.name, 'ThrottlingException', `seed ${SEED}: ${e.name}: ${e.message}`);
      assert.equal(e.$metadata.attempts, 1, 'a throttled call is either retried or fails at once (quota empty)');
      await Promise.all(Array.from({ length: 5 }, () => client.describePhoneNumber({ PhoneNumberId: FIXTURES.GB_TOLL_FREE_IN_PROGRESS.id })));
      refills += 5;
    }
  }
  assert.ok(throttled, `seed ${SEED}: the throttled call was never retried, even after ${refills} successful calls`);
  assert.equal(throttled.$metadata.attempts, 2, 'a throttled call is retried again');
  // A timeout retry (10 tokens) works again too.
  const slow = await client.describePhoneNumber({ PhoneNumberId: (await ctl('scenario', { faults: [`slow:${SLOW_MS}`] })).id });
  assert.equal(slow.$metadata.attempts, 2, 'a timed-out attempt is retried again');
  const tEnd = performance.now();
  client.free();

  const j = JSON.stringify;
  const faultsQueued = Object.values(stats.faultsQueued).reduce((x, y) => x + y, 0);
  console.log(`soak (seed ${SEED}): ${stats.calls} calls, ${stats.settled} settled, ${stats.successes} successes, `
    + `${stats.settled - stats.successes} errors, ${stats.hung} hung; ${stats.unexplainedTimeouts} calls timed out without a slow fault`);
  console.log(`soak errors by name: ${j(histogram(stats.errorsByName))}`);
  console.log(`soak faults: ${stats.faultedCalls} calls got ${faultsQueued} faults queued ${j(histogram(stats.faultsQueued))}, `
    + `${stats.faultsServed} served; ${stats.recoveredAfterFaults} calls recovered after their faults`);
  console.log(`soak attempts: client reported ${stats.sumAttempts}, emulator saw ${requestsAfter - requestsBefore}; `
    + `${stats.quotaRefusals} retries refused by the quota during the soak; the quota check needed ${refills} refill calls`);
  console.log(`soak fetch rejections: ${j(histogram(transport))}`);
  console.log(`soak WASM memory: ${memoryBefore} -> ${memoryAfter} bytes (grew ${memoryAfter - memoryBefore}); `
    + `unhandled rejections ${escaped.unhandledRejection.length}, uncaught exceptions ${escaped.uncaughtException.length}`);
  console.log(`soak time: ${Math.round(tSoak - t0)} ms soak (${Math.round((cpu.user + cpu.system) / 1000)} ms CPU in this process), `
    + `${Math.round(tEnd - tSoak)} ms recovery checks, ${Math.round(tEnd - t0)} ms in all`);

  assert.equal(stats.calls, CALLS);
  assert.deepEqual(stats.problems, [], `seed ${SEED}: broken invariants`);
  assert.equal(stats.problemCount, 0);
  assert.equal(stats.hung, 0);
  assert.equal(stats.settled, CALLS, 'every promise settled');
  // Equal, unless an attempt timed out before its request reached the emulator.
  assert.ok(requestsAfter - requestsBefore <= stats.sumAttempts, 'the emulator saw no more requests than the client reported attempts');
  const aborted = Object.entries(transport).filter(([k]) => k.includes('AbortError')).reduce((n, [, v]) => n + v, 0);
  assert.ok(stats.sumAttempts - (requestsAfter - requestsBefore) <= aborted, 'every attempt the emulator missed was aborted (timed out)');
  assert.ok(stats.unexplainedTimeouts <= CALLS / 50, `${stats.unexplainedTimeouts} calls timed out without a slow fault`);
  assert.ok(stats.faultedCalls > CALLS * 0.15 && stats.faultedCalls < CALLS * 0.25, `faulted ${stats.faultedCalls}`);
  assert.ok(memoryAfter - memoryBefore <= MEMORY_BUDGET, `WASM memory grew ${memoryAfter - memoryBefore} bytes`);
  assert.deepEqual(escaped.unhandledRejection.map(String), [], 'no unhandled rejection');
  assert.deepEqual(escaped.uncaughtException.map(String), [], 'no uncaught exception');
});
