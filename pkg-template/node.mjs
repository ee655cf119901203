// Node ESM: the main entry (the WASM instance is made in node-core.mjs, shared with
// connect-phone-wasm/credentials).
import { signer } from './node-core.mjs';

export { ConnectClient, waitUntilPhoneNumberClaimed, fromCognitoIdentityPool } from './node-core.mjs';
export const { signRequest, presignUrl, clearSigningKeyCache } = signer;
export * from './model.js';
