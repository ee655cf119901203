// Types of connect-phone-wasm/client: the client and the model of the main entry, without
// signRequest, presignUrl and clearSigningKeyCache.
export * from '../model.js';
export { ConnectClient } from '../index.js';
export type {
  AbortError,
  AccessDeniedException,
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  ClientErrorName,
  ConnectClientConfig,
  ConnectServiceError,
  CredentialsError,
  DescribePhoneNumberError,
  DescribePhoneNumberInput,
  DescribePhoneNumberOutput,
  HttpHandlerOptions,
  InternalServiceException,
  InvalidParameterException,
  NetworkError,
  ResourceNotFoundException,
  ResponseMetadata,
  ResponseParseError,
  ThrottlingException,
  TimeoutError,
  UnknownError,
  ValidationError,
} from '../index.js';
