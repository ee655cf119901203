// Correct use of the package compiles, and every public type is precise (no `any`).
import {
  ConnectClient,
  signRequest,
  presignUrl,
  PhoneNumberType,
  PhoneNumberWorkflowStatus,
  PhoneNumberCountryCode,
  type AwsCredentialIdentity,
  type AwsCredentialIdentityProvider,
  type ConnectClientConfig,
  type DescribePhoneNumberInput,
  type DescribePhoneNumberOutput,
  type ClaimedPhoneNumberSummary,
  type PhoneNumberStatus,
  type Tags,
  type ResponseMetadata,
  type ConnectServiceError,
  type DescribePhoneNumberError,
  type DescribePhoneNumberModeledError,
  type ResourceNotFoundException,
  type SignableRequest,
  type SignOptions,
  type PresignOptions,
  type SignedRequest,
  type HttpHandlerOptions,
} from 'connect-phone-wasm';
import { expectType, assignable, type Equal, type IsAny, type Not } from './helpers';

const credentials: AwsCredentialIdentity = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const temporary: AwsCredentialIdentity = {
  accessKeyId: 'ASIAEXAMPLE',
  secretAccessKey: 'secret',
  sessionToken: 'token',
  expiration: new Date(Date.now() + 3600_000),
};
const provider: AwsCredentialIdentityProvider = async () => temporary;

const full: ConnectClientConfig = {
  region: 'us-west-2',
  credentials: provider,
  endpoint: 'http://127.0.0.1:8080',
  useFipsEndpoint: false,
  useDualstackEndpoint: false,
  maxAttempts: 5,
  requestTimeout: 2000,
  systemClockOffset: 0,
  fetch: globalThis.fetch,
};
new ConnectClient(full);
new ConnectClient({ region: 'eu-central-1' });
const client = new ConnectClient({ region: 'us-west-2', credentials });
new ConnectClient({ region: 'us-west-2', credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }) });

async function describe(): Promise<void> {
  const controller = new AbortController();
  const options: HttpHandlerOptions = { abortSignal: controller.signal };
  const input: DescribePhoneNumberInput = { PhoneNumberId: 'arn:aws:connect:us-west-2:123456789012:phone-number/x' };
  const out = await client.describePhoneNumber(input, options);
  expectType<Equal<typeof out, DescribePhoneNumberOutput>>(true);
  await client.describePhoneNumber({ PhoneNumberId: '11111111-2222-4333-8444-555555555555' });

  const { ClaimedPhoneNumberSummary: n, $metadata } = out;
  expectType<Equal<typeof n, ClaimedPhoneNumberSummary | undefined>>(true);
  expectType<Equal<typeof $metadata, ResponseMetadata>>(true);
  expectType<Equal<typeof $metadata.requestId, string | undefined>>(true);
  expectType<Equal<typeof $metadata.httpStatusCode, number | undefined>>(true);
  expectType<Equal<typeof $metadata.attempts, number | undefined>>(true);
  expectType<Equal<typeof $metadata.totalRetryDelay, number | undefined>>(true);
  if (!n) return;

  // All 11 members, with their exact types.
  expectType<Equal<keyof ClaimedPhoneNumberSummary,
    | 'PhoneNumberId' | 'PhoneNumberArn' | 'PhoneNumber' | 'PhoneNumberCountryCode' | 'PhoneNumberType'
    | 'PhoneNumberDescription' | 'TargetArn' | 'InstanceId' | 'Tags' | 'PhoneNumberStatus' | 'SourcePhoneNumberArn'>>(true);
  expectType<Equal<typeof n.PhoneNumberId, string | undefined>>(true);
  expectType<Equal<typeof n.PhoneNumberArn, string | undefined>>(true);
  expectType<Equal<typeof n.PhoneNumber, string | undefined>>(true);
  expectType<Equal<typeof n.PhoneNumberCountryCode, PhoneNumberCountryCode | undefined>>(true);
  expectType<Equal<typeof n.PhoneNumberType, PhoneNumberType | undefined>>(true);
  expectType<Equal<typeof n.PhoneNumberDescription, string | undefined>>(true);
  expectType<Equal<typeof n.TargetArn, string | undefined>>(true);
  expectType<Equal<typeof n.InstanceId, string | undefined>>(true);
  expectType<Equal<typeof n.Tags, Record<string, string> | undefined>>(true);
  expectType<Equal<typeof n.PhoneNumberStatus, PhoneNumberStatus | undefined>>(true);
  expectType<Equal<typeof n.SourcePhoneNumberArn, string | undefined>>(true);
  expectType<Equal<Tags, Record<string, string>>>(true);
  expectType<Equal<PhoneNumberStatus['Status'], PhoneNumberWorkflowStatus | undefined>>(true);
  expectType<Equal<PhoneNumberStatus['Message'], string | undefined>>(true);

  // Narrowing on enum values, through the runtime constants and through literals.
  if (n.PhoneNumberType === PhoneNumberType.TOLL_FREE) {
    expectType<Equal<typeof n.PhoneNumberType, 'TOLL_FREE'>>(true);
  }
  const state = n.PhoneNumberStatus?.Status;
  switch (state) {
    case PhoneNumberWorkflowStatus.CLAIMED:
    case 'IN_PROGRESS':
    case 'FAILED':
    case undefined:
      break;
    default: {
      const never: never = state;
      void never;
    }
  }
  const tagValue: string | undefined = n.Tags?.['team'];
  void tagValue;
}
void describe;

