// Types of the connect-phone-wasm package. The model types come from model.d.ts, which is
// generated from the AWS model by scripts/gen-model.mjs. Relative imports carry `.js` so the
// file resolves under every `moduleResolution` (`node16`/`nodenext` need the extension).
import type { ClaimedPhoneNumberSummary, DescribePhoneNumberModeledError } from './model.js';

export * from './model.js';

/** AWS credentials: a key pair and, for temporary credentials, a session token. */
export interface AwsCredentialIdentity {
  /** The access key id (`AKIA…` for long-term keys, `ASIA…` for temporary ones). */
  accessKeyId: string;
  /** The secret access key. It never appears in an error, a log or a returned value. */
  secretAccessKey: string;
  /** The session token of temporary credentials (sent as `x-amz-security-token`). */
  sessionToken?: string | undefined;
  /** When temporary credentials expire; a provider is asked again 5 minutes before. */
  expiration?: Date | undefined;
}

/**
 * An async credential provider, such as one from `@aws-sdk/credential-providers`: called
 * lazily, shared by concurrent calls, and called again 5 minutes before `expiration`.
 */
export type AwsCredentialIdentityProvider = () => Promise<AwsCredentialIdentity>;

/** The options of `new ConnectClient(…)`. */
export interface ConnectClientConfig {
  /** The region, such as `us-west-2`. It must be a DNS label: lower-case letters, digits and dashes. */
  region: string;
  /**
   * Credentials, or an async provider of them. Without them, in Node, the client resolves
   * them with the AWS SDKs' default chain (`fromNodeProviderChain` of
   * `connect-phone-wasm/credentials`, with this client's region for STS); elsewhere every call
   * rejects with a `CredentialsError`.
   */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
  /**
   * A custom endpoint URL, such as a local emulator (`http://127.0.0.1:8080`). It replaces the
   * resolved `https://connect.{region}.{dnsSuffix}`. Not allowed with FIPS or dual-stack.
   */
  endpoint?: string | undefined;
  /** Use the FIPS endpoint. Default `false`. */
  useFipsEndpoint?: boolean | undefined;
  /** Use the dual-stack (IPv4 and IPv6) endpoint. Default `false`. */
  useDualstackEndpoint?: boolean | undefined;
  /** Total attempts per call, as the AWS SDKs count them (1 means no retry). Default 3. */
  maxAttempts?: number | undefined;
  /** Milliseconds each attempt may take; 0 (the default) for no limit. */
  requestTimeout?: number | undefined;
  /** Milliseconds to add to the local clock when signing; updated by clock-skew correction. Default 0. */
  systemClockOffset?: number | undefined;
  /** The `fetch` to use. Default: the global `fetch`, looked up at each call. */
  fetch?: typeof globalThis.fetch | undefined;
  /**
   * How calls retry, as in the AWS SDKs. `'standard'` (the default): backoff with jitter and
   * a retry quota. `'adaptive'`: the same, plus a client-side rate limiter, shared by all
   * the client's calls, that turns on at the first throttling response and then makes each
   * attempt wait for a token at the rate it learns from throttling.
   */
  retryMode?: RetryMode | undefined;
}

/** The values of `retryMode`. */
export type RetryMode = 'standard' | 'adaptive';

/** The input of `DescribePhoneNumber`. */
export interface DescribePhoneNumberInput {
  /**
   * The identifier of the phone number: a UUID, or its full ARN.
   *
   * A number claimed to a traffic distribution group can be described by UUID only from the
   * Region where the group was created. From the group's other Region, pass the full phone
   * number ARN: a UUID there gives a `ResourceNotFoundException`.
   */
  PhoneNumberId: string | undefined;
}

/**
 * What the AWS SDKs report about a call (`$metadata`), on outputs and on errors. The members
 * are typed as in `@smithy/types` (`?: T`, without `| undefined`), so an output is assignable to
 * the SDK's even under `exactOptionalPropertyTypes`.
 */
export interface ResponseMetadata {
  /** The HTTP status code of the last response. */
  httpStatusCode?: number;
  /** The `x-amzn-RequestId` of the last response: quote it to AWS Support. */
  requestId?: string;
  /** The `x-amz-id-2` of the last response, when there is one (Connect sends none). */
  extendedRequestId?: string;
  /** The `x-amz-cf-id` of the last response, when there is one (Connect sends none). */
  cfId?: string;
  /** How many attempts were made, retries included. */
  attempts?: number;
  /** Milliseconds spent waiting between attempts. */
  totalRetryDelay?: number;
}

/** The output of `DescribePhoneNumber`. */
export interface DescribePhoneNumberOutput {
  /** The number, with everything Amazon Connect says about it. */
  ClaimedPhoneNumberSummary?: ClaimedPhoneNumberSummary | undefined;
  /** What the client saw of the call: status, request id, attempts. */
  $metadata: ResponseMetadata;
}

