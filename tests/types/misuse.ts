// Wrong use of the package must not compile: each `@ts-expect-error` below must find an error.
import {
  ConnectClient,
  signRequest,
  presignUrl,
  PhoneNumberType,
  type PhoneNumberCountryCode,
  type ClaimedPhoneNumberSummary,
  type DescribePhoneNumberOutput,
  type PhoneNumberWorkflowStatus,
} from 'connect-phone-wasm';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const client = new ConnectClient({ region: 'us-west-2', credentials });

// A country code that does not exist.
// @ts-expect-error 'XX' is not a PhoneNumberCountryCode
const xx: PhoneNumberCountryCode = 'XX';
// @ts-expect-error lower case is not a code either
const lower: PhoneNumberCountryCode = 'us';
// @ts-expect-error no such runtime value
void PhoneNumberType.MOBILE;
// @ts-expect-error not a workflow status
const released: PhoneNumberWorkflowStatus = 'RELEASED';
const summary: ClaimedPhoneNumberSummary = {
  // @ts-expect-error country codes are checked inside the summary too
  PhoneNumberCountryCode: 'UK',
};
void xx, lower, released, summary;

// A missing PhoneNumberId.
// @ts-expect-error PhoneNumberId is required
void client.describePhoneNumber({});
// @ts-expect-error the input is required
void client.describePhoneNumber();

// A wrong field name.
// @ts-expect-error it is PhoneNumberId, not phoneNumberId
void client.describePhoneNumber({ phoneNumberId: 'x' });
// @ts-expect-error it is PhoneNumberId, not PhoneNumberID
void client.describePhoneNumber({ PhoneNumberID: 'x' });
async function wrongOutputField(): Promise<void> {
  const out = await client.describePhoneNumber({ PhoneNumberId: 'x' });
  // @ts-expect-error the output member is ClaimedPhoneNumberSummary
  void out.PhoneNumberSummary;
  // @ts-expect-error the summary has no PhoneNumberCountry
  void out.ClaimedPhoneNumberSummary?.PhoneNumberCountry;
  // @ts-expect-error the metadata is $metadata
  void out.metadata;
  // @ts-expect-error tags are strings
  const n: number | undefined = out.ClaimedPhoneNumberSummary?.Tags?.['team'];
  void n;
}
void wrongOutputField;
// @ts-expect-error DescribePhoneNumberOutput needs $metadata
const noMetadata: DescribePhoneNumberOutput = { ClaimedPhoneNumberSummary: {} };
void noMetadata;

// Wrong option types.
// @ts-expect-error maxAttempts is a number
new ConnectClient({ region: 'us-west-2', maxAttempts: '3' });
// @ts-expect-error region is required
new ConnectClient({ credentials });
// @ts-expect-error useFipsEndpoint is a boolean
new ConnectClient({ region: 'us-west-2', useFipsEndpoint: 'yes' });
// @ts-expect-error a misspelt option
new ConnectClient({ region: 'us-west-2', endpointUrl: 'http://127.0.0.1' });
// @ts-expect-error credentials need a secretAccessKey
new ConnectClient({ region: 'us-west-2', credentials: { accessKeyId: 'a' } });
// @ts-expect-error a provider must return a promise
new ConnectClient({ region: 'us-west-2', credentials: () => credentials });
// @ts-expect-error abortSignal is an AbortSignal, not a controller
void client.describePhoneNumber({ PhoneNumberId: 'x' }, { abortSignal: new AbortController() });
// @ts-expect-error signRequest options need service
signRequest({ url: 'https://example.com/' }, { region: 'us-east-1', credentials });
// @ts-expect-error uriEscapePath is a boolean
signRequest({ url: 'https://example.com/' }, { region: 'us-east-1', service: 's3', credentials, uriEscapePath: 'no' });
// @ts-expect-error signingDate is a Date
signRequest({ url: 'https://example.com/' }, { region: 'us-east-1', service: 's3', credentials, signingDate: '2024-01-01' });
// @ts-expect-error the body is a string or a Uint8Array
signRequest({ url: 'https://example.com/', body: 42 }, { region: 'us-east-1', service: 's3', credentials });
// @ts-expect-error presignUrl needs expiresIn
presignUrl({ url: 'https://example.com/' }, { region: 'us-east-1', service: 's3', credentials });
// @ts-expect-error expiresIn is a number of seconds
presignUrl({ url: 'https://example.com/' }, { region: 'us-east-1', service: 's3', credentials, expiresIn: '300' });
// @ts-expect-error signRequest returns a SignedRequest, not a string
const signedUrl: string = signRequest({ url: 'https://example.com/' }, { region: 'us-east-1', service: 's3', credentials });
void signedUrl;
// @ts-expect-error systemClockOffset is a number
client.systemClockOffset = '5';
