// connect-phone-wasm/emulator in a browser, a worker or Deno: the emulator is an HTTP server
// for Node. This file stands in for it there, so a bundle never pulls in node:http: every
// function throws at once, saying so. It has the Node entry's names, so a bundle still builds.
const nodeOnly = (name) => () => {
  throw new Error(`connect-phone-wasm/emulator: ${name}() runs in Node only (the emulator is an HTTP server). `
    + 'Start it in your test runner (startEmulator) or with `npx connect-phone emulator`, and point the page at its URL.');
};

export const startEmulator = nodeOnly('startEmulator');
export const verifySigV4 = nodeOnly('verifySigV4');
export const loadFixtures = nodeOnly('loadFixtures');
export const parseFixtures = nodeOnly('parseFixtures');
export const defaultFixtures = nodeOnly('defaultFixtures');
export const validateFault = nodeOnly('validateFault');
export const parsePhoneNumberId = nodeOnly('parsePhoneNumberId');
export const MAX_SKEW_MS = 5 * 60 * 1000;
export class FixturesError extends Error {}
export const COGNITO_ERRORS = Object.freeze({});
export const UNEXPECTED_SIGNATURE = 'UnexpectedSignatureException';
