// fromIni: the credentials a profile of the shared files configures, in the SDKs' precedence:
// assume role (role_arn) first, except in a source_profile hop, where static keys win; then
// static keys, web identity, credential_process and SSO.
import { absent, checkedCredentials, failed, withSource } from './error.mjs';
import { fromContainerMetadata } from './container.mjs';
import { fromEnv } from './env.mjs';
import { fromInstanceMetadata } from './instance-metadata.mjs';
import { runCredentialProcess } from './process.mjs';
import { loadSharedFiles, profileName, value } from './shared-files.mjs';
import { ssoCredentials, ssoSettings } from './sso.mjs';
import { assumeRole, defaultSessionName, providerCredentials, stsEndpoint, stsRegion } from './sts.mjs';
import { webIdentityCredentials } from './web-identity.mjs';

const CREDENTIAL_SOURCES = {
  Environment: () => fromEnv(),
  Ec2InstanceMetadata: () => fromInstanceMetadata(),
  EcsContainer: () => fromContainerMetadata(),
};

const hasStaticKeys = (p) => Boolean(value(p, 'aws_access_key_id') && value(p, 'aws_secret_access_key'));

function staticCredentials(name, profile) {
  const credentials = checkedCredentials(`profile "${name}"`, {
    accessKeyId: value(profile, 'aws_access_key_id'),
    secretAccessKey: value(profile, 'aws_secret_access_key'),
    sessionToken: value(profile, 'aws_session_token') ?? value(profile, 'aws_security_token'),
    expiration: value(profile, 'aws_credential_expiration'),
  });
  return withSource(credentials, `profile ${name} (static keys)`);
}

function durationOf(name, profile) {
  const text = value(profile, 'duration_seconds');
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (!Number.isInteger(seconds)) throw failed(`profile "${name}": duration_seconds ${JSON.stringify(text)} is not a whole number`);
  if (seconds < 900 || seconds > 43_200) throw failed(`profile "${name}": duration_seconds is ${seconds}: STS grants 900 to 43200 seconds`);
  return seconds;
}

/** Does this profile configure credentials of any kind? */
export function configuresCredentials(profile) {
  return ['aws_access_key_id', 'aws_secret_access_key', 'role_arn', 'web_identity_token_file', 'credential_process', 'sso_session', 'sso_start_url'].some((k) => value(profile, k));
}

/**
 * Resolves profile `name`; `visited` is the source_profile path so far (a cycle is an error).
 * @returns {Promise<object>} the credentials
 */
