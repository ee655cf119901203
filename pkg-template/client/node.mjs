// connect-phone-wasm/client for Node ESM: the client-only .wasm, read from disk and
// instantiated synchronously at import time.
import { readFileSync } from 'node:fs';
import * as wasm from './connect_phone_client.js';
import { makeConnectClient, makeCognitoProvider } from '../connect-client.js';

wasm.initSync({ module: readFileSync(new URL('./connect_phone_client_bg.wasm', import.meta.url)) });

export const ConnectClient = makeConnectClient(wasm);
export const { waitUntilPhoneNumberClaimed } = wasm;
export const fromCognitoIdentityPool = makeCognitoProvider(wasm);
export * from '../model.js';
