// The waiter and retryMode: correct use compiles with precise types, misuse does not.
import {
  ConnectClient,
  waitUntilPhoneNumberClaimed,
  type WaiterConfiguration,
  type WaiterResult,
  type WaiterFailure,
  type WaiterTimeoutError,
  type WaiterAbortError,
  type WaiterState,
  type RetryMode,
  type DescribePhoneNumberOutput,
} from 'connect-phone-wasm';
import * as clientEntry from 'connect-phone-wasm/client';
import { expectType, type Equal, type IsAny, type Not } from './helpers';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const adaptive = new ConnectClient({ region: 'us-west-2', credentials, retryMode: 'adaptive' });
const standard = new ConnectClient({ region: 'us-west-2', credentials, retryMode: 'standard' });
expectType<Equal<RetryMode, 'standard' | 'adaptive'>>(true);
expectType<Equal<WaiterState, 'SUCCESS' | 'FAILURE' | 'TIMEOUT' | 'ABORTED'>>(true);

async function use(signal: AbortSignal): Promise<void> {
  const result = await waitUntilPhoneNumberClaimed(
    { client: adaptive, maxWaitTime: 120, minDelay: 2, maxDelay: 30, abortSignal: signal },
    { PhoneNumberId: 'arn:aws:connect:us-west-2:123456789012:phone-number/abc' },
  );
  expectType<Equal<typeof result, WaiterResult>>(true);
  expectType<Equal<typeof result.state, 'SUCCESS'>>(true);
  expectType<Equal<typeof result.reason, DescribePhoneNumberOutput>>(true);
  expectType<Not<IsAny<typeof result.reason>>>(true);
  const status: string | undefined = result.reason.ClaimedPhoneNumberSummary?.PhoneNumberStatus?.Status;
  void status;
  // Fractions of seconds are fine; only maxWaitTime is required.
  await waitUntilPhoneNumberClaimed({ client: standard, maxWaitTime: 0.5, minDelay: 0.1 }, { PhoneNumberId: 'x' });
  try {
    await waitUntilPhoneNumberClaimed({ client: standard, maxWaitTime: 1 }, { PhoneNumberId: 'x' });
  } catch (e) {
    const err = e as WaiterFailure | WaiterTimeoutError | WaiterAbortError;
    if (err.name === 'WaiterFailure') expectType<Equal<typeof err.state, 'FAILURE'>>(true);
    if (err.name === 'TimeoutError') expectType<Equal<typeof err.state, 'TIMEOUT'>>(true);
    if (err.name === 'AbortError') expectType<Equal<typeof err.state, 'ABORTED'>>(true);
  }
  // The client entry exports the same waiter.
  const fromClient: WaiterResult = await clientEntry.waitUntilPhoneNumberClaimed(
    { client: new clientEntry.ConnectClient({ region: 'us-west-2', credentials, retryMode: 'adaptive' }), maxWaitTime: 10 },
    { PhoneNumberId: 'x' },
  );
  void fromClient;
  const config: WaiterConfiguration = { client: adaptive, maxWaitTime: 10 };
  void config;
}
void use;

async function misuse(): Promise<void> {
  // @ts-expect-error retryMode is 'standard' or 'adaptive'
  new ConnectClient({ region: 'us-west-2', credentials, retryMode: 'legacy' });
  // @ts-expect-error maxWaitTime is required
  await waitUntilPhoneNumberClaimed({ client: standard }, { PhoneNumberId: 'x' });
  // @ts-expect-error client is required
  await waitUntilPhoneNumberClaimed({ maxWaitTime: 10 }, { PhoneNumberId: 'x' });
  // @ts-expect-error seconds are numbers
  await waitUntilPhoneNumberClaimed({ client: standard, maxWaitTime: '10' }, { PhoneNumberId: 'x' });
  // @ts-expect-error the input needs a PhoneNumberId
  await waitUntilPhoneNumberClaimed({ client: standard, maxWaitTime: 10 }, {});
  // @ts-expect-error the result's state is SUCCESS only
  const state: 'FAILURE' = (await waitUntilPhoneNumberClaimed({ client: standard, maxWaitTime: 10 }, { PhoneNumberId: 'x' })).state;
  void state;
}
void misuse;

// fromCognitoIdentityPool: a provider ConnectClient takes; its options are checked by type.
import { fromCognitoIdentityPool, type CognitoIdentityCredentials } from 'connect-phone-wasm';
const cognito = fromCognitoIdentityPool({
  identityPoolId: 'us-west-2:11111111-2222-4333-8444-555555555555',
  logins: { 'cognito-idp.us-west-2.amazonaws.com/us-west-2_abc': async () => 'token', other: 'token' },
  cache: false,
});
new ConnectClient({ region: 'us-west-2', credentials: cognito });
new clientEntry.ConnectClient({ region: 'us-west-2', credentials: clientEntry.fromCognitoIdentityPool({ identityPoolId: 'x', cache: localStorage }) });
async function cognitoUse(): Promise<void> {
  const c = await cognito();
  expectType<Equal<typeof c, CognitoIdentityCredentials>>(true);
  const when: Date = c.expiration;
  const id: string = c.identityId;
  void when; void id;
  // @ts-expect-error identityPoolId is required
  fromCognitoIdentityPool({});
  // @ts-expect-error a login is a string or a function returning a Promise of one
  fromCognitoIdentityPool({ identityPoolId: 'x', logins: { p: 5 } });
  // @ts-expect-error cache is a Storage or false
  fromCognitoIdentityPool({ identityPoolId: 'x', cache: true });
}
void cognitoUse;
