// Node CommonJS: the one WASM instance behind both Node entries; the nodejs glue instantiates
// the shared .wasm synchronously on require.
'use strict';
const wasm = require('./cjs/connect_phone_wasm.js');
const { makeSigner } = require('./sign.cjs');
const { makeConnectClient, makeCognitoProvider } = require('./connect-client.cjs');
const { makeCredentialProviders } = require('./credentials/index.cjs');

const credentialProviders = makeCredentialProviders(wasm);
module.exports = {
  signer: makeSigner(wasm),
  credentialProviders,
  ConnectClient: makeConnectClient(wasm, {
    defaultCredentials: (clientConfig) => credentialProviders.fromNodeProviderChain({ clientConfig }),
  }),
  waitUntilPhoneNumberClaimed: wasm.waitUntilPhoneNumberClaimed,
  fromCognitoIdentityPool: makeCognitoProvider(wasm),
};
