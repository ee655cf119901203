// The project's tests start the emulator that ships in the package (pkg/emulator, built from
// pkg-template/emulator by scripts/build.mjs), with one addition: every signature the
// package's own signer accepts is checked again by @smithy/signature-v4 (smithy-verify.mjs),
// so our tests never rest on our signer alone. See the README, "Testing your app".
import { startEmulator as startPackageEmulator } from '../../pkg/emulator/index.mjs';
import { smithyVerifier } from './smithy-verify.mjs';

export { validateFault, parsePhoneNumberId, COGNITO_ERRORS, UNEXPECTED_SIGNATURE } from '../../pkg/emulator/index.mjs';
export { FIXTURES, CREDENTIALS, ACCOUNT_ID, UNKNOWN_ID, COGNITO_POOL } from './fixtures.mjs';
export { smithyChecks } from './smithy-verify.mjs';

/** startEmulator of the package, with the @smithy second check (unless `extraVerifier` is given). */
export function startEmulator(options = {}) {
  return startPackageEmulator({ extraVerifier: smithyVerifier, ...options });
}
