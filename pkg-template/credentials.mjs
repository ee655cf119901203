// connect-phone-wasm/credentials (Node): the AWS SDKs' credential providers, with nothing else
// to install. Each returns an async provider for ConnectClient's `credentials` option.
import { credentialProviders } from './node-core.mjs';

export const {
  fromNodeProviderChain,
  fromEnv,
  fromIni,
  fromProcess,
  fromSSO,
  fromTokenFile,
  fromContainerMetadata,
  fromInstanceMetadata,
  CredentialsProviderError,
} = credentialProviders;
