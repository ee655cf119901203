// The Node credential providers (files, processes, the instance metadata service: Node only).
// STS's calls run in a small .wasm of their own, loaded on first use (sts-wasm.mjs).
export { fromNodeProviderChain } from './chain.mjs';
export { fromContainerMetadata } from './container.mjs';
export { fromEnv } from './env.mjs';
export { CredentialsProviderError } from './error.mjs';
export { fromIni, fromProcess } from './ini.mjs';
export { fromInstanceMetadata } from './instance-metadata.mjs';
export { fromSSO } from './sso.mjs';
export { fromTokenFile } from './web-identity.mjs';
