// Browsers, workers, Deno and bundlers: compile the .wasm that sits next to this file, once,
// before any export is used (top-level await), so callers need no init().
import init, * as wasm from './connect_phone_wasm.js';
import { makeSigner } from './sign.js';
import { makeConnectClient, makeCognitoProvider } from './connect-client.js';

await init({ module_or_path: new URL('./connect_phone_wasm_bg.wasm', import.meta.url) });

export const { signRequest, presignUrl, clearSigningKeyCache } = makeSigner(wasm);
export const ConnectClient = makeConnectClient(wasm);
export const { waitUntilPhoneNumberClaimed } = wasm;
export const fromCognitoIdentityPool = makeCognitoProvider(wasm);
export * from './model.js';
