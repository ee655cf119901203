// fromEnv: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION.
import { absent, checkedCredentials, failed, withSource } from './error.mjs';

export function fromEnv() {
  return async () => {
    const env = process.env;
    const id = env.AWS_ACCESS_KEY_ID;
    const secret = env.AWS_SECRET_ACCESS_KEY;
    if (!id && !secret) throw absent('environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set');
    if (!id || !secret) {
      throw failed(`environment: ${id ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID'} is not set, but ${id ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY'} is`);
    }
    const credentials = checkedCredentials('environment', {
      accessKeyId: id,
      secretAccessKey: secret,
      sessionToken: env.AWS_SESSION_TOKEN,
      expiration: env.AWS_CREDENTIAL_EXPIRATION,
    });
    return withSource(credentials, 'environment');
  };
}