/** Options for one call. */
export interface HttpHandlerOptions {
  /** Aborts the call at once, during a request or during a backoff sleep: it rejects with an `AbortError`. */
  abortSignal?: AbortSignal | undefined;
}

/** The names of the errors the client raises itself (rather than the service). */
export type ClientErrorName =
  | 'ValidationError'
  | 'CredentialsError'
  | 'TimeoutError'
  | 'AbortError'
  | 'NetworkError'
  | 'ResponseParseError'
  | 'UnknownError';

/**
 * Every error a call rejects with: an `Error` whose `name` is the AWS error type (modelled
 * errors, or others such as `InvalidSignatureException` and `ExpiredTokenException`), or one
 * of the client's own names. Narrow it by `name`: see {@link DescribePhoneNumberError}.
 */
export interface ConnectServiceError extends Error {
  /** The AWS error type (`x-amzn-ErrorType` without its namespace), or one of {@link ClientErrorName}. */
  name: DescribePhoneNumberModeledError | ClientErrorName | (string & {});
  /** The message of the service, or the client's explanation. It never holds a secret. */
  message: string;
  /** `client` for 4xx and caller mistakes, `server` for 5xx and transport failures. */
  $fault: 'client' | 'server';
  /** Present on errors that were retryable; `throttling` is `true` for throttling errors. */
  $retryable?: { throttling?: boolean | undefined } | undefined;
  /** What the client saw of the call: status, request id, attempts. */
  $metadata: ResponseMetadata;
  /** The HTTP status of an `UnknownError` or `ResponseParseError`. */
  statusCode?: number | undefined;
}

/** A `ConnectServiceError` with a known `name` and the `$fault` that name always has. */
interface NamedError<N extends string, F extends 'client' | 'server'> extends ConnectServiceError {
  name: N;
  $fault: F;
}

/** 400: the `PhoneNumberId` is neither a UUID nor a phone number ARN. */
export interface InvalidParameterException extends NamedError<'InvalidParameterException', 'client'> {}
/** 404: no such number, or a traffic distribution group number asked for by UUID from its other Region. */
export interface ResourceNotFoundException extends NamedError<'ResourceNotFoundException', 'client'> {}
/** 429: throttled, after the retries ran out. */
export interface ThrottlingException extends NamedError<'ThrottlingException', 'client'> {}
/** 500: Amazon Connect failed, after the retries ran out. */
export interface InternalServiceException extends NamedError<'InternalServiceException', 'server'> {}
/** 403: the credentials may not call `connect:DescribePhoneNumber` on this number. */
export interface AccessDeniedException extends NamedError<'AccessDeniedException', 'client'> {}
/** The input or the client options were invalid: nothing was sent. */
export interface ValidationError extends NamedError<'ValidationError', 'client'> {}
/**
 * The credentials were missing, malformed, or their provider rejected. A provider's exception
 * is quoted in the message, and copied (name and message) as the `cause`, with anything that
 * looks like a key or token masked: the raw exception, whose message and stack may quote a
 * secret, is not handed back.
 */
export interface CredentialsError extends NamedError<'CredentialsError', 'client'> {}
/** An attempt took longer than `requestTimeout`, after the retries ran out. */
export interface TimeoutError extends NamedError<'TimeoutError', 'server'> {}
/** The `abortSignal` fired. */
export interface AbortError extends NamedError<'AbortError', 'client'> {}
/** `fetch` failed (DNS, connection, CORS, a cut-off body), after the retries ran out. */
export interface NetworkError extends NamedError<'NetworkError', 'server'> {}
/** A 2xx response whose body is not the model's JSON; `statusCode` holds its status. */
export interface ResponseParseError extends ConnectServiceError {
  name: 'ResponseParseError';
  statusCode: number;
}
/** A non-2xx response with no AWS error type; `statusCode` holds its status. */
export interface UnknownError extends ConnectServiceError {
  name: 'UnknownError';
  statusCode: number;
}

/**
 * The errors `describePhoneNumber` rejects with, as a union to narrow by `name`:
 *
 * ```ts
 * catch (e) {
 *   const err = e as DescribePhoneNumberError;
 *   if (err.name === 'ResourceNotFoundException') …
 * }
 * ```
 *
 * Other AWS error types (such as `ExpiredTokenException`) arrive as a plain `ConnectServiceError`.
 */
export type DescribePhoneNumberError =
  | InvalidParameterException
  | ResourceNotFoundException
  | ThrottlingException
  | InternalServiceException
  | AccessDeniedException
  | ValidationError
  | CredentialsError
  | TimeoutError
  | AbortError
  | NetworkError
  | ResponseParseError
  | UnknownError;

