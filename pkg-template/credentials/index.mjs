// The Node credential providers over one instance of the WASM core (which signs AssumeRole
// and reads STS's XML). Node only: files, processes and the instance metadata service.
import { makeFromNodeProviderChain } from './chain.mjs';
import { fromContainerMetadata } from './container.mjs';
import { fromEnv } from './env.mjs';
import { CredentialsProviderError } from './error.mjs';
import { makeFromIni, fromProcess } from './ini.mjs';
import { fromInstanceMetadata } from './instance-metadata.mjs';
import { fromSSO } from './sso.mjs';
import { makeFromTokenFile } from './web-identity.mjs';

export function makeCredentialProviders(wasm) {
  const fromIni = makeFromIni(wasm);
  const fromTokenFile = makeFromTokenFile(wasm);
  return {
    fromNodeProviderChain: makeFromNodeProviderChain({ fromIni, fromTokenFile }),
    fromEnv,
    fromIni,
    fromProcess,
    fromSSO,
    fromTokenFile,
    fromContainerMetadata,
    fromInstanceMetadata,
    CredentialsProviderError,
  };
}
