// require('connect-phone-wasm/emulator'): the emulator is an ES module (it loads the package's
// WASM signer with top-level await). Say so, instead of ERR_REQUIRE_ASYNC_MODULE.
'use strict';
const error = new Error(
  "connect-phone-wasm/emulator is an ES module: use `const { startEmulator } = await import('connect-phone-wasm/emulator')` " +
    '(in Jest with CommonJS, import it in an async beforeAll), or run `npx connect-phone emulator` and read EMULATOR_URL.',
);
error.code = 'ERR_REQUIRE_ESM';
throw error;
