// connect-phone-wasm/credentials (Node, CommonJS).
'use strict';
module.exports = require('./credentials/index.cjs');
