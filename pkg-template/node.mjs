// Node ESM: read the .wasm from disk and instantiate it synchronously at import time.
import { readFileSync } from 'node:fs';
import * as wasm from './connect_phone_wasm.js';
import { makeSigner } from './sign.js';
import { makeConnectClient, makeCognitoProvider } from './connect-client.js';

wasm.initSync({ module: readFileSync(new URL('./connect_phone_wasm_bg.wasm', import.meta.url)) });

export const { signRequest, presignUrl, clearSigningKeyCache } = makeSigner(wasm);
export const ConnectClient = makeConnectClient(wasm);
export const { waitUntilPhoneNumberClaimed } = wasm;
export const fromCognitoIdentityPool = makeCognitoProvider(wasm);
export * from './model.js';
