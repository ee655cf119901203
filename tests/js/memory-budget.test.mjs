// The memory budget: WASM linear memory may grow by at most 1 MiB over 20,000 signatures and
// 20,000 describes after warm-up. Linear memory never shrinks, so a leak shows up as growth;
// the check counts bytes, not time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ConnectClient, signRequest } from '../../pkg/node.mjs';
import * as glue from '../../pkg/connect_phone_wasm.js';
import { startEmulator, FIXTURES, CREDENTIALS } from '../emulator/server.mjs';

const BUDGET = 1024 * 1024;
const CALLS = 20_000;
let emu;
// The entry has already instantiated the module: initSync hands back the same exports.
const wasm = glue.initSync({ module: readFileSync(new URL('../../pkg/connect_phone_wasm_bg.wasm', import.meta.url)) });
const memory = () => wasm.memory.buffer.byteLength;

before(async () => {
  emu = await startEmulator({ verifySignatures: false });
});
after(async () => {
  await emu.close();
});

test(`signing ${CALLS} requests grows WASM memory by at most 1 MiB`, () => {
  const options = { region: 'us-west-2', service: 'connect', credentials: CREDENTIALS.temporary };
  const sign = (i) => signRequest({ url: `https://connect.us-west-2.amazonaws.com/phone-number/${i}`, headers: { 'x-n': String(i) } }, options);
  for (let i = 0; i < 1000; i++) sign(i);
  const start = memory();
  for (let i = 0; i < CALLS; i++) sign(i);
  assert.ok(memory() - start <= BUDGET, `grew ${memory() - start} bytes`);
});

test(`${CALLS} describes grow WASM memory by at most 1 MiB`, async () => {
  const client = new ConnectClient({ region: 'us-west-2', endpoint: emu.url, credentials: CREDENTIALS.longTerm });
  const id = FIXTURES.US_DID_CLAIMED.id;
  const batch = async (n) => {
    for (let done = 0; done < n; done += 50) {
      await Promise.all(Array.from({ length: 50 }, () => client.describePhoneNumber({ PhoneNumberId: id })));
    }
  };
  await batch(500);
  const start = memory();
  await batch(CALLS);
  assert.ok(memory() - start <= BUDGET, `grew ${memory() - start} bytes`);
  client.free();
});
