// Node CommonJS: the nodejs glue instantiates the shared .wasm synchronously on require.
'use strict';
const wasm = require('./cjs/connect_phone_wasm.js');
const model = require('./model.cjs');
const { makeSigner } = require('./sign.cjs');
const { makeConnectClient, makeCognitoProvider } = require('./connect-client.cjs');

module.exports = {
  ...makeSigner(wasm),
  ConnectClient: makeConnectClient(wasm),
  waitUntilPhoneNumberClaimed: wasm.waitUntilPhoneNumberClaimed,
  fromCognitoIdentityPool: makeCognitoProvider(wasm),
  ...model,
};
