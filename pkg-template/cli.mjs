#!/usr/bin/env node
// connect-phone: describe an Amazon Connect phone number from the command line.
// Credentials come from the AWS SDKs' provider chain (environment, the shared files with
// assume role, web identity, credential_process and SSO, web identity from the environment,
// ECS, EC2 instance metadata); the region from --region, the environment or the profile.
// Exit codes: 0 success, 1 AWS or network error, 2 bad usage or missing credentials/region.
// Secret keys, session tokens and SSO tokens are never printed.
import { readFileSync } from 'node:fs';
import { ConnectClient } from './node.mjs';
import { fromNodeProviderChain } from './credentials.mjs';
import { loadSharedFiles } from './credentials/shared-files.mjs';

const USAGE = `Usage: connect-phone describe <PhoneNumberId|ARN> [options]
       connect-phone credentials [--profile P]   (which source the chain uses, and when it expires)
       connect-phone emulator [--port N] [--host 127.0.0.1] [--fixtures FILE] [--region R]… [--cred AKID:SECRET[:TOKEN]]… [--quiet]
                              (a local Connect for tests: connect-phone emulator --help)

Describes an Amazon Connect phone number (DescribePhoneNumber).

Options:
  --region R       the region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region)
  --profile P      the profile of ~/.aws/credentials and ~/.aws/config (default: AWS_PROFILE or "default")
  --endpoint URL   a custom endpoint, such as a local emulator (default: AWS_ENDPOINT_URL_CONNECT, AWS_ENDPOINT_URL)
  --json           print the output as JSON, $metadata included
  -h, --help       print this help
  --version        print the package version

Credentials, as the AWS CLI finds them: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
AWS_SESSION_TOKEN; else the profile of ~/.aws/config and ~/.aws/credentials (static keys,
role_arn with source_profile or credential_source, web_identity_token_file, credential_process,
SSO after \`aws sso login\`); else AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN; else the ECS
container endpoint; else EC2 instance metadata. --profile (or AWS_PROFILE) skips the
environment keys, as in the AWS CLI. AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE override
the file paths.

Retries: AWS_RETRY_MODE, else the profile's retry_mode: "standard" (the default) or
"adaptive" (a client-side rate limiter that learns from throttling).

Exit status: 0 success, 1 AWS or network error, 2 bad usage or missing credentials or region.`;

class UsageError extends Error {}

/** Everything secret we hold, to scrub from anything we print. */
const secrets = new Set();
const scrub = (text) => {
  let out = String(text);
  for (const s of secrets) if (s) out = out.split(s).join('****');
  return out;
};
const stdout = (text) => process.stdout.write(scrub(text) + '\n');
const stderr = (text) => process.stderr.write(scrub(text) + '\n');

function parseArgs(argv) {
  const opts = { positionals: [], json: false, help: false, version: false };
  const valued = new Set(['--region', '--profile', '--endpoint']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      opts.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') opts.help = true;
    else if (arg === '--version') opts.version = true;
    else if (arg === '--json') opts.json = true;
    else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg : arg.slice(0, eq);
      if (!valued.has(name)) throw new UsageError(`unknown option ${name}`);
      let value;
      if (eq >= 0) value = arg.slice(eq + 1);
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
      if (!value) throw new UsageError(`${name} needs a value`);
      opts[name.slice(2)] = value;
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
    else opts.positionals.push(arg);
  }
  return opts;
}

/** The profile's config values (region, retry_mode), from the files the chain reads. */
function loadProfile(name) {
  try {
    const files = loadSharedFiles();
    return { exists: Boolean(files.profiles[name]), values: files.profiles[name] ?? {}, ...files };
  } catch (e) {
    throw new UsageError(e.message);
  }
}

/** Secrets of resolved credentials, to scrub from anything we print. */
function remember(credentials) {
  secrets.add(credentials.secretAccessKey);
  if (credentials.sessionToken) secrets.add(credentials.sessionToken);
  return credentials;
}

/**
 * Resolves credentials through the chain, before anything is sent: a failure is reported once,
 * with the source's message. Exit 2 for missing or misconfigured credentials, 1 when an AWS
 * service or the network failed.
 */
async function resolveCredentials(profile, region) {
  try {
    return remember(await fromNodeProviderChain({ ...(profile ? { profile } : {}), clientConfig: { region } })());
  } catch (e) {
    if (e?.name !== 'CredentialsProviderError') throw e;
    if (Array.isArray(e.tried)) {
      throw new UsageError(
        'no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, run `aws configure` or `aws sso login`, or pass --profile. ' +
          `Tried: ${e.tried.map(({ message }) => message).join('; ')}`,
      );
    }
    const error = new UsageError(e.message);
    error.exitCode = e.fromService ? 1 : 2;
    throw error;
  }
}

