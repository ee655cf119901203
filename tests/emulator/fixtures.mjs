// Fixture data for the local Amazon Connect emulator.
// Every summary fills all 11 members of ClaimedPhoneNumberSummary (see
// /work/shared/connect-model/describe-phone-number.json) so clients can be
// checked for lossless decoding, including Tags maps and the nested status.

export const ACCOUNT_ID = '123456789012';
export const REGION = 'us-west-2';

export const INSTANCE_ID = 'a1b2c3d4-5678-4def-8123-0123456789ab';
export const INSTANCE_ARN = `arn:aws:connect:${REGION}:${ACCOUNT_ID}:instance/${INSTANCE_ID}`;
const TDG_ARN = `arn:aws:connect:${REGION}:${ACCOUNT_ID}:traffic-distribution-group/7d8e9f00-1111-4222-8333-444455556666`;

export const phoneNumberArn = (id, region = REGION) =>
  `arn:aws:connect:${region}:${ACCOUNT_ID}:phone-number/${id}`;
export const instancePhoneNumberArn = (id, region = REGION) =>
  `arn:aws:connect:${region}:${ACCOUNT_ID}:instance/${INSTANCE_ID}/phone-number/${id}`;

const summary = (id, fields) => ({
  PhoneNumberId: id,
  PhoneNumberArn: phoneNumberArn(id),
  ...fields,
});

// Keyed by phone number UUID. `arnOnly` marks a number claimed to a traffic
// distribution group: like real Connect in the TDG's alternate region, it can
// only be described by its full ARN; a bare UUID gives ResourceNotFound.
export const FIXTURES = Object.freeze({
  US_DID_CLAIMED: Object.freeze({
    id: '11111111-2222-4333-8444-555555555555',
    summary: summary('11111111-2222-4333-8444-555555555555', {
      PhoneNumber: '+12065550100',
      PhoneNumberCountryCode: 'US',
      PhoneNumberType: 'DID',
      PhoneNumberDescription: 'Seattle support line – main (ü, 電話)',
      TargetArn: INSTANCE_ARN,
      InstanceId: INSTANCE_ID,
      Tags: { team: 'support', 'cost-center': '4711', env: 'test' },
      PhoneNumberStatus: { Status: 'CLAIMED', Message: '' },
      SourcePhoneNumberArn: `arn:aws:sms-voice:${REGION}:${ACCOUNT_ID}:phone-number/phone-4f0e0c3a1b2d4e5f8a9b0c1d2e3f4a5b`,
    }),
  }),
  GB_TOLL_FREE_IN_PROGRESS: Object.freeze({
    id: '22222222-3333-4444-8555-666666666666',
    summary: summary('22222222-3333-4444-8555-666666666666', {
      PhoneNumber: '+448000123456',
      PhoneNumberCountryCode: 'GB',
      PhoneNumberType: 'TOLL_FREE',
      PhoneNumberDescription: 'UK freephone (claim pending)',
      TargetArn: INSTANCE_ARN,
      InstanceId: INSTANCE_ID,
      Tags: { region: 'emea' },
      PhoneNumberStatus: { Status: 'IN_PROGRESS', Message: 'Number claim is in progress' },
      SourcePhoneNumberArn: `arn:aws:sms-voice:${REGION}:${ACCOUNT_ID}:phone-number/phone-0a1b2c3d4e5f40718293a4b5c6d7e8f9`,
    }),
  }),
  DE_DID_FAILED: Object.freeze({
    id: '33333333-4444-4555-8666-777777777777',
    summary: summary('33333333-4444-4555-8666-777777777777', {
      PhoneNumber: '+4930123456789',
      PhoneNumberCountryCode: 'DE',
      PhoneNumberType: 'DID',
      PhoneNumberDescription: 'Berlin office',
      TargetArn: INSTANCE_ARN,
      InstanceId: INSTANCE_ID,
      Tags: { 'office:city': 'Berlin' },
      PhoneNumberStatus: {
        Status: 'FAILED',
        Message: 'The phone number could not be claimed: regulatory address document was rejected',
      },
      SourcePhoneNumberArn: `arn:aws:sms-voice:${REGION}:${ACCOUNT_ID}:phone-number/phone-99887766554433221100aabbccddeeff`,
    }),
  }),
  US_TDG_ARN_ONLY: Object.freeze({
    id: '44444444-5555-4666-8777-888888888888',
    arnOnly: true,
    summary: summary('44444444-5555-4666-8777-888888888888', {
      PhoneNumber: '+18005550199',
      PhoneNumberCountryCode: 'US',
      PhoneNumberType: 'TOLL_FREE',
      PhoneNumberDescription: 'Global resiliency number (traffic distribution group)',
      TargetArn: TDG_ARN,
      InstanceId: INSTANCE_ID,
      Tags: { resiliency: 'tdg', 'aws-managed-by': 'tests' },
      PhoneNumberStatus: { Status: 'CLAIMED', Message: '' },
      SourcePhoneNumberArn: `arn:aws:sms-voice:${REGION}:${ACCOUNT_ID}:phone-number/phone-1234567890abcdef1234567890abcdef`,
    }),
  }),
});

// Well-formed but unknown: must yield 404 ResourceNotFoundException.
export const UNKNOWN_ID = '99999999-0000-4000-8000-000000000000';

// Known test credentials. The long-term pair is the classic AWS docs example.
export const CREDENTIALS = Object.freeze({
  longTerm: Object.freeze({
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  }),
  temporary: Object.freeze({
    accessKeyId: 'ASIAEXAMPLETEMP1',
    secretAccessKey: 'tEMPsecret/EXAMPLE+Key0123456789abcdefGHIJ',
    sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//////////TEMPTOKEN1+/=',
  }),
  // A temporary credential whose session token is already expired.
  expired: Object.freeze({
    accessKeyId: 'ASIAEXAMPLEEXPIRED',
    secretAccessKey: 'eXPIREDsecret/EXAMPLE+Key0123456789abcdef',
    sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//////////EXPIREDTOKEN=',
    expired: true,
  }),
});

// The Cognito identity pool that exists at start (README, "Cognito Identity").
// `tokens` maps each user's subject to the login token the pool accepts for
// it: the same shape as one provider's entry in `cognitoPool({ logins })`.
export const COGNITO_POOL = Object.freeze({
  id: 'us-west-2:11111111-2222-4333-8444-555555555555',
  provider: 'cognito-idp.us-west-2.amazonaws.com/us-west-2_EXAMPLE',
  tokens: Object.freeze({ alice: 'id-token-alice', bob: 'id-token-bob' }),
  allowUnauthenticated: true,
  credentialsTtlSeconds: 3600,
});
