// Node CommonJS: the nodejs glue instantiates the shared .wasm synchronously on require.
'use strict';
const wasm = require('./cjs/connect_phone_wasm.js');
const model = require('./model.cjs');
const { makeSigner } = require('./sign.cjs');
const { makeConnectClient, makeCognitoProvider } = require('./connect-client.cjs');
const { fromNodeProviderChain } = require('./credentials/index.cjs');

module.exports = {
  ...makeSigner(wasm),
  // In Node, a client given no credentials resolves them as the AWS SDKs do.
  ConnectClient: makeConnectClient(wasm, { defaultCredentials: (clientConfig) => fromNodeProviderChain({ clientConfig }) }),
  waitUntilPhoneNumberClaimed: wasm.waitUntilPhoneNumberClaimed,
  fromCognitoIdentityPool: makeCognitoProvider(wasm),
  ...model,
};
