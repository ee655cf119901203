// Node CommonJS: the main entry (the WASM instance is made in node-core.cjs).
'use strict';
const core = require('./node-core.cjs');
const model = require('./model.cjs');

module.exports = {
  ...core.signer,
  ConnectClient: core.ConnectClient,
  waitUntilPhoneNumberClaimed: core.waitUntilPhoneNumberClaimed,
  fromCognitoIdentityPool: core.fromCognitoIdentityPool,
  ...model,
};
