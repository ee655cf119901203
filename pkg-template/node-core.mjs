// Node ESM: the one WASM instance behind both Node entries (the main one and
// connect-phone-wasm/credentials), read from disk and instantiated synchronously at import.
import { readFileSync } from 'node:fs';
import * as wasm from './connect_phone_wasm.js';
import { makeSigner } from './sign.js';
import { makeConnectClient, makeCognitoProvider } from './connect-client.js';
import { makeCredentialProviders } from './credentials/index.mjs';

wasm.initSync({ module: readFileSync(new URL('./connect_phone_wasm_bg.wasm', import.meta.url)) });

export const signer = makeSigner(wasm);
export const credentialProviders = makeCredentialProviders(wasm);
// In Node, a client given no credentials resolves them as the AWS SDKs do.
export const ConnectClient = makeConnectClient(wasm, {
  defaultCredentials: (clientConfig) => credentialProviders.fromNodeProviderChain({ clientConfig }),
});
export const { waitUntilPhoneNumberClaimed } = wasm;
export const fromCognitoIdentityPool = makeCognitoProvider(wasm);
