// waitUntilPhoneNumberClaimed on both entries, against the emulator's claim transitions
// (IN_PROGRESS for N describes, then CLAIMED or FAILED; not found for M first), with delays
// of tens of milliseconds. Every outcome: SUCCESS, FAILURE, TIMEOUT, ABORTED (between calls,
// during a call, before the first), other errors at once, and bad timing values.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, FIXTURES, CREDENTIALS, UNKNOWN_ID } from '../emulator/server.mjs';

const REGION = 'us-west-2';
const ENTRIES = { 'connect-phone-wasm': '../../pkg/node.mjs', 'connect-phone-wasm/client': '../../pkg/client/node.mjs' };
const FAST = { minDelay: 0.01, maxDelay: 0.04 };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let emu;
before(async () => { emu = await startEmulator({ region: REGION, quiet: true }); });
after(async () => { await emu?.close(); });

for (const [entryName, path] of Object.entries(ENTRIES)) {
  const { ConnectClient, waitUntilPhoneNumberClaimed: wait } = await import(path);
  const mk = (config = {}) => new ConnectClient({ region: REGION, endpoint: emu.url, credentials: CREDENTIALS.longTerm, ...config });
  const sent = (id) => emu.requests(id).count;

  describe(`${entryName}: waitUntilPhoneNumberClaimed`, () => {
    test('IN_PROGRESS three times, then CLAIMED: SUCCESS with the CLAIMED output and its $metadata', async () => {
      const { id } = emu.claim({ inProgressFor: 3, then: 'CLAIMED' });
      const result = await wait({ client: mk(), maxWaitTime: 10, ...FAST }, { PhoneNumberId: id });
      assert.equal(result.state, 'SUCCESS');
      assert.equal(result.reason.ClaimedPhoneNumberSummary.PhoneNumberStatus.Status, 'CLAIMED');
      assert.equal(result.reason.ClaimedPhoneNumberSummary.PhoneNumberId, id);
      assert.equal(result.reason.$metadata.httpStatusCode, 200);
      assert.equal(sent(id), 4);
    });

    test('not found at first (a number just claimed), then IN_PROGRESS, then CLAIMED, by ARN', async () => {
      const { id, arn } = emu.claim({ notFoundFor: 2, inProgressFor: 1, then: 'CLAIMED' });
      const result = await wait({ client: mk(), maxWaitTime: 10, ...FAST }, { PhoneNumberId: arn });
      assert.equal(result.state, 'SUCCESS');
      assert.equal(sent(id), 4);
    });

    test('FAILED: a WaiterFailure with state FAILURE, the last output as reason, and the Message quoted', async () => {
      const { id } = emu.claim({ inProgressFor: 1, then: 'FAILED', message: 'The number is not available in this country' });
      const error = await wait({ client: mk(), maxWaitTime: 10, ...FAST }, { PhoneNumberId: id }).then(() => assert.fail('resolved'), (e) => e);
      assert.ok(error instanceof Error);
      assert.equal(error.name, 'WaiterFailure');
      assert.equal(error.state, 'FAILURE');
      assert.match(error.message, /The number is not available in this country/);
      assert.match(error.message, new RegExp(id));
      assert.equal(error.reason.ClaimedPhoneNumberSummary.PhoneNumberStatus.Status, 'FAILED');
      assert.equal(error.$fault, 'server');
      assert.equal(sent(id), 2);
    });

    test('out of time while IN_PROGRESS: TimeoutError, state TIMEOUT, the last output as reason, and no attempt past maxWaitTime', async () => {
      const { id } = emu.claim({ inProgressFor: 10_000 });
      const started = Date.now();
      const error = await wait({ client: mk(), maxWaitTime: 0.3, minDelay: 0.05, maxDelay: 0.05 }, { PhoneNumberId: id }).catch((e) => e);
      const took = Date.now() - started;
      assert.equal(error.name, 'TimeoutError');
      assert.equal(error.state, 'TIMEOUT');
      assert.equal(error.reason.ClaimedPhoneNumberSummary.PhoneNumberStatus.Status, 'IN_PROGRESS');
      assert.match(error.message, /maxWaitTime \(0\.3 s\)/);
      // At 50 ms a wait, about 6 attempts fit in 300 ms; the waiter never sleeps past the end.
      assert.ok(sent(id) >= 2 && sent(id) <= 7, `${sent(id)} attempts`);
      assert.ok(took < 1000, `took ${took} ms`);
    });

    test('out of time while not found: TimeoutError whose reason is the ResourceNotFoundException', async () => {
      const error = await wait({ client: mk(), maxWaitTime: 0.15, minDelay: 0.05, maxDelay: 0.05 }, { PhoneNumberId: UNKNOWN_ID }).catch((e) => e);
      assert.equal(error.name, 'TimeoutError');
      assert.equal(error.state, 'TIMEOUT');
      assert.equal(error.reason.name, 'ResourceNotFoundException');
      assert.equal(error.reason.$metadata.httpStatusCode, 404);
    });

    test('aborted between calls: AbortError, state ABORTED, within one turn, and no request after it', async () => {
      const { id } = emu.claim({ inProgressFor: 10_000 });
      const controller = new AbortController();
      const pending = wait({ client: mk(), maxWaitTime: 60, minDelay: 5, maxDelay: 5, abortSignal: controller.signal }, { PhoneNumberId: id });
      while (sent(id) === 0) await sleep(5);
      await sleep(20); // now sleeping the 5 s before the second attempt
      const abortedAt = Date.now();
      controller.abort();
      const error = await pending.catch((e) => e);
      assert.equal(error.name, 'AbortError');
      assert.equal(error.state, 'ABORTED');
      assert.equal(error.reason.ClaimedPhoneNumberSummary.PhoneNumberStatus.Status, 'IN_PROGRESS');
      assert.ok(Date.now() - abortedAt < 100, 'the abort is honoured at once');
      await sleep(100);
      assert.equal(sent(id), 1);
    });

    test('aborted during a call: AbortError with state ABORTED before the slow response arrives', async () => {
      const { id } = emu.scenario({ fixture: 'US_DID_CLAIMED', faults: ['slow:3000'] });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const started = Date.now();
      const error = await wait({ client: mk(), maxWaitTime: 60, ...FAST, abortSignal: controller.signal }, { PhoneNumberId: id }).catch((e) => e);
      assert.equal(error.name, 'AbortError');
      assert.equal(error.state, 'ABORTED');
      assert.ok(Date.now() - started < 1000);
      assert.equal(sent(id), 1);
    });

    test('an already-aborted signal: AbortError and nothing is sent', async () => {
      const { id } = emu.claim({ inProgressFor: 1 });
      const error = await wait({ client: mk(), maxWaitTime: 10, abortSignal: AbortSignal.abort() }, { PhoneNumberId: id }).catch((e) => e);
      assert.equal(error.name, 'AbortError');
      assert.equal(error.state, 'ABORTED');
      assert.equal(error.reason, undefined);
      assert.equal(sent(id), 0);
    });

    test('throttling and 5xx that outlast the client\'s retries wait on, as the SDKs\' waiters do', async () => {
      const { id } = emu.scenario({ fixture: 'US_DID_CLAIMED', faults: ['429', '503', '429'] });
      const result = await wait({ client: mk({ maxAttempts: 1 }), maxWaitTime: 10, ...FAST }, { PhoneNumberId: id });
      assert.equal(result.state, 'SUCCESS');
      assert.equal(sent(id), 4);
    });

    test('any other error rejects at once, typed as the client gave it', async () => {
      const { id } = emu.scenario({ fixture: 'GB_TOLL_FREE_IN_PROGRESS', faults: ['accessDenied'] });
      const denied = await wait({ client: mk({ maxAttempts: 1 }), maxWaitTime: 10, ...FAST }, { PhoneNumberId: id }).catch((e) => e);
      assert.equal(denied.name, 'AccessDeniedException');
      assert.equal(denied.$metadata.httpStatusCode, 403);
      assert.equal(denied.state, undefined);
      assert.equal(sent(id), 1);
      const invalid = await wait({ client: mk(), maxWaitTime: 10 }, { PhoneNumberId: '' }).catch((e) => e);
      assert.equal(invalid.name, 'ValidationError');
      const expired = await wait({ client: mk({ credentials: CREDENTIALS.expired, maxAttempts: 1 }), maxWaitTime: 10 }, { PhoneNumberId: FIXTURES.US_DID_CLAIMED.id }).catch((e) => e);
      assert.equal(expired.name, 'ExpiredTokenException');
    });

    test('bad timing values and a missing client are a ValidationError, and nothing is sent', async () => {
      const { id } = emu.claim({ inProgressFor: 1 });
      const client = mk();
      const cases = [
        [{ client }, /maxWaitTime is required/],
        [{ client, maxWaitTime: 0 }, /maxWaitTime must be a positive number of seconds, got 0/],
        [{ client, maxWaitTime: -5 }, /maxWaitTime must be a positive/],
        [{ client, maxWaitTime: Number.NaN }, /maxWaitTime must be a finite number/],
        [{ client, maxWaitTime: '10' }, /maxWaitTime must be a finite number, got a string/],
        [{ client, maxWaitTime: 10, minDelay: 0 }, /minDelay must be a positive number of seconds, got 0/],
        [{ client, maxWaitTime: 10, minDelay: 5, maxDelay: 1 }, /maxDelay \(1 s\) must be at least minDelay \(5 s\)/],
        [{ client, maxWaitTime: 10, maxDelay: 1 }, /maxDelay \(1 s\) must be at least minDelay \(2 s\)/],
        [{ client, maxWaitTime: 1 }, /maxWaitTime \(1 s\) must be greater than minDelay \(2 s\)/],
        [{ client, maxWaitTime: 10, abortSignal: {} }, /abortSignal must be an AbortSignal/],
        [{ maxWaitTime: 10 }, /client must be a ConnectClient/],
        [{ client: {}, maxWaitTime: 10 }, /client must be a ConnectClient/],
        [null, /first argument must be/],
      ];
      for (const [params, message] of cases) {
        const error = await wait(params, { PhoneNumberId: id }).catch((e) => e);
        assert.equal(error.name, 'ValidationError', String(message));
        assert.match(error.message, message);
        assert.equal(error.$fault, 'client');
      }
      assert.equal(sent(id), 0);
    });

    test('a client from the other entry works too (the waiter calls describePhoneNumber)', async () => {
      const other = await import(path === ENTRIES['connect-phone-wasm'] ? ENTRIES['connect-phone-wasm/client'] : ENTRIES['connect-phone-wasm']);
      const { id } = emu.claim({ inProgressFor: 1 });
      const client = new other.ConnectClient({ region: REGION, endpoint: emu.url, credentials: CREDENTIALS.longTerm });
      assert.equal((await wait({ client, maxWaitTime: 10, ...FAST }, { PhoneNumberId: id })).state, 'SUCCESS');
    });
  });
}
