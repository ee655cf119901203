// Node ESM: read the .wasm from disk and instantiate it synchronously at import time.
import { readFileSync } from 'node:fs';
import * as wasm from './connect_phone_wasm.js';
import { makeSigner } from './sign.js';
import { makeConnectClient, makeCognitoProvider } from './connect-client.js';
import { fromNodeProviderChain } from './credentials/index.mjs';

wasm.initSync({ module: readFileSync(new URL('./connect_phone_wasm_bg.wasm', import.meta.url)) });

export const { signRequest, presignUrl, clearSigningKeyCache } = makeSigner(wasm);
// In Node, a client given no credentials resolves them as the AWS SDKs do.
export const ConnectClient = makeConnectClient(wasm, { defaultCredentials: (clientConfig) => fromNodeProviderChain({ clientConfig }) });
export const { waitUntilPhoneNumberClaimed } = wasm;
export const fromCognitoIdentityPool = makeCognitoProvider(wasm);
export * from './model.js';
