// fromInstanceMetadata: EC2 instance metadata (IMDSv2: a session token first, then the role
// and its credentials), falling back to IMDSv1 when the token call answers 403, 404 or 405.
// A host with no metadata service fails within one timeout: no answer to the token call means
// the source is absent.
import { absent, checkedCredentials, failed, serviceFailed, withSource } from './error.mjs';
import { backoff, json, redactUrl, request } from './http.mjs';
import { loadSharedFiles, profileName } from './shared-files.mjs';

const SOURCE = 'EC2 instance metadata';
const TOKEN_TTL = '21600';

const truthy = (text) => typeof text === 'string' && text.toLowerCase() === 'true';

/** The profile's ec2_metadata_service_endpoint(_mode), when the files can be read. */
function profileSettings() {
  try {
    return loadSharedFiles().profiles[profileName()] ?? {};
  } catch {
    return {}; // a bad file is fromIni's to report
  }
}

/**
 * The IMDS base URL: AWS_EC2_METADATA_SERVICE_ENDPOINT (or the profile's
 * ec2_metadata_service_endpoint), else by endpoint mode (the variable, or the profile's
 * ec2_metadata_service_endpoint_mode), else IPv4.
 */
export function metadataEndpoint(env = process.env, profile = {}) {
  const configured = env.AWS_EC2_METADATA_SERVICE_ENDPOINT || profile.ec2_metadata_service_endpoint;
  if (configured) {
    try {
      return new URL(configured).href.replace(/\/+$/, '');
    } catch {
      throw failed(`${SOURCE}: AWS_EC2_METADATA_SERVICE_ENDPOINT is not a URL`);
    }
  }
  const mode = (env.AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE || profile.ec2_metadata_service_endpoint_mode || 'IPv4').toLowerCase();
  if (mode === 'ipv6') return 'http://[fd00:ec2::254]';
  if (mode !== 'ipv4') throw failed(`${SOURCE}: the endpoint mode is ${JSON.stringify(mode)}: use IPv4 or IPv6`);
  return 'http://169.254.169.254';
}

/**
 * @param {{ timeout?: number, maxRetries?: number }} [options] timeout per request (default
 *   1000 ms) and retries of the credentials call after the first (default 0)
 */
export function fromInstanceMetadata({ timeout = 1000, maxRetries = 0 } = {}) {
  return async () => {
    const env = process.env;
    // As the SDK: any value but "false" disables it.
    const disabled = env.AWS_EC2_METADATA_DISABLED;
    if (disabled && disabled.toLowerCase() !== 'false') throw absent(`${SOURCE}: AWS_EC2_METADATA_DISABLED is ${disabled}`);
    const base = metadataEndpoint(env, profileSettings());
    const v1Disabled = truthy(env.AWS_EC2_METADATA_V1_DISABLED);
    let token;
    const tokenResponse = await request(`${SOURCE}`, `${base}/latest/api/token`, {
      method: 'PUT',
      headers: { 'x-aws-ec2-metadata-token-ttl-seconds': TOKEN_TTL },
      timeoutMs: timeout,
      onNetworkError: (message) => absent(message),
    });
    if (tokenResponse.status === 200 && tokenResponse.text) token = tokenResponse.text.trim();
    else if ([403, 404, 405].includes(tokenResponse.status)) {
      if (v1Disabled) throw failed(`${SOURCE}: the token call answered HTTP ${tokenResponse.status} and AWS_EC2_METADATA_V1_DISABLED forbids IMDSv1`);
    } else {
      // Not an instance metadata service's answer (another cloud's, a proxy's): absent.
      throw absent(`${SOURCE}: the token call to ${redactUrl(base)} answered HTTP ${tokenResponse.status}, which no EC2 metadata service answers`);
    }
    const headers = token ? { 'x-aws-ec2-metadata-token': token } : {};
    const get = async (path) => {
      for (let attempt = 1; ; attempt++) {
        const response = await request(SOURCE, `${base}${path}`, { headers, timeoutMs: timeout }).catch((e) => {
          if (attempt <= maxRetries) return null;
          throw e;
        });
        if (response && response.status === 200) return response;
        if (response && response.status === 404) throw serviceFailed(`${SOURCE}: ${path} is not there (HTTP 404): the instance has no IAM role`);
        if (response && !(response.status >= 500 || response.status === 429) || attempt > maxRetries) {
          throw serviceFailed(`${SOURCE}: ${path} answered HTTP ${response?.status}`);
        }
        await backoff(attempt);
      }
    };
    const roles = await get('/latest/meta-data/iam/security-credentials/');
    const role = roles.text.split('\n').map((s) => s.trim()).find(Boolean);
    if (!role || /[/?#\\]/.test(role)) throw failed(`${SOURCE}: the instance profile list names no usable role`);
    const data = json(SOURCE, await get(`/latest/meta-data/iam/security-credentials/${encodeURIComponent(role)}`));
    if (data?.Code !== undefined && data.Code !== 'Success') throw failed(`${SOURCE}: the role's credentials have Code ${JSON.stringify(String(data.Code)).slice(0, 80)}`);
    const credentials = checkedCredentials(SOURCE, {
      accessKeyId: data?.AccessKeyId,
      secretAccessKey: data?.SecretAccessKey,
      sessionToken: data?.Token,
      expiration: data?.Expiration,
    });
    return withSource(credentials, `EC2 instance metadata (role ${role})`);
  };
}
