// Node CommonJS: the nodejs glue instantiates the shared .wasm synchronously on require.
'use strict';
const wasm = require('./cjs/connect_phone_wasm.js');
const model = require('./model.cjs');

module.exports = {
  signRequest: wasm.signRequest,
  presignUrl: wasm.presignUrl,
  ConnectClient: wasm.ConnectClient,
  ...model,
};
