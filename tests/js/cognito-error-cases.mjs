// The Cognito errors both fromCognitoIdentityPool tests (Node and Chromium) queue, with the
// operation that fails and how many attempts the provider makes: throttling and 5xx are retried.
export const COGNITO_ERROR_CASES = [
  ['GetId', 'NotAuthorizedException', 1],
  ['GetId', 'ResourceNotFoundException', 1],
  ['GetId', 'InvalidIdentityPoolConfigurationException', 1],
  ['GetId', 'ResourceConflictException', 1],
  ['GetCredentialsForIdentity', 'ExternalServiceException', 1],
  ['GetCredentialsForIdentity', 'InvalidParameterException', 1],
  ['GetCredentialsForIdentity', 'TooManyRequestsException', 3],
  ['GetId', 'InternalErrorException', 3],
];
