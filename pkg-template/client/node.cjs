// connect-phone-wasm/client for Node CommonJS: the nodejs glue instantiates the client-only
// .wasm synchronously on require.
'use strict';
const wasm = require('./cjs/connect_phone_client.js');
const model = require('../model.cjs');
const { makeConnectClient, makeCognitoProvider } = require('../connect-client.cjs');

module.exports = {
  ConnectClient: makeConnectClient(wasm),
  waitUntilPhoneNumberClaimed: wasm.waitUntilPhoneNumberClaimed,
  fromCognitoIdentityPool: makeCognitoProvider(wasm),
  ...model,
};
