// fromCognitoIdentityPool on both entries, against the emulator's Cognito Identity: the
// unauthenticated and authenticated flows as the emulator saw them (headers and bodies, no
// credentials sent), the identity-id cache, refresh before expiry, every error name, options
// checked before anything is sent, and no secret in storage.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, FIXTURES } from '../emulator/server.mjs';
import { COGNITO_POOL } from '../emulator/fixtures.mjs';
import { COGNITO_ERROR_CASES } from './cognito-error-cases.mjs';

const REGION = 'us-west-2';
const ENTRIES = { 'connect-phone-wasm': '../../pkg/node.mjs', 'connect-phone-wasm/client': '../../pkg/client/node.mjs' };
const CACHE_PREFIX = 'aws:cognito-identity-credentials:';

let emu;
before(async () => { emu = await startEmulator({ region: REGION, quiet: true }); });
after(async () => { await emu?.close(); });

/** A Storage stand-in that records what was written. */
function memoryStorage() {
  const map = new Map();
  return {
    map,
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    setItem: (k, v) => { map.set(k, String(v)); },
    removeItem: (k) => { map.delete(k); },
  };
}

const requestsOf = (poolId) => emu.cognitoRequests(poolId).requests;
const ops = (poolId) => requestsOf(poolId).map((r) => r.operation);

