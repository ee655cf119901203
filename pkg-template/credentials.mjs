// connect-phone-wasm/credentials (Node): the AWS SDKs' credential providers, with nothing else
// to install. Each returns an async provider for ConnectClient's `credentials` option.
export * from './credentials/index.mjs';