async function resolveProfile(name, files, options, visited) {
  const profile = files.profiles[name];
  const hop = visited.length > 0;
  if (!profile) {
    const message = hop
      ? `profile "${visited[visited.length - 1]}" names source_profile "${name}", which is not in ${files.configPath} or ${files.credentialsPath}`
      : `profile "${name}" is not in ${files.configPath} or ${files.credentialsPath}`;
    throw hop || options.named ? failed(message) : absent(message);
  }
  if (hop && hasStaticKeys(profile)) return staticCredentials(name, profile);

  const roleArn = value(profile, 'role_arn');
  const sourceProfile = value(profile, 'source_profile');
  const credentialSource = value(profile, 'credential_source');
  if (roleArn && (sourceProfile || credentialSource)) {
    if (sourceProfile && credentialSource) throw failed(`profile "${name}" has both source_profile and credential_source: keep one`);
    if (value(profile, 'mfa_serial')) throw failed(`profile "${name}" needs an MFA code (mfa_serial), which connect-phone cannot ask for`);
    let source;
    let via;
    if (sourceProfile) {
      const path = [...visited, name];
      if (path.includes(sourceProfile) && !(sourceProfile === name && hasStaticKeys(profile))) {
        throw failed(`profile "${name}": source_profile makes a cycle: ${[...path, sourceProfile].join(' -> ')}`);
      }
      // A profile that is its own source uses its own static keys.
      source = sourceProfile === name ? staticCredentials(name, profile) : await resolveProfile(sourceProfile, files, options, path);
      via = `source_profile ${sourceProfile}`;
    } else {
      const make = Object.hasOwn(CREDENTIAL_SOURCES, credentialSource) ? CREDENTIAL_SOURCES[credentialSource] : undefined;
      if (!make) throw failed(`profile "${name}": credential_source ${JSON.stringify(credentialSource)} is not Environment, Ec2InstanceMetadata or EcsContainer`);
      try {
        source = await make()();
      } catch (e) {
        throw failed(`profile "${name}": its credential_source ${credentialSource} gave no credentials: ${e.message}`, e);
      }
      via = `credential_source ${credentialSource}`;
    }
    const done = await assumeRole({
      region: stsRegion(value(profile, 'region'), options.clientConfig),
      endpoint: stsEndpoint({ profile, files }),
      source,
      roleArn,
      roleSessionName: value(profile, 'role_session_name') || defaultSessionName(),
      externalId: value(profile, 'external_id'),
      durationSeconds: durationOf(name, profile),
      subject: `profile "${name}": AssumeRole of ${roleArn}`,
    });
    return withSource(providerCredentials(done), `profile ${name} (assume role ${roleArn} via ${via})`);
  }
  if (hasStaticKeys(profile)) return staticCredentials(name, profile);
  if (value(profile, 'aws_access_key_id') || value(profile, 'aws_secret_access_key')) {
    throw failed(`profile "${name}" has ${value(profile, 'aws_access_key_id') ? 'aws_access_key_id but no aws_secret_access_key' : 'aws_secret_access_key but no aws_access_key_id'}`);
  }
  const tokenFile = value(profile, 'web_identity_token_file');
  if (tokenFile && roleArn) {
    return webIdentityCredentials({
      tokenFile,
      roleArn,
      roleSessionName: value(profile, 'role_session_name'),
      region: stsRegion(value(profile, 'region'), options.clientConfig),
      endpoint: stsEndpoint({ profile, files }),
      durationSeconds: durationOf(name, profile),
      source: `profile ${name} (web identity)`,
    });
  }
  const command = value(profile, 'credential_process');
  if (command) {
    const credentials = await runCredentialProcess(command, name);
    return withSource(credentials, `profile ${name} (credential_process)`);
  }
  const sso = ssoSettings(name, profile, files);
  if (sso) return ssoCredentials(sso, name, { profile, files });
  if (roleArn) throw failed(`profile "${name}" has role_arn but no source_profile, credential_source or web_identity_token_file`);
  // Absent even when named: a profile that only sets a region leaves the chain to go on to
  // web identity, ECS and instance metadata, as the SDKs and the AWS CLI do.
  const message = `profile "${name}" in ${files.configPath} or ${files.credentialsPath} configures no credentials`;
  throw hop ? failed(message) : absent(message);
}

/**
 * @param {{ profile?: string, filepath?: string, configFilepath?: string, clientConfig?: { region?: string } }} [options]
 */
export function fromIni(options = {}) {
  return async () => {
    const name = profileName(options);
    const files = loadSharedFiles(options);
    const named = Boolean(options.profile || process.env.AWS_PROFILE);
    return resolveProfile(name, files, { ...options, named }, []);
  };
}

/** fromProcess: the profile's credential_process only. */
export function fromProcess(options = {}) {
  return async () => {
    const name = profileName(options);
    const files = loadSharedFiles(options);
    const profile = files.profiles[name];
    if (!profile) throw absent(`credential_process: profile "${name}" is not in ${files.configPath} or ${files.credentialsPath}`);
    const command = value(profile, 'credential_process');
    if (!command) throw absent(`credential_process: profile "${name}" has no credential_process`);
    return withSource(await runCredentialProcess(command, name), `profile ${name} (credential_process)`);
  };
}
