// Types of the connect-phone-wasm package. The model types come from model.d.ts, which is
// generated from the AWS model by scripts/gen-model.mjs.
import type { ClaimedPhoneNumberSummary, DescribePhoneNumberModeledError } from './model';

export * from './model';

/** AWS credentials. */
export interface AwsCredentialIdentity {
  /** The access key id (`AKIA…` or `ASIA…`). */
  accessKeyId: string;
  /** The secret access key. It never appears in an error, a log or a returned value. */
  secretAccessKey: string;
  /** The session token of temporary credentials. */
  sessionToken?: string | undefined;
  /** When temporary credentials expire; a provider is asked again 5 minutes before. */
  expiration?: Date | undefined;
}

/** An async credential provider: called lazily, shared by concurrent calls, refreshed before `expiration`. */
export type AwsCredentialIdentityProvider = () => Promise<AwsCredentialIdentity>;

/** The options of `ConnectClient`. */
export interface ConnectClientConfig {
  /** The region, such as `us-west-2`. It must be a DNS label: lower-case letters, digits and dashes. */
  region: string;
  /** Credentials, or an async provider of them. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** A custom endpoint URL, such as a local emulator (`http://127.0.0.1:8080`). Not allowed with FIPS or dual-stack. */
  endpoint?: string;
  /** Use the FIPS endpoint. Default `false`. */
  useFipsEndpoint?: boolean;
  /** Use the dual-stack (IPv4 and IPv6) endpoint. Default `false`. */
  useDualstackEndpoint?: boolean;
  /** Total attempts per call, as the AWS SDKs count them. Default 3. */
  maxAttempts?: number;
  /** Milliseconds each attempt may take; 0 (the default) for no limit. */
  requestTimeout?: number;
  /** Milliseconds to add to the local clock when signing; updated by clock-skew correction. */
  systemClockOffset?: number;
  /** The `fetch` to use. Default: the global `fetch`, looked up at each call. */
  fetch?: typeof globalThis.fetch;
}

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

/** What the AWS SDKs report about a call. */
export interface ResponseMetadata {
  /** The status code of the last response. */
  httpStatusCode?: number;
  /** `x-amzn-RequestId` of the last response. */
  requestId?: string;
  extendedRequestId?: string;
  cfId?: string;
  /** Attempts made. */
  attempts?: number;
  /** Milliseconds spent waiting between attempts. */
  totalRetryDelay?: number;
}

/** The output of `DescribePhoneNumber`. */
export interface DescribePhoneNumberOutput {
  /** The number, with everything Amazon Connect says about it. */
  ClaimedPhoneNumberSummary?: ClaimedPhoneNumberSummary | undefined;
  $metadata: ResponseMetadata;
}

/** Options for one call. */
export interface HttpHandlerOptions {
  /** Aborts the call at once: during a request or during a backoff sleep. */
  abortSignal?: AbortSignal;
}

/** The client's own error names. */
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
 * of the client's own names.
 */
export interface ConnectServiceError extends Error {
  name: DescribePhoneNumberModeledError | ClientErrorName | (string & {});
  /** `client` for 4xx and caller mistakes, `server` for 5xx and transport failures. */
  $fault: 'client' | 'server';
  /** Present on errors that were retryable. */
  $retryable?: { throttling?: boolean };
  $metadata: ResponseMetadata;
  /** The HTTP status of an `UnknownError` or `ResponseParseError`. */
  statusCode?: number;
}

/** The Amazon Connect client. */
export declare class ConnectClient {
  constructor(config: ConnectClientConfig);
  /** `GET /phone-number/{PhoneNumberId}`, signed with SigV4, with retries. Rejects with a `ConnectServiceError`. */
  describePhoneNumber(input: DescribePhoneNumberInput, options?: HttpHandlerOptions): Promise<DescribePhoneNumberOutput>;
  /** The clock offset in milliseconds (server minus local), updated by clock-skew correction. */
  systemClockOffset: number;
  /** Frees the client's WASM memory (its credentials and signing keys are wiped). */
  free(): void;
  [Symbol.dispose](): void;
}

/** A request to sign. */
export interface SignableRequest {
  /** Default `GET`. */
  method?: string;
  /** An absolute http(s) URL. */
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/** How to sign. */
export interface SignOptions {
  region: string;
  /** The signing name of the service, such as `connect`. */
  service: string;
  credentials: AwsCredentialIdentity;
  /** Default: now. */
  signingDate?: Date;
  /** Default `true`: normalise and encode the path again (every service but S3). `false` for S3. */
  uriEscapePath?: boolean;
  /** Default `false`: add `x-amz-content-sha256`. */
  applyChecksum?: boolean;
  /** Default `false`: sign `UNSIGNED-PAYLOAD` instead of the body's hash. */
  unsignedPayload?: boolean;
}

/** A signed request, ready for `fetch`. Header names are lower-case; `host` is left to `fetch`. */
export interface SignedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

/** Signs a request with SigV4. Throws an `Error` named `ValidationError` for bad input. */
export declare function signRequest(request: SignableRequest, options: SignOptions): SignedRequest;

/** Presigns a request: returns its URL with the signature in the query. `expiresIn` is 1 to 604800 seconds. */
export declare function presignUrl(request: SignableRequest, options: SignOptions & { expiresIn: number }): string;
