// connect-phone-wasm/client for browsers, workers, Deno and bundlers: ConnectClient and the
// model over a .wasm without the general signer, built for size (see the README). Compiled
// once, at import (top-level await), so callers need no init().
import init, * as wasm from './connect_phone_client.js';
import { makeConnectClient, makeCognitoProvider } from '../connect-client.js';

await init({ module_or_path: new URL('./connect_phone_client_bg.wasm', import.meta.url) });

export const ConnectClient = makeConnectClient(wasm);
export const { waitUntilPhoneNumberClaimed } = wasm;
export const fromCognitoIdentityPool = makeCognitoProvider(wasm);
export * from '../model.js';