// Runtime enum values: a value and a type of the same name.
const tollFree: PhoneNumberType = PhoneNumberType.TOLL_FREE;
expectType<Equal<typeof PhoneNumberType.TOLL_FREE, 'TOLL_FREE'>>(true);
expectType<Equal<typeof PhoneNumberWorkflowStatus.FAILED, 'FAILED'>>(true);
expectType<Equal<typeof PhoneNumberCountryCode.GB, 'GB'>>(true);
expectType<Equal<(typeof PhoneNumberType)[keyof typeof PhoneNumberType], PhoneNumberType>>(true);
expectType<Equal<(typeof PhoneNumberWorkflowStatus)[keyof typeof PhoneNumberWorkflowStatus], PhoneNumberWorkflowStatus>>(true);
expectType<Equal<(typeof PhoneNumberCountryCode)[keyof typeof PhoneNumberCountryCode], PhoneNumberCountryCode>>(true);
const us: PhoneNumberCountryCode = 'US';
const de: PhoneNumberCountryCode = PhoneNumberCountryCode.DE;
void tollFree, us, de;

// Union sizes: 237 country codes, 7 types, 3 statuses.
// Tail-recursive, so 237 members stay within the compiler's recursion limit.
type UnionToTuple<U, Acc extends unknown[] = []> = [U] extends [never] ? Acc : UnionToTuple<Exclude<U, LastOf<U>>, [LastOf<U>, ...Acc]>;
type LastOf<U> = ((U extends unknown ? (x: () => U) => void : never) extends (x: infer I) => void ? I : never) extends () => infer R ? R : never;
expectType<Equal<UnionToTuple<PhoneNumberCountryCode>['length'], 237>>(true);
expectType<Equal<UnionToTuple<PhoneNumberType>['length'], 7>>(true);
expectType<Equal<UnionToTuple<PhoneNumberWorkflowStatus>['length'], 3>>(true);
expectType<Equal<DescribePhoneNumberModeledError,
  'InvalidParameterException' | 'ResourceNotFoundException' | 'ThrottlingException' | 'InternalServiceException' | 'AccessDeniedException'>>(true);

// Errors: name, $fault, $metadata; narrowing the union by name.
function handle(e: unknown): string {
  const err = e as ConnectServiceError;
  const fault: 'client' | 'server' = err.$fault;
  const status: number | undefined = err.$metadata.httpStatusCode;
  const isError: Error = err;
  void fault, status, isError;
  const known = e as DescribePhoneNumberError;
  if (known.name === 'ResourceNotFoundException') {
    expectType<Equal<typeof known, ResourceNotFoundException>>(true);
    expectType<Equal<typeof known.$fault, 'client'>>(true);
  }
  if (known.name === 'UnknownError') {
    const code: number = known.statusCode;
    void code;
  }
  assignable<ConnectServiceError>(known);
  return `${err.name}: ${err.message} ${err.$metadata.requestId ?? ''} ${err.$retryable?.throttling ?? ''}`;
}
void handle;

// Signing.
const request: SignableRequest = {
  method: 'POST',
  url: 'https://connect.us-west-2.amazonaws.com/phone-number/x',
  headers: { 'content-type': 'application/json' },
  body: new Uint8Array([1, 2, 3]),
};
const signOptions: SignOptions = {
  region: 'us-west-2',
  service: 'connect',
  credentials: temporary,
  signingDate: new Date(),
  uriEscapePath: true,
  applyChecksum: false,
  unsignedPayload: false,
};
const signed = signRequest(request, signOptions);
expectType<Equal<typeof signed, SignedRequest>>(true);
expectType<Equal<typeof signed.headers, Record<string, string>>>(true);
signRequest({ url: 'https://example.com/', body: 'text' }, { region: 'us-east-1', service: 'execute-api', credentials });
const presignOptions: PresignOptions = { ...signOptions, uriEscapePath: false, service: 's3', expiresIn: 300 };
const link = presignUrl({ url: 'https://bucket.s3.amazonaws.com/key' }, presignOptions);
expectType<Equal<typeof link, string>>(true);
void fetch(signed.url, { method: signed.method, headers: signed.headers });

// Client members and explicit resource management.
const offset: number = client.systemClockOffset;
client.systemClockOffset = offset + 1;
{
  using scoped = new ConnectClient({ region: 'us-west-2', credentials });
  void scoped;
}
client.free();

// Nothing public is `any`.
expectType<Not<IsAny<DescribePhoneNumberOutput>>>(true);
expectType<Not<IsAny<ClaimedPhoneNumberSummary>>>(true);
expectType<Not<IsAny<ReturnType<ConnectClient['describePhoneNumber']>>>>(true);
expectType<Not<IsAny<Parameters<ConnectClient['describePhoneNumber']>[0]>>>(true);
expectType<Not<IsAny<Parameters<ConnectClient['describePhoneNumber']>[1]>>>(true);
expectType<Not<IsAny<ConstructorParameters<typeof ConnectClient>[0]>>>(true);
expectType<Not<IsAny<ReturnType<typeof signRequest>>>>(true);
expectType<Not<IsAny<Parameters<typeof signRequest>[0]>>>(true);
expectType<Not<IsAny<Parameters<typeof signRequest>[1]>>>(true);
expectType<Not<IsAny<Parameters<typeof presignUrl>[1]>>>(true);
expectType<Not<IsAny<ConnectServiceError['$metadata']>>>(true);
expectType<Not<IsAny<PhoneNumberCountryCode>>>(true);
expectType<Not<IsAny<typeof PhoneNumberCountryCode>>>(true);
expectType<Not<IsAny<typeof PhoneNumberType>>>(true);
expectType<Not<IsAny<typeof PhoneNumberWorkflowStatus>>>(true);
