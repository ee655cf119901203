// fromTokenFile: AssumeRoleWithWebIdentity with the token in a file (Kubernetes/EKS service
// accounts), read again on every call so a rotated token is picked up.
import { readFileSync } from 'node:fs';
import { absent, failed, withSource } from './error.mjs';
import { loadSharedFiles, profileName } from './shared-files.mjs';
import { assumeRoleWithWebIdentity, defaultSessionName, providerCredentials, stsEndpoint } from './sts.mjs';

/** Reads the token; an unreadable file fails with its path and the reason. */
export function readTokenFile(path, source) {
  let token;
  try {
    token = readFileSync(path, 'utf8').trim();
  } catch (e) {
    throw failed(`${source}: cannot read the web identity token file ${path}: ${e.code ?? e.message}`);
  }
  if (!token) throw failed(`${source}: the web identity token file ${path} is empty`);
  return token;
}

/** Credentials for `roleArn` from the token in `tokenFile`. */
export async function webIdentityCredentials({ tokenFile, roleArn, roleSessionName, region, endpoint, durationSeconds, source }) {
  const webIdentityToken = readTokenFile(tokenFile, source);
  const done = await assumeRoleWithWebIdentity({
    region,
    endpoint,
    roleArn,
    roleSessionName: roleSessionName || defaultSessionName(),
    webIdentityToken,
    durationSeconds,
    subject: `${source}: AssumeRoleWithWebIdentity of ${roleArn}`,
  });
  return withSource(providerCredentials(done), source);
}

/** The profile's endpoint settings (endpoint_url, services), when the files can be read. */
function endpointContext() {
  try {
    const files = loadSharedFiles();
    return { profile: files.profiles[profileName()], files };
  } catch {
    return {};
  }
}

/**
 * @param {{ webIdentityTokenFile?: string, roleArn?: string, roleSessionName?: string, clientConfig?: { region?: string } }} [options]
 */
export function fromTokenFile(options = {}) {
  return async () => {
    const env = process.env;
    const tokenFile = options.webIdentityTokenFile ?? env.AWS_WEB_IDENTITY_TOKEN_FILE;
    const roleArn = options.roleArn ?? env.AWS_ROLE_ARN;
    if (!tokenFile) throw absent('web identity: AWS_WEB_IDENTITY_TOKEN_FILE is not set');
    if (!roleArn) throw failed('web identity: AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not');
    return webIdentityCredentials({
      tokenFile,
      roleArn,
      roleSessionName: options.roleSessionName ?? env.AWS_ROLE_SESSION_NAME,
      region: options.clientConfig?.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
      endpoint: stsEndpoint(endpointContext()),
      source: 'web identity',
    });
  };
}
