// Every ConnectClient test of client.test.mjs, against connect-phone-wasm/client: the entry
// that loads the client-only .wasm (no signer exports, built for size). Also checks that the
// entry exports the client and the model, and nothing of the signer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

globalThis.CONNECT_CLIENT_ENTRY = '../../pkg/client/node.mjs';
await import('./client.test.mjs');

test('the suite was loaded here, for this entry (not a cached module from another run)', () => {
  assert.equal(globalThis.CONNECT_CLIENT_SUITE_RAN_ON, '../../pkg/client/node.mjs');
});

const ENUMS = ['PhoneNumberCountryCode', 'PhoneNumberType', 'PhoneNumberWorkflowStatus'];

test('connect-phone-wasm/client exports ConnectClient, the waiter and the model, in ESM and CommonJS, and no signer', async () => {
  const esm = await import('../../pkg/client/node.mjs');
  const cjs = createRequire(import.meta.url)('../../pkg/client/node.cjs');
  const main = await import('../../pkg/node.mjs');
  for (const entry of [esm, cjs]) {
    assert.deepEqual(Object.keys(entry).sort(), ['ConnectClient', ...ENUMS, 'fromCognitoIdentityPool', 'waitUntilPhoneNumberClaimed'].sort());
    assert.equal(typeof entry.waitUntilPhoneNumberClaimed, 'function');
    for (const name of ENUMS) assert.deepEqual(entry[name], main[name]);
    assert.equal(typeof entry.ConnectClient, 'function');
  }
  // The two builds are different modules: a client of one is not an instance of the other.
  assert.notEqual(esm.ConnectClient, main.ConnectClient);
});

test('the client-only .wasm exports no signer functions', async () => {
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(new URL('../../pkg/client/connect_phone_client_bg.wasm', import.meta.url));
  const names = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
  assert.ok(names.includes('connectclient_describePhoneNumber'), names.join(' '));
  for (const gone of ['signRequest', 'presignUrl', '__signFlat', 'clearSigningKeyCache']) {
    assert.ok(!names.includes(gone), `${gone} is exported`);
  }
});
