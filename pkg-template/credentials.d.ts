// connect-phone-wasm/credentials (Node only): the credential providers of the AWS SDKs'
// default chain. Each returns an async provider for ConnectClient's `credentials` option;
// the client calls it lazily and again 5 minutes before `expiration`.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from './index.js';

export type { AwsCredentialIdentity, AwsCredentialIdentityProvider };

/**
 * What every provider rejects with. The message says which source failed and why (never a
 * secret); `tryNextLink` is true when the source is simply not configured here, which is when
 * `fromNodeProviderChain` moves on to the next one.
 */
export declare class CredentialsProviderError extends Error {
  readonly name: 'CredentialsProviderError';
  readonly tryNextLink: boolean;
  readonly $fault: 'client';
  /** On the chain's error when no source was there: every source it tried, and why each was absent. */
  readonly tried?: ReadonlyArray<{ readonly source: string; readonly message: string }>;
}

/** Where the shared files are, and which profile: as in the AWS SDK for JavaScript. */
export interface SharedFilesOptions {
  /** The profile (default: AWS_PROFILE, else "default"). */
  profile?: string | undefined;
  /** The credentials file (default: AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials). */
  filepath?: string | undefined;
  /** The config file (default: AWS_CONFIG_FILE, else ~/.aws/config). */
  configFilepath?: string | undefined;
}

/** The calling client's settings a provider may use: the Region for STS when the profile has none. */
export interface CallerClientConfig {
  clientConfig?: { region?: string | undefined } | undefined;
}

/**
 * The chain the AWS CLI and SDKs resolve, in their order: the environment (skipped when a
 * profile is named), the shared files' profile (assume role, static keys, web identity,
 * credential_process, SSO), web identity from the environment, the ECS container endpoint, and
 * EC2 instance metadata. A source that is configured but fails stops the chain with its error.
 *
 * In Node, `new ConnectClient({ region })` without `credentials` uses this chain.
 *
 * @example
 * import { ConnectClient } from 'connect-phone-wasm';
 * import { fromNodeProviderChain } from 'connect-phone-wasm/credentials';
 * const client = new ConnectClient({ region: 'us-west-2', credentials: fromNodeProviderChain({ profile: 'ops' }) });
 */
export declare function fromNodeProviderChain(options?: SharedFilesOptions & CallerClientConfig): AwsCredentialIdentityProvider;

/** AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_CREDENTIAL_EXPIRATION. */
export declare function fromEnv(): AwsCredentialIdentityProvider;

/**
 * A profile of the shared files, with everything it can configure: `role_arn` with
 * `source_profile` or `credential_source` (STS AssumeRole, signed by this package), static keys,
 * `web_identity_token_file`, `credential_process` and SSO (`sso_session` or the legacy keys).
 *
 * @example
 * new ConnectClient({ region: 'us-west-2', credentials: fromIni({ profile: 'ops' }) });
 */
export declare function fromIni(options?: SharedFilesOptions & CallerClientConfig): AwsCredentialIdentityProvider;

/** The profile's `credential_process`, run with no shell; its JSON must be `Version: 1`. */
export declare function fromProcess(options?: SharedFilesOptions): AwsCredentialIdentityProvider;

/**
 * IAM Identity Center: the token `aws sso login` cached (refreshed through SSO OIDC when it is
 * about to expire, and written back), then the portal's role credentials.
 */
export declare function fromSSO(options?: SharedFilesOptions): AwsCredentialIdentityProvider;

/** AssumeRoleWithWebIdentity with a token file, read again on every refresh. */
export interface FromTokenFileOptions extends CallerClientConfig {
  /** Default: AWS_WEB_IDENTITY_TOKEN_FILE. */
  webIdentityTokenFile?: string | undefined;
  /** Default: AWS_ROLE_ARN. */
  roleArn?: string | undefined;
  /** Default: AWS_ROLE_SESSION_NAME, else a generated name. */
  roleSessionName?: string | undefined;
}

/** AssumeRoleWithWebIdentity (unsigned) with the token in a file: EKS and other OIDC workloads. */
export declare function fromTokenFile(options?: FromTokenFileOptions): AwsCredentialIdentityProvider;

/** Timeouts of the metadata providers. */
export interface RemoteProviderOptions {
  /** Milliseconds per request (default 1000). */
  timeout?: number | undefined;
  /** Retries after the first attempt (default 3 for ECS, 0 for EC2). */
  maxRetries?: number | undefined;
}

/**
 * The ECS (or EKS Pod Identity) credentials endpoint: AWS_CONTAINER_CREDENTIALS_FULL_URI
 * (HTTPS, loopback, 169.254.170.2, 169.254.170.23 or [fd00:ec2::23]) or
 * AWS_CONTAINER_CREDENTIALS_RELATIVE_URI on 169.254.170.2, with the token of
 * AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE or AWS_CONTAINER_AUTHORIZATION_TOKEN.
 */
export declare function fromContainerMetadata(options?: RemoteProviderOptions): AwsCredentialIdentityProvider;

/**
 * EC2 instance metadata, IMDSv2 (falling back to IMDSv1 on 403, 404 or 405 from the token call,
 * unless AWS_EC2_METADATA_V1_DISABLED). AWS_EC2_METADATA_DISABLED=true skips it;
 * AWS_EC2_METADATA_SERVICE_ENDPOINT moves it.
 */
export declare function fromInstanceMetadata(options?: RemoteProviderOptions): AwsCredentialIdentityProvider;
