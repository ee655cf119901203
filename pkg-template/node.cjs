// Node CommonJS: the nodejs glue instantiates the shared .wasm synchronously on require.
'use strict';
const wasm = require('./cjs/connect_phone_wasm.js');
const model = require('./model.cjs');
const { makeSignRequest } = require('./sign.cjs');
const { makeConnectClient } = require('./client.cjs');

module.exports = {
  signRequest: makeSignRequest(wasm),
  presignUrl: wasm.presignUrl,
  clearSigningKeyCache: wasm.clearSigningKeyCache,
  ConnectClient: makeConnectClient(wasm),
  ...model,
};
