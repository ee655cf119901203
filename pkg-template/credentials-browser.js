// connect-phone-wasm/credentials in a browser, a worker or Deno: these providers read files,
// run processes and call the instance metadata service, which only Node can. Each function
// throws when called, saying so; nothing Node-only is in this module.
const nodeOnly = (name) =>
  function () {
    const error = new Error(
      `${name}() is for Node: connect-phone-wasm/credentials reads files, runs processes and calls ` +
        'instance metadata. In a browser, use fromCognitoIdentityPool from connect-phone-wasm, or pass credentials.',
    );
    error.name = 'CredentialsProviderError';
    throw error;
  };

export const fromNodeProviderChain = nodeOnly('fromNodeProviderChain');
export const fromEnv = nodeOnly('fromEnv');
export const fromIni = nodeOnly('fromIni');
export const fromProcess = nodeOnly('fromProcess');
export const fromSSO = nodeOnly('fromSSO');
export const fromTokenFile = nodeOnly('fromTokenFile');
export const fromContainerMetadata = nodeOnly('fromContainerMetadata');
export const fromInstanceMetadata = nodeOnly('fromInstanceMetadata');
export class CredentialsProviderError extends Error {
  constructor(message) {
    super(message);
    this.name = 'CredentialsProviderError';
  }
}
