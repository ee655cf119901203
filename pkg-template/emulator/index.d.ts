// Types of connect-phone-wasm/emulator: a local Amazon Connect (DescribePhoneNumber) and
// Cognito Identity for tests, Node only. See the README, "Testing your app".

/** A credential the emulator accepts (the fixtures' test keys: they are not secrets of yours). */
export interface EmulatorCredential {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** The session token is expired: every request signed with it gets 403 ExpiredTokenException. */
  expired?: boolean;
  /** Expired from then on, on the emulator clock (a Date, as `AwsCredentialIdentity` has it). */
  expiration?: Date;
}

/** The members of Connect's ClaimedPhoneNumberSummary, as the fixtures give them. */
export interface EmulatorPhoneNumberSummary {
  PhoneNumberId: string;
  PhoneNumberArn: string;
  PhoneNumber?: string;
  PhoneNumberCountryCode?: string;
  PhoneNumberType?: string;
  PhoneNumberDescription?: string;
  TargetArn?: string;
  InstanceId?: string;
  Tags?: Record<string, string>;
  PhoneNumberStatus?: { Status: 'CLAIMED' | 'IN_PROGRESS' | 'FAILED'; Message?: string };
  SourcePhoneNumberArn?: string;
}

/** A number of the fixtures, by name on `emu.fixtures`. */
export interface EmulatorFixture {
  id: string;
  /** Found only by its full ARN in the emulator's first Region (a traffic distribution group number). */
  arnOnly?: true;
  /** A traffic distribution group number: found by UUID only from this Region, elsewhere by ARN only. */
  homeRegion?: string;
  /** The Regions it is served in (all of the emulator's when absent). */
  regions?: readonly string[];
  /** Status transitions: 404 for `notFoundFor` describes, IN_PROGRESS for `inProgressFor`, then `then`. */
  claim?: { notFoundFor: number; inProgressFor: number; then: 'CLAIMED' | 'FAILED'; message?: string };
  summary: EmulatorPhoneNumberSummary;
}

/** A fresh, isolated phone number made by `scenario` or `claim`. */
export interface EmulatorNumber {
  id: string;
  arn: string;
  instanceArn: string;
  /** The UUID of the fixture it was cloned from. */
  fixture: string;
}

/**
 * What an injected fault does to the next authenticated describe: an AWS error (`'429'`,
 * `'500'`, `'503'`, `'accessDenied'`, `'expiredToken'`, `'tooManyRequests'`), a gateway page
 * (`'504'`, `'html502'`, `'html200'`), a broken body (`'invalidJson'`, `'wrongShape'`,
 * `'truncated'`, `'huge'`), a broken connection (`'drop'`, `'resetMidBody'`), or a delay
 * (`'slow:MS'`, at most 600000).
 */
export type EmulatorFault =
  | '429' | '500' | '503' | '504' | 'html502' | 'html200' | 'accessDenied' | 'expiredToken' | 'tooManyRequests'
  | 'truncated' | 'invalidJson' | 'wrongShape' | 'drop' | 'resetMidBody' | 'huge' | `slow:${number}`;

/** One request in the log. */
export interface EmulatorRequest {
  method: string;
  /** The raw path, still percent-encoded. */
  path: string;
  /** The raw query string, without '?'. */
  query: string;
  /** Every request header, names lower-case. */
  headers: Record<string, string | string[] | undefined>;
  /** ISO 8601, real clock. */
  time: string;
  /** The status sent, or null until it is sent. */
  status: number | null;
}

/** The request of `verifySigV4`, and of `extraVerifier`. */
export interface SigV4Request {
  method?: string;
  /** The raw request path, still percent-encoded (Node's `req.url` before '?'). */
  path?: string;
  /** The raw query string, without '?'. */
  query?: string;
  /** Lower-case header names, as Node's `req.headers`. */
  headers: Record<string, string | string[] | undefined>;
  body?: Uint8Array | string;
  /** The service the credential scope must name, such as `connect` or `sts`. */
  service: string;
  /** The Region, or the Regions, the scope may name. */
  region: string | readonly string[];
  /** The verifier's clock, epoch ms. Default: now. */
  nowMs?: number;
  /** The credential of an access key id (undefined for an unknown key). `expiresAt` is epoch ms. */
  findCredential(accessKeyId: string):
    | { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expired?: boolean; expiresAt?: number }
    | undefined;
}

