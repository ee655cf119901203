// The emulator's default fixtures (pkg/emulator/default-fixtures.json), in the shape the
// tests import: FIXTURES by name, CREDENTIALS by name, the default Cognito pool, ARN helpers.
import { parseFixtures, defaultFixtures } from '../../pkg/emulator/fixtures.mjs';
import { fixturesView } from '../../pkg/emulator/server.mjs';

const view = fixturesView(parseFixtures(defaultFixtures()));

export const ACCOUNT_ID = view.accountId;
export const REGION = view.region;
export const FIXTURES = view.fixtures;
export const CREDENTIALS = view.credentials;
export const COGNITO_POOL = view.cognitoPool;
// Well-formed but unknown: must yield 404 ResourceNotFoundException.
export const UNKNOWN_ID = view.unknownId;
export const INSTANCE_ID = FIXTURES.US_DID_CLAIMED.summary.InstanceId;
export const INSTANCE_ARN = FIXTURES.US_DID_CLAIMED.summary.TargetArn;

export const phoneNumberArn = (id, region = REGION) =>
  `arn:aws:connect:${region}:${ACCOUNT_ID}:phone-number/${id}`;
export const instancePhoneNumberArn = (id, region = REGION) =>
  `arn:aws:connect:${region}:${ACCOUNT_ID}:instance/${INSTANCE_ID}/phone-number/${id}`;