function resolveSettings(opts) {
  const env = process.env;
  const profileName = opts.profile || env.AWS_PROFILE || 'default';
  const profile = loadProfile(profileName);
  if ((opts.profile || env.AWS_PROFILE) && !profile.exists) {
    throw new UsageError(`profile "${profileName}" is not in ${profile.credentialsPath} or ${profile.configPath}`);
  }
  const region = opts.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || profile.values.region;
  if (!region) throw new UsageError('no region: pass --region (such as --region us-west-2) or set AWS_REGION');
  const endpoint = opts.endpoint || env.AWS_ENDPOINT_URL_CONNECT || env.AWS_ENDPOINT_URL || undefined;
  // As the AWS CLI: AWS_RETRY_MODE, then the profile's retry_mode; 'legacy' is not offered.
  const retryMode = env.AWS_RETRY_MODE || profile.values.retry_mode || undefined;
  if (retryMode !== undefined && retryMode !== 'standard' && retryMode !== 'adaptive') {
    const from = env.AWS_RETRY_MODE ? 'AWS_RETRY_MODE' : `retry_mode of profile "${profileName}"`;
    throw new UsageError(`${from} is "${retryMode}": connect-phone supports "standard" and "adaptive"`);
  }
  return { profile: opts.profile, region, endpoint, ...(retryMode ? { retryMode } : {}) };
}

function summaryText(output) {
  const n = output.ClaimedPhoneNumberSummary ?? {};
  const rows = [];
  const row = (label, value) => {
    if (value !== undefined && value !== null && value !== '') rows.push([label, String(value)]);
  };
  row('Phone number', n.PhoneNumber);
  row('Country', n.PhoneNumberCountryCode);
  row('Type', n.PhoneNumberType);
  const status = n.PhoneNumberStatus;
  if (status) row('Status', status.Message ? `${status.Status ?? '?'} (${status.Message})` : status.Status);
  row('Id', n.PhoneNumberId);
  row('ARN', n.PhoneNumberArn);
  row('Target', n.TargetArn);
  row('Instance', n.InstanceId);
  row('Description', n.PhoneNumberDescription);
  if (n.Tags) {
    const tags = Object.entries(n.Tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    row('Tags', tags.map(([k, v]) => `${k}=${v}`).join(', ') || '(none)');
  }
  row('Source', n.SourcePhoneNumberArn);
  row('Request id', output.$metadata?.requestId);
  if (!rows.length) return '(no phone number in the response)';
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

/** `connect-phone credentials`: the source and the expiry, never the keys. */
async function printCredentials(opts) {
  const env = process.env;
  const profileName = opts.profile || env.AWS_PROFILE;
  const profile = loadProfile(profileName || 'default');
  if (profileName && !profile.exists) {
    throw new UsageError(`profile "${profileName}" is not in ${profile.credentialsPath} or ${profile.configPath}`);
  }
  const region = opts.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || profile.values.region;
  const credentials = await resolveCredentials(opts.profile, region);
  const id = credentials.accessKeyId;
  const rows = [
    ['Source', credentials.$source ?? 'a credential provider'],
    ['Access key', `${'*'.repeat(Math.max(0, Math.min(16, id.length - 4)))}${id.slice(-4)}`],
    ['Session token', credentials.sessionToken ? 'yes (temporary credentials)' : 'no (long-term keys)'],
    ['Expires', credentials.expiration ? `${credentials.expiration.toISOString()} (in ${minutesUntil(credentials.expiration)})` : 'never (no expiration was given)'],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  stdout(rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n'));
  return 0;
}

function minutesUntil(date) {
  const minutes = Math.round((date.getTime() - Date.now()) / 60_000);
  if (minutes < 0) return `expired ${-minutes} min ago`;
  return minutes >= 120 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
}

async function main(argv) {
  // The local emulator for tests: its own options (connect-phone emulator --help).
  if (argv[0] === 'emulator') return (await import('./emulator/cli.mjs')).runEmulatorCli(argv.slice(1));
  let opts;
  try {
    opts = parseArgs(argv);
    if (opts.help) {
      stdout(USAGE);
      return 0;
    }
    if (opts.version) {
      stdout(JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).version);
      return 0;
    }
    const [command, id, ...extra] = opts.positionals;
    if (!command) throw new UsageError('missing command: describe or credentials');
    if (command === 'credentials') {
      if (id) throw new UsageError(`unexpected argument "${id}"`);
      if (opts.json) throw new UsageError('--json is for describe');
    } else if (command === 'describe') {
      if (!id) throw new UsageError('missing the phone number: connect-phone describe <PhoneNumberId|ARN>');
      if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    } else throw new UsageError(`unknown command "${command}": the commands are describe and credentials`);
    opts.command = command;
    opts.id = id;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    stderr(`connect-phone: ${e.message}\nTry: connect-phone --help`);
    return 2;
  }

  let settings;
  let credentials;
  try {
    if (opts.command === 'credentials') return await printCredentials(opts);
    settings = resolveSettings(opts);
    credentials = await resolveCredentials(settings.profile, settings.region);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    stderr(`connect-phone: ${e.message}`);
    return e.exitCode ?? 2;
  }

  const { profile: _profile, ...clientSettings } = settings;
  const client = new ConnectClient({ ...clientSettings, credentials });
  try {
    const output = await client.describePhoneNumber({ PhoneNumberId: opts.id });
    stdout(opts.json ? JSON.stringify(output, null, 2) : summaryText(output));
    return 0;
  } catch (e) {
    const name = e?.name ?? 'Error';
    const message = e?.message ?? String(e);
    stderr(`${name}: ${message}`);
    // The client's own ValidationError means nothing was sent: a bad region, endpoint or id.
    return name === 'ValidationError' ? 2 : 1;
  } finally {
    client.free();
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((e) => {
  stderr(`connect-phone: ${e?.stack ?? e}`);
  return 1;
});