for (const [entryName, path] of Object.entries(ENTRIES)) {
  const { ConnectClient, fromCognitoIdentityPool } = await import(path);
  const provider = (options) => fromCognitoIdentityPool({ endpoint: emu.url, cache: false, ...options });

  describe(`${entryName}: fromCognitoIdentityPool`, () => {
    test('unauthenticated: GetId then GetCredentialsForIdentity, unsigned, and the credentials describe a number', async () => {
      const { id: pool } = emu.cognitoPool({});
      const credentials = await provider({ identityPoolId: pool })();
      assert.match(credentials.accessKeyId, /^ASIA/);
      assert.equal(typeof credentials.secretAccessKey, 'string');
      assert.equal(typeof credentials.sessionToken, 'string');
      assert.ok(credentials.expiration instanceof Date && credentials.expiration > new Date());
      assert.match(credentials.identityId, /^us-west-2:/);
      const seen = requestsOf(pool);
      assert.deepEqual(seen.map((r) => r.operation), ['GetId', 'GetCredentialsForIdentity']);
      for (const r of seen) {
        assert.equal(r.method, 'POST');
        assert.equal(r.path, '/');
        assert.equal(r.headers['content-type'], 'application/x-amz-json-1.1');
        assert.equal(r.headers['x-amz-target'], `AWSCognitoIdentityService.${r.operation}`);
        for (const h of ['authorization', 'x-amz-security-token', 'x-amz-date']) assert.equal(r.headers[h], undefined, h);
        assert.equal(r.status, 200);
      }
      assert.deepEqual(seen[0].body, { IdentityPoolId: pool });
      assert.deepEqual(seen[1].body, { IdentityId: credentials.identityId });
      const client = new ConnectClient({ region: REGION, endpoint: emu.url, credentials: provider({ identityPoolId: pool }) });
      const out = await client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id });
      assert.equal(out.ClaimedPhoneNumberSummary.PhoneNumberId, FIXTURES.US_DID_CLAIMED.id);
    });

    test('authenticated: the logins function is called once per refresh and its token sent in both calls', async () => {
      const { id: pool } = emu.cognitoPool({});
      let calls = 0;
      const logins = { [COGNITO_POOL.provider]: async () => { calls += 1; return COGNITO_POOL.tokens.alice; } };
      const get = provider({ identityPoolId: pool, logins, customRoleArn: 'arn:aws:iam::123456789012:role/console' });
      const first = await get();
      assert.equal(calls, 1);
      const seen = requestsOf(pool);
      assert.deepEqual(seen[0].body, { IdentityPoolId: pool, Logins: { [COGNITO_POOL.provider]: COGNITO_POOL.tokens.alice } });
      assert.deepEqual(seen[1].body, {
        IdentityId: first.identityId,
        Logins: { [COGNITO_POOL.provider]: COGNITO_POOL.tokens.alice },
        CustomRoleArn: 'arn:aws:iam::123456789012:role/console',
      });
      const second = await get();
      assert.equal(calls, 2, 'resolved again at the next refresh');
      assert.equal(second.identityId, first.identityId);
      // Kept in this provider's memory (no userIdentifier, so never in storage): one GetId.
      assert.deepEqual(ops(pool), ['GetId', 'GetCredentialsForIdentity', 'GetCredentialsForIdentity']);
      const bad = await provider({ identityPoolId: pool, logins: { [COGNITO_POOL.provider]: 'not-a-token' } })().catch((e) => e);
      assert.equal(bad.name, 'NotAuthorizedException');
    });

    test('the identity id is cached (one GetId over two refreshes), only it is stored, and an error forgets it', async () => {
      const { id: pool } = emu.cognitoPool({});
      const storage = memoryStorage();
      const get = provider({ identityPoolId: pool, cache: storage });
      const a = await get();
      const b = await get();
      assert.equal(a.identityId, b.identityId);
      assert.deepEqual(ops(pool), ['GetId', 'GetCredentialsForIdentity', 'GetCredentialsForIdentity']);
      assert.deepEqual([...storage.map.entries()], [[`${CACHE_PREFIX}${pool}:ANONYMOUS`, a.identityId]]);
      // A second provider on the same storage reuses the stored id.
      await provider({ identityPoolId: pool, cache: storage })();
      assert.equal(ops(pool).filter((o) => o === 'GetId').length, 1);
      // Secrets never reach storage.
      for (const value of [...storage.map.keys(), ...storage.map.values()]) {
        for (const secret of [a.secretAccessKey, a.sessionToken, b.secretAccessKey, b.sessionToken]) assert.ok(!value.includes(secret));
      }
      emu.cognitoFault({ operation: 'GetCredentialsForIdentity', error: 'NotAuthorizedException', identityPoolId: pool });
      const error = await get().catch((e) => e);
      assert.equal(error.name, 'NotAuthorizedException');
      assert.equal(storage.map.size, 0, 'the cached id is removed');
      await get();
      assert.equal(ops(pool).filter((o) => o === 'GetId').length, 2, 'GetId again after the error');
      // An authenticated identity is stored only under its userIdentifier.
      const alice = memoryStorage();
      await provider({ identityPoolId: pool, cache: alice, userIdentifier: 'alice', logins: { [COGNITO_POOL.provider]: COGNITO_POOL.tokens.alice } })();
      assert.deepEqual([...alice.map.keys()], [`${CACHE_PREFIX}${pool}:alice`]);
      const anonymous = memoryStorage();
      await provider({ identityPoolId: pool, cache: anonymous, logins: { [COGNITO_POOL.provider]: COGNITO_POOL.tokens.bob } })();
      assert.equal(anonymous.map.size, 0);
    });

    test('a cached identity the pool no longer knows costs one GetId more in the same refresh, not a failure', async () => {
      const { id: pool } = emu.cognitoPool({});
      const storage = memoryStorage();
      storage.setItem(`${CACHE_PREFIX}${pool}:ANONYMOUS`, 'us-west-2:00000000-0000-4000-8000-000000000000');
      const credentials = await provider({ identityPoolId: pool, cache: storage })();
      assert.notEqual(credentials.identityId, 'us-west-2:00000000-0000-4000-8000-000000000000');
      // The stale id was tried first (the emulator cannot tell its pool, so it is logged apart).
      const stale = emu.cognitoRequests().requests.filter((r) => r.body?.IdentityId === 'us-west-2:00000000-0000-4000-8000-000000000000');
      assert.ok(stale.length >= 1 && stale.every((r) => r.error === 'ResourceNotFoundException'));
      assert.deepEqual(ops(pool), ['GetId', 'GetCredentialsForIdentity']);
      assert.deepEqual([...storage.map.values()], [credentials.identityId]);
    });

    test('ConnectClient refreshes the credentials 5 minutes before they expire', async () => {
      const { id: short } = emu.cognitoPool({ credentialsTtlSeconds: 120 });
      const client = new ConnectClient({ region: REGION, endpoint: emu.url, credentials: provider({ identityPoolId: short }) });
      for (let i = 0; i < 2; i++) await client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id });
      assert.equal(ops(short).filter((o) => o === 'GetCredentialsForIdentity').length, 2, 'within 5 minutes of expiry: refreshed');
      const { id: long } = emu.cognitoPool({ credentialsTtlSeconds: 3600 });
      const kept = new ConnectClient({ region: REGION, endpoint: emu.url, credentials: provider({ identityPoolId: long }) });
      for (let i = 0; i < 2; i++) await kept.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id });
      assert.equal(ops(long).filter((o) => o === 'GetCredentialsForIdentity').length, 1, 'an hour left: memoised');
    });

    test('every Cognito error reaches the caller by name, with $fault and $metadata; throttling and 5xx are retried', async () => {
      for (const [operation, name, attempts] of COGNITO_ERROR_CASES) {
        const { id: pool } = emu.cognitoPool({});
        emu.cognitoFault({ operation, error: name, count: attempts, identityPoolId: pool });
        const error = await provider({ identityPoolId: pool })().catch((e) => e);
        assert.ok(error instanceof Error, name);
        assert.equal(error.name, name);
        assert.equal(error.$fault, name === 'InternalErrorException' ? 'server' : 'client', name);
        assert.equal(error.$metadata.attempts, attempts, name);
        assert.ok(error.$metadata.httpStatusCode >= 400, name);
        assert.equal(ops(pool).filter((o) => o === operation).length, attempts, name);
      }
      // Retried then cured.
      const { id: pool } = emu.cognitoPool({});
      emu.cognitoFault({ operation: 'GetId', error: 'TooManyRequestsException', count: 1, identityPoolId: pool });
      assert.match((await provider({ identityPoolId: pool })()).identityId, /^us-west-2:/);
      // Under ConnectClient the Cognito error is the cause of a CredentialsError.
      const { id: denied } = emu.cognitoPool({ allowUnauthenticated: false });
      const client = new ConnectClient({ region: REGION, endpoint: emu.url, credentials: provider({ identityPoolId: denied }) });
      const failed = await client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id }).catch((e) => e);
      assert.equal(failed.name, 'CredentialsError');
      assert.equal(failed.cause?.name, 'NotAuthorizedException');
      // An unknown pool.
      const unknown = await provider({ identityPoolId: 'us-west-2:00000000-0000-4000-8000-000000000000' })().catch((e) => e);
      assert.equal(unknown.name, 'ResourceNotFoundException');
    });

    test('bad options throw a ValidationError at once, and nothing is sent', () => {
      const before = emu.cognitoRequests().requests.length;
      const cases = [
        [undefined, /must be an object/],
        [{}, /identityPoolId is required/],
        [{ identityPoolId: 'us-west-2' }, /is not an identity pool id/],
        [{ identityPoolId: 'US WEST:abc' }, /is not an identity pool id/],
        [{ identityPoolId: COGNITO_POOL.id, region: 'Not A Region' }, /not a valid region name/],
        [{ identityPoolId: COGNITO_POOL.id, logins: 'token' }, /logins must be an object/],
        [{ identityPoolId: COGNITO_POOL.id, logins: ['a'] }, /logins must be an object/],
        [{ identityPoolId: COGNITO_POOL.id, logins: { p: 5 } }, /logins\["p"\] must be a non-empty token or a function/],
        [{ identityPoolId: COGNITO_POOL.id, logins: { p: '' } }, /logins\["p"\] is an empty token: leave the provider out/],
        [{ identityPoolId: COGNITO_POOL.id, cache: true }, /cache must be a Storage/],
        [{ identityPoolId: COGNITO_POOL.id, endpoint: 'not a url' }, /endpoint is not usable/],
        [{ identityPoolId: COGNITO_POOL.id, fetch: 'fetch' }, /fetch must be a function/],
      ];
      for (const [options, message] of cases) {
        assert.throws(() => fromCognitoIdentityPool(options), (e) => e.name === 'ValidationError' && message.test(e.message), String(message));
      }
      assert.equal(emu.cognitoRequests().requests.length, before);
    });
  });
}

test('a provider of @aws-sdk/credential-providers works as credentials too (its own fromCognitoIdentityPool, against the same emulator)', async () => {
  const { fromCognitoIdentityPool: sdkCognito } = await import('@aws-sdk/credential-providers');
  const { ConnectClient } = await import('../../pkg/node.mjs');
  const { id: pool } = emu.cognitoPool({});
  const credentials = sdkCognito({ identityPoolId: pool, clientConfig: { region: REGION, endpoint: emu.url } });
  const client = new ConnectClient({ region: REGION, endpoint: emu.url, credentials });
  const out = await client.describePhoneNumber({ PhoneNumberId: FIXTURES.US_DID_CLAIMED.id });
  assert.equal(out.ClaimedPhoneNumberSummary.PhoneNumberId, FIXTURES.US_DID_CLAIMED.id);
  // The SDK's requests as the emulator saw them match ours in shape.
  assert.deepEqual(ops(pool), ['GetId', 'GetCredentialsForIdentity']);
});
