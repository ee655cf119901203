// connect-phone-wasm/emulator: a local Amazon Connect (DescribePhoneNumber) and Cognito
// Identity for tests, with SigV4 verification by the package's own signer. Node only: the
// package's "browser", "worker" and "deno" conditions point at browser.js instead.
export { startEmulator, validateFault, parsePhoneNumberId } from './server.mjs';
export { verifySigV4, MAX_SKEW_MS } from './verify.mjs';
export { loadFixtures, parseFixtures, defaultFixtures, FixturesError } from './fixtures.mjs';
export { COGNITO_ERRORS, UNEXPECTED_SIGNATURE } from './cognito.mjs';