/** Why `verifySigV4` refused a request. */
export interface SigV4Failure {
  /**
   * The AWS error name: for `service: 'sts'` as STS sends them (`SignatureDoesNotMatch`,
   * `InvalidClientTokenId`, `ExpiredToken`, `IncompleteSignature`, `MissingAuthenticationToken`),
   * for the rest as Connect does (`InvalidSignatureException`, `UnrecognizedClientException`,
   * `ExpiredTokenException`, `IncompleteSignatureException`, `MissingAuthenticationTokenException`).
   */
  name: string;
  /** AWS's wording; a skew message reads "Signature expired: … is now earlier than …". Never a secret. */
  message: string;
  /** The HTTP status AWS sends with it. */
  status: number;
  reason: 'missing' | 'incomplete' | 'unknownKey' | 'expired' | 'scope' | 'skew' | 'mismatch';
}

/**
 * Verifies a SigV4 `Authorization` header with the package's own signer (in a WASM instance
 * of its own). Resolves to null when authentic.
 *
 * ```js
 * const failure = await verifySigV4({ method: req.method, path, query, headers: req.headers, body,
 *   service: 'sts', region: 'us-east-1', findCredential: (id) => keys.get(id) });
 * if (failure) res.writeHead(failure.status).end(failure.name);
 * ```
 */
export declare function verifySigV4(request: SigV4Request): Promise<SigV4Failure | null>;

/** The JSON fixtures format (emulator/fixtures.schema.json in the package). */
export interface EmulatorFixtures {
  $schema?: string;
  description?: string;
  /** The Regions served; the first one is the default. Default `["us-west-2"]`. */
  regions?: string[];
  /** The account of the numbers that give none. Default `123456789012`. */
  accountId?: string;
  /** A well-formed id that is never found (404). */
  unknownId?: string;
  numbers?: Array<{
    name: string;
    id: string;
    accountId?: string;
    regions?: string[];
    homeRegion?: string;
    description?: string;
    summary: Partial<EmulatorPhoneNumberSummary> & { PhoneNumber: string };
    claim?: { notFoundFor?: number; inProgressFor?: number; then?: 'CLAIMED' | 'FAILED'; message?: string };
  }>;
  credentials?: Array<EmulatorCredential & { name?: string; description?: string }>;
  rateLimit?: { rate: number; burst?: number } | null;
  cognitoPools?: Array<{
    id: string;
    allowUnauthenticated?: boolean;
    credentialsTtlSeconds?: number;
    /** `{ provider: [tokens] }` or `{ provider: { subject: token | [tokens] } }`. */
    logins?: Record<string, string[] | Record<string, string | string[]>>;
  }>;
}

/** The options of `startEmulator`. */
export interface EmulatorOptions {
  /** The address to bind. Default `127.0.0.1`: anything else must be asked for. */
  host?: string;
  /** The port; 0 (the default) picks a free one. */
  port?: number;
  /** A fixtures file (path), fixtures JSON, or nothing for the default fixtures. A bad one rejects with a `FixturesError`. */
  fixtures?: string | URL | EmulatorFixtures;
  /** The Region or Regions to serve, instead of the fixtures'. */
  region?: string | string[];
  /** More credentials to accept; `reset()` keeps them. */
  credentials?: Array<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date | string | number }>;
  /** Check signatures. Default `true`; `false` accepts any request. */
  verifySignatures?: boolean;
  /** No request log. Default `true`; `false` logs one line per request to stderr. */
  quiet?: boolean;
  /** Where the request log goes, one line at a time (instead of stderr). */
  log?: (line: string) => void;
  /** The rate limit's clock (ms). Default `performance.now()`: for tests that need exact counts. */
  monotonicNow?: () => number;
  /**
   * A second check after the emulator's own, for a test suite that must not rest on this
   * package's signer alone (this project's own tests run @smithy/signature-v4 here). A failure
   * is answered as a 403 with its `name` (an unknown name as InvalidSignatureException).
   */
  extraVerifier?: (request: SigV4Request) => Promise<Pick<SigV4Failure, 'name' | 'message'> | null | undefined>;
}