/**
 * The Amazon Connect client. It is ready as soon as the package import resolves: no `init()`.
 * The constructor never throws; a bad option makes every call reject with a `ValidationError`.
 */
export declare class ConnectClient {
  constructor(config: ConnectClientConfig);
  /**
   * `GET /phone-number/{PhoneNumberId}`, signed with SigV4, with retries.
   * Rejects with a {@link ConnectServiceError} (see {@link DescribePhoneNumberError}).
   */
  describePhoneNumber(input: DescribePhoneNumberInput, options?: HttpHandlerOptions): Promise<DescribePhoneNumberOutput>;
  /** The clock offset in milliseconds (server minus local), updated by clock-skew correction. */
  systemClockOffset: number;
  /** Frees the client's WASM memory (its credentials and signing keys are wiped). */
  free(): void;
  /** Same as `free()`, for `using client = new ConnectClient(…)`. */
  [Symbol.dispose](): void;
}

/** The options of `fromCognitoIdentityPool`. */
export interface FromCognitoIdentityPoolOptions {
  /** The identity pool, `REGION:GUID`; its Region prefix is the default `region`. */
  identityPoolId: string;
  /** The Cognito Identity Region. Default: the pool id's prefix. */
  region?: string | undefined;
  /**
   * Identity provider tokens for an authenticated identity, such as
   * `{ 'cognito-idp.us-west-2.amazonaws.com/us-west-2_abc': idToken }`. A function is called
   * once per refresh (ID tokens expire), and its token used for both calls of that refresh.
   */
  logins?: Record<string, string | (() => Promise<string>)> | undefined;
  /** The role to assume, when the pool allows choosing one. */
  customRoleArn?: string | undefined;
  /** The cache key of an authenticated identity: without one, its identity id is not stored. */
  userIdentifier?: string | undefined;
  /** Where identity ids (never credentials) are kept: a `Storage`, or `false` for memory only. Default: `localStorage` where it exists, else memory. */
  cache?: Storage | false | undefined;
  /** Default `https://cognito-identity.{region}.{dnsSuffix}`; for example a local emulator. */
  endpoint?: string | undefined;
  /** The `fetch` to use. Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
}

/** What a Cognito provider resolves to: temporary credentials and the identity they are for. */
export interface CognitoIdentityCredentials extends AwsCredentialIdentity {
  sessionToken: string;
  expiration: Date;
  identityId: string;
}

/**
 * Temporary credentials from an Amazon Cognito identity pool (`GetId`, then
 * `GetCredentialsForIdentity`; both unsigned), for a browser console that must hold no keys.
 * Pass it as `credentials`: the client calls it lazily and again 5 minutes before `expiration`.
 * A bad option throws a `ValidationError` at once. A failed call rejects with the Cognito
 * error's name (`NotAuthorizedException`, `ResourceNotFoundException`,
 * `TooManyRequestsException`, …), with `$fault` and `$metadata`; under `ConnectClient` it is the
 * `cause` of a `CredentialsError`.
 *
 * ```ts
 * const client = new ConnectClient({ region: 'us-west-2', credentials: fromCognitoIdentityPool({ identityPoolId }) });
 * ```
 */
export declare function fromCognitoIdentityPool(
  options: FromCognitoIdentityPoolOptions,
): () => Promise<CognitoIdentityCredentials>;

/** The states a waiter ends in, as in `@smithy/util-waiter`. */
export type WaiterState = 'SUCCESS' | 'FAILURE' | 'TIMEOUT' | 'ABORTED';

/** The first argument of `waitUntilPhoneNumberClaimed`. Times are in seconds (fractions allowed). */
export interface WaiterConfiguration {
  /** The client to describe with (either entry's `ConnectClient`). */
  client: ConnectClient;
  /** The most seconds to wait in all; required, above `minDelay`. No wait starts that would end past it. */
  maxWaitTime: number;
  /** The first and shortest wait between two attempts, in seconds. Default 2. */
  minDelay?: number | undefined;
  /** The longest wait between two attempts, in seconds, at least `minDelay`. Default 120. */
  maxDelay?: number | undefined;
  /** Cancels the wait, during a call or between calls: it rejects with an `AbortError`. */
  abortSignal?: AbortSignal | undefined;
}

/** What `waitUntilPhoneNumberClaimed` resolves to: the `CLAIMED` number, with `$metadata`. */
export interface WaiterResult {
  state: 'SUCCESS';
  reason: DescribePhoneNumberOutput;
}

/** The claim `FAILED`: `reason` is the last output; the message quotes `PhoneNumberStatus.Message`. */
export interface WaiterFailure extends Error {
  name: 'WaiterFailure';
  state: 'FAILURE';
  reason: DescribePhoneNumberOutput;
}

/** `maxWaitTime` ran out: `reason` is the last output or the last error (a `ResourceNotFoundException`). */
export interface WaiterTimeoutError extends Error {
  name: 'TimeoutError';
  state: 'TIMEOUT';
  reason: DescribePhoneNumberOutput | DescribePhoneNumberError | undefined;
}

/** The `abortSignal` fired: no request is sent after it. */
export interface WaiterAbortError extends Error {
  name: 'AbortError';
  state: 'ABORTED';
  reason: DescribePhoneNumberOutput | DescribePhoneNumberError | undefined;
}

/**
 * Describes a phone number until its claim is `CLAIMED` (after `ClaimPhoneNumber`,
 * `UpdatePhoneNumber` or `UpdatePhoneNumberMetadata`, it is `IN_PROGRESS` for a while).
 * `IN_PROGRESS` and `ResourceNotFoundException` (a number just claimed may not be visible
 * yet) wait on; `CLAIMED` resolves; `FAILED` rejects with a `WaiterFailure`; running out of
 * `maxWaitTime` with a `TimeoutError`; an abort with an `AbortError` (each with `state` and
 * `reason`). Throttling and transient errors (5xx, network, timeout) that outlast the
 * client's own retries wait on too; any other error (`AccessDeniedException`,
 * `ValidationError`, …) rejects at once, as the client gave it. Bad timing values
 * (`maxWaitTime` must be above `minDelay`) are a `ValidationError`, and nothing is sent.
 *
 * ```ts
 * const { reason } = await waitUntilPhoneNumberClaimed({ client, maxWaitTime: 120 }, { PhoneNumberId });
 * console.log(reason.ClaimedPhoneNumberSummary?.PhoneNumberStatus?.Status); // 'CLAIMED'
 * ```
 */
export declare function waitUntilPhoneNumberClaimed(
  params: WaiterConfiguration,
  input: DescribePhoneNumberInput,
): Promise<WaiterResult>;

/** A request to sign. */
export interface SignableRequest {
  /** The HTTP method. Default `GET`. */
  method?: string | undefined;
  /** An absolute http(s) URL, query included. */
  url: string;
  /** Headers to sign along (names in any case; values are trimmed as SigV4 requires). */
  headers?: Record<string, string> | undefined;
  /** The body, hashed into the signature. Default: empty. */
  body?: string | Uint8Array | undefined;
}

/** How to sign. */
export interface SignOptions {
  /** The region of the scope, such as `us-west-2`. */
  region: string;
  /** The signing name of the service, such as `connect`. */
  service: string;
  /** The credentials to sign with (an object: a provider is for `ConnectClient` only). */
  credentials: AwsCredentialIdentity;
  /** The time of the signature. Default: now. */
  signingDate?: Date | undefined;
  /** Default `true`: normalise and encode the path again (every service but S3). `false` for S3. */
  uriEscapePath?: boolean | undefined;
  /** Default `false`. `true` adds `x-amz-content-sha256` (S3 wants it). */
  applyChecksum?: boolean | undefined;
  /** Default `false`. `true` signs `UNSIGNED-PAYLOAD` instead of the body's hash. */
  unsignedPayload?: boolean | undefined;
}

/** How to presign: the signing options and how long the URL stays valid. */
export interface PresignOptions extends SignOptions {
  /** Seconds the URL stays valid: a whole number from 1 to 604800 (7 days). */
  expiresIn: number;
}

/** A signed request, ready for `fetch`. Header names are lower-case; `host` is left to `fetch`. */
export interface SignedRequest {
  /** The method, as given (default `GET`). */
  method: string;
  /**
   * The URL normalised as `fetch` sends it (WHATWG rules; IP hosts rewritten; `^` and `|` in the
   * path escaped). Fetch this URL, not the one you passed: the signature covers these bytes.
   */
  url: string;
  /** The headers to send: the request's own, `x-amz-date`, `authorization` and, for temporary credentials, `x-amz-security-token`. */
  headers: Record<string, string>;
}

/** Signs a request with SigV4. Throws an `Error` named `ValidationError` for bad input. */
export declare function signRequest(request: SignableRequest, options: SignOptions): SignedRequest;

/** Presigns a request: returns its URL with the signature in the query. Throws a `ValidationError` for bad input. */
export declare function presignUrl(request: SignableRequest, options: PresignOptions): string;

/**
 * Drops and wipes every signing key (and the secret it came from) that `signRequest` and
 * `presignUrl` cache, and the credentials of their last call, for a process that signs for
 * many callers and wants none kept.
 */
export declare function clearSigningKeyCache(): void;
