// retryMode 'adaptive' against 'standard' under the emulator's rate limit (20 requests/s,
// burst 5): 200 concurrent describes on a fresh client, then 200 more on the same client.
// The assertions are on counts of responses (the emulator's own throttled counter), not times.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, FIXTURES, CREDENTIALS } from '../emulator/server.mjs';

const REGION = 'us-west-2';
const { ConnectClient } = await import('../../pkg/node.mjs');
const BURST = 200;
const MAX_ATTEMPTS = 3;

let emu;
before(async () => { emu = await startEmulator({ region: REGION, quiet: true, verifySignatures: false }); });
after(async () => { await emu?.close(); });

/** 200 concurrent describes: how many succeeded, failed (by name) and were throttled. */
async function burst(client) {
  const before = emu.stats().throttled;
  const results = await Promise.allSettled(
    Array.from({ length: BURST }, () => client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id })),
  );
  const failures = {};
  let ok = 0;
  for (const r of results) {
    const attempts = (r.status === 'fulfilled' ? r.value : r.reason).$metadata?.attempts;
    assert.ok(attempts >= 1 && attempts <= MAX_ATTEMPTS, `attempts ${attempts}`);
    if (r.status === 'fulfilled') ok += 1;
    else failures[r.reason.name] = (failures[r.reason.name] ?? 0) + 1;
  }
  return { ok, failures, throttled: emu.stats().throttled - before };
}

async function run(retryMode) {
  emu.reset();
  emu.rateLimit({ rate: 20, burst: 5 });
  const client = new ConnectClient({ region: REGION, endpoint: emu.url, credentials: CREDENTIALS.longTerm, maxAttempts: MAX_ATTEMPTS, retryMode });
  const first = await burst(client);
  const second = await burst(client);
  emu.rateLimit(null);
  console.log(`${retryMode}: fresh client ${JSON.stringify(first)}; second burst ${JSON.stringify(second)}`);
  return { first, second };
}

test('adaptive retries are throttled far less than standard ones, and the second burst all succeeds', { timeout: 120_000 }, async () => {
  const standard = await run('standard');
  const adaptive = await run('adaptive');
  // In standard mode every failure is a typed ThrottlingException.
  for (const { failures } of [standard.first, standard.second]) {
    assert.deepEqual(Object.keys(failures).filter((n) => n !== 'ThrottlingException'), []);
  }
  // A fresh client: the limiter only turns on at the first throttle, and the retry quota caps
  // the retries, so no mode gets 200 here; adaptive must still be throttled clearly less.
  assert.ok(adaptive.first.throttled < 0.9 * standard.first.throttled,
    `fresh: adaptive throttled ${adaptive.first.throttled} times, standard ${standard.first.throttled}`);
  // The second burst: the limiter has learned the rate.
  assert.ok(adaptive.second.ok >= 198, `second burst: adaptive ${adaptive.second.ok} successes`);
  assert.ok(adaptive.second.throttled < 0.5 * standard.second.throttled,
    `second burst: adaptive throttled ${adaptive.second.throttled} times, standard ${standard.second.throttled}`);
});

test('retryMode other than standard or adaptive is a ValidationError, and nothing is sent', async () => {
  const before = emu.stats().total;
  for (const retryMode of ['legacy', 'ADAPTIVE', 5]) {
    const client = new ConnectClient({ region: REGION, endpoint: emu.url, credentials: CREDENTIALS.longTerm, retryMode });
    const error = await client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id }).catch((e) => e);
    assert.equal(error.name, 'ValidationError');
    assert.match(error.message, /retryMode must be/);
  }
  assert.equal(emu.stats().total, before);
});

test('an abort cuts a wait for a token, and requestTimeout does too', async () => {
  emu.reset();
  emu.rateLimit({ rate: 1, burst: 1 });
  const client = new ConnectClient({ region: REGION, endpoint: emu.url, credentials: CREDENTIALS.longTerm, maxAttempts: 1, retryMode: 'adaptive' });
  // Turn the limiter on: one success, then throttles.
  await Promise.allSettled(Array.from({ length: 4 }, () => client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id })));
  const queued = Array.from({ length: 5 }, () => client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id }, { abortSignal: AbortSignal.timeout(100) }));
  const started = Date.now();
  const results = await Promise.allSettled(queued);
  assert.ok(results.some((r) => r.status === 'rejected' && r.reason.name === 'AbortError'), JSON.stringify(results.map((r) => r.reason?.name)));
  assert.ok(Date.now() - started < 2000);
  const timed = new ConnectClient({ region: REGION, endpoint: emu.url, credentials: CREDENTIALS.longTerm, maxAttempts: 1, retryMode: 'adaptive', requestTimeout: 100 });
  await Promise.allSettled(Array.from({ length: 4 }, () => timed.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id })));
  const timedOut = await Promise.allSettled(Array.from({ length: 5 }, () => timed.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id })));
  assert.ok(timedOut.some((r) => r.status === 'rejected' && r.reason.name === 'TimeoutError' && /rate limiter/.test(r.reason.message)),
    JSON.stringify(timedOut.map((r) => r.reason?.message)));
  emu.rateLimit(null);
});
