// connect-phone-wasm/credentials (Node, CommonJS).
'use strict';
module.exports = { ...require('./node-core.cjs').credentialProviders };
