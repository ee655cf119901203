// Node ESM: read the .wasm from disk and instantiate it synchronously at import time.
import { readFileSync } from 'node:fs';
import { initSync } from './connect_phone_wasm.js';

initSync({ module: readFileSync(new URL('./connect_phone_wasm_bg.wasm', import.meta.url)) });

export { signRequest, presignUrl, ConnectClient } from './connect_phone_wasm.js';
export * from './model.js';