/** A running emulator. Invalid arguments to its methods throw a `TypeError`. */
export interface Emulator {
  /** `http://127.0.0.1:PORT`: the `endpoint` of a `ConnectClient`. */
  url: string;
  host: string;
  port: number;
  /** The first Region. */
  region: string;
  regions: string[];
  accountId: string;
  /** A well-formed id that is never found. */
  unknownId: string;
  /** The fixtures' numbers by name. */
  fixtures: Readonly<Record<string, EmulatorFixture>>;
  /** The fixtures' credentials by name (by default `longTerm`, `temporary` and `expired`). */
  credentials: Readonly<Record<string, EmulatorCredential>>;
  cognitoPools: ReadonlyArray<NonNullable<EmulatorFixtures['cognitoPools']>[number]>;
  /** A fresh number cloned from a fixture (by name or UUID; default the first), with queued faults and its own clock offset. */
  scenario(options?: { fixture?: string; faults?: EmulatorFault[]; clockOffsetMs?: number }): EmulatorNumber;
  /** A fresh number being claimed: 404 `notFoundFor` times, IN_PROGRESS `inProgressFor` times, then `then`. */
  claim(options?: { inProgressFor?: number; notFoundFor?: number; then?: 'CLAIMED' | 'FAILED'; message?: string; fixture?: string }): EmulatorNumber;
  /** Queue a fault for the next `count` (default 1) authenticated describes of `id` (UUID or ARN), or of any number. */
  fault(fault: EmulatorFault, options?: { id?: string; count?: number }): { fault: EmulatorFault; id: string | null; queued: number };
  /** Turn the shared rate limit on (`{ rate, burst }`, a full bucket) or off (`null`). */
  rateLimit(options: { rate: number; burst?: number } | { rate: null } | null): { rate: number | null; burst: number | null };
  /** Set the emulator clock: the time it reads now (Date, ISO string, epoch ms, `{ now }`) or `{ offsetMs }` from the real clock. */
  setClock(time: Date | string | number | { now: Date | string | number } | { offsetMs: number }): { offsetMs: number; now: string };
  setClockOffset(offsetMs: number): { offsetMs: number; now: string };
  /** Accept more credentials, such as those a fake STS, SSO, IMDS or ECS endpoint issued; expired ones get ExpiredTokenException. */
  addCredentials(
    credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date | string | number }
      | Array<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date | string | number }>,
  ): Array<{ accessKeyId: string; expired: boolean; expiresAt?: string }>;
  addCredential(credential: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expired?: boolean;
    expiresAt?: Date | string | number }): { accessKeyId: string; expired: boolean; expiresAt?: string };
  /** The requests for one number (UUID or ARN), or every Connect request; the newest 1000. */
  requests(id?: string): { count: number; requests: EmulatorRequest[] };
  stats(): { total: number; scenarios: number; ok: number; throttled: number };
  /** Back to the start: scenarios, faults, logs, counters, clock, credentials, rate limit and Cognito as at start. */
  reset(): void;
  cognitoPool(options?: { id?: string; allowUnauthenticated?: boolean; logins?: Record<string, unknown>; credentialsTtlSeconds?: number }): { id: string };
  cognitoFault(options: { operation: 'GetId' | 'GetCredentialsForIdentity'; error: string; count?: number; identityPoolId?: string;
    message?: string; status?: number }): { operation: string; error: string; count: number; identityPoolId: string | null };
  cognitoRequests(identityPoolId?: string): { count: number; requests: Array<Record<string, unknown>> };
  /** Stops listening and ends every connection. */
  close(): Promise<void>;
}

/**
 * Starts the emulator (Node only).
 *
 * ```js
 * import { startEmulator } from 'connect-phone-wasm/emulator';
 * import { ConnectClient } from 'connect-phone-wasm';
 * const emu = await startEmulator({ port: 0 });
 * const client = new ConnectClient({ region: emu.region, endpoint: emu.url, credentials: emu.credentials.longTerm });
 * const { ClaimedPhoneNumberSummary } = await client.describePhoneNumber({ PhoneNumberId: emu.fixtures.US_DID_CLAIMED.id });
 * emu.fault('503', { id: emu.fixtures.US_DID_CLAIMED.id }); // the next describe of it gets a 503
 * await emu.close();
 * ```
 */
export declare function startEmulator(options?: EmulatorOptions): Promise<Emulator>;

/** A fixtures file or object that cannot be used. */
export declare class FixturesError extends Error {
  name: 'FixturesError';
  /** The file, or `<fixtures>` for an object. */
  path: string;
  /** Where in it, such as `numbers[2].summary.PhoneNumber` ('' for the whole). */
  pointer: string;
  reason: string;
}

/** Reads and checks a fixtures file. Throws a `FixturesError` naming the file and the reason. */
export declare function loadFixtures(path: string | URL, options?: { regions?: string[] }): unknown;
/** Checks fixtures JSON. Throws a `FixturesError`. */
export declare function parseFixtures(json: unknown, options?: { source?: string; regions?: string[] }): unknown;
/** The default fixtures, as JSON (a fresh copy). */
export declare function defaultFixtures(): EmulatorFixtures;
/** Whether a string is a known fault spec. */
export declare function validateFault(spec: unknown): spec is EmulatorFault;
/** A `{PhoneNumberId}` path segment (percent-encoded) as the emulator reads it, or null. */
export declare function parsePhoneNumberId(rawSegment: string): { uuid: string; viaArn: boolean } | null;
/** The skew allowed between a request's X-Amz-Date and the verifier's clock: 5 minutes. */
export declare const MAX_SKEW_MS: number;
/** Cognito Identity's error names and their HTTP status. */
export declare const COGNITO_ERRORS: Readonly<Record<string, number>>;
/** The emulator-only error for a Cognito call that carried a signature or a session token. */
export declare const UNEXPECTED_SIGNATURE: 'UnexpectedSignatureException';
