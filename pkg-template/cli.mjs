#!/usr/bin/env node
// connect-phone: describe an Amazon Connect phone number from the command line.
// Credentials and region are found as the AWS CLI finds them (environment, then the shared
// credentials and config files). Exit codes: 0 success, 1 AWS or network error, 2 bad usage
// or missing credentials/region. The secret key and session token are never printed.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConnectClient } from './node.mjs';

const USAGE = `Usage: connect-phone describe <PhoneNumberId|ARN> [options]

Describes an Amazon Connect phone number (DescribePhoneNumber).

Options:
  --region R       the region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region)
  --profile P      the profile of ~/.aws/credentials and ~/.aws/config (default: AWS_PROFILE or "default")
  --endpoint URL   a custom endpoint, such as a local emulator (default: AWS_ENDPOINT_URL_CONNECT, AWS_ENDPOINT_URL)
  --json           print the output as JSON, $metadata included
  -h, --help       print this help
  --version        print the package version

Credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, else the profile
(AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE override the file paths). --profile wins over
the environment variables, as in the AWS CLI.

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

/**
 * Parses an AWS shared config or credentials file: `[section]` headers, `key = value` lines,
 * full-line comments (`#`, `;`) and comments after whitespace; indented lines continue a
 * sub-section (such as `s3 =`) and are skipped. Returns { section: { key: value } }.
 */
function parseIni(text) {
  const sections = Object.create(null);
  let current = null;
  let nested = false;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*([#;].*)?$/.test(raw)) continue;
    const line = raw.replace(/\s+[#;].*$/, '').trimEnd();
    const header = /^\s*\[\s*([^\]]*?)\s*\]\s*$/.exec(line);
    if (header) {
      current = sections[header[1]] ??= Object.create(null);
      nested = false;
      continue;
    }
    if (!current) continue;
    if (/^\s/.test(raw) && nested) continue;
    const kv = /^\s*([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    const key = kv[1].toLowerCase();
    nested = kv[2] === '';
    if (!nested) current[key] = kv[2];
  }
  return sections;
}

function readIni(path) {
  try {
    return { found: true, sections: parseIni(readFileSync(path, 'utf8')) };
  } catch (e) {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR' || e.code === 'EISDIR') return { found: false, sections: Object.create(null) };
    throw new UsageError(`cannot read ${path}: ${e.message}`);
  }
}

const expandHome = (path) => (path.startsWith('~/') || path === '~' ? join(homedir(), path.slice(1)) : path);

function loadProfile(name) {
  const home = homedir();
  const credentialsPath = expandHome(process.env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'));
  const configPath = expandHome(process.env.AWS_CONFIG_FILE || join(home, '.aws', 'config'));
  const credentials = readIni(credentialsPath).sections[name];
  const configFile = readIni(configPath).sections;
  const config = (name === 'default' ? configFile.default ?? configFile['profile default'] : configFile[`profile ${name}`]) ?? undefined;
  return { exists: Boolean(credentials || config), credentials: credentials ?? {}, config: config ?? {}, credentialsPath, configPath };
}

function resolveSettings(opts) {
  const env = process.env;
  const profileName = opts.profile || env.AWS_PROFILE || 'default';
  const profile = loadProfile(profileName);
  if ((opts.profile || env.AWS_PROFILE) && !profile.exists) {
    throw new UsageError(`profile "${profileName}" is not in ${profile.credentialsPath} or ${profile.configPath}`);
  }

  let credentials;
  if (!opts.profile && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
    if (env.AWS_SESSION_TOKEN) credentials.sessionToken = env.AWS_SESSION_TOKEN;
  } else {
    const pick = (key) => profile.credentials[key] || profile.config[key];
    const accessKeyId = pick('aws_access_key_id');
    const secretAccessKey = pick('aws_secret_access_key');
    const sessionToken = pick('aws_session_token') || pick('aws_security_token');
    if (accessKeyId && secretAccessKey) {
      credentials = { accessKeyId, secretAccessKey };
      if (sessionToken) credentials.sessionToken = sessionToken;
    } else if (profile.exists && ['role_arn', 'sso_session', 'sso_start_url', 'credential_process', 'web_identity_token_file'].some(pick)) {
      throw new UsageError(
        `profile "${profileName}" uses a role, SSO or a credential process, which connect-phone does not run: ` +
          `export keys first, e.g. eval "$(aws configure export-credentials --profile ${profileName} --format env)"`,
      );
    }
  }
  if (credentials) {
    secrets.add(credentials.secretAccessKey);
    if (credentials.sessionToken) secrets.add(credentials.sessionToken);
  } else {
    throw new UsageError(
      'no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run `aws configure` (or pass --profile)',
    );
  }

  const region = opts.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || profile.config.region || profile.credentials.region;
  if (!region) throw new UsageError('no region: pass --region (such as --region us-west-2) or set AWS_REGION');

  const endpoint = opts.endpoint || env.AWS_ENDPOINT_URL_CONNECT || env.AWS_ENDPOINT_URL || undefined;
  // As the AWS CLI: AWS_RETRY_MODE, then the profile's retry_mode; 'legacy' is not offered.
  const retryMode = env.AWS_RETRY_MODE || profile.config.retry_mode || undefined;
  if (retryMode !== undefined && retryMode !== 'standard' && retryMode !== 'adaptive') {
    const from = env.AWS_RETRY_MODE ? 'AWS_RETRY_MODE' : `retry_mode of profile "${profileName}"`;
    throw new UsageError(`${from} is "${retryMode}": connect-phone supports "standard" and "adaptive"`);
  }
  return { credentials, region, endpoint, ...(retryMode ? { retryMode } : {}) };
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

async function main(argv) {
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
    if (!command) throw new UsageError('missing command: describe');
    if (command !== 'describe') throw new UsageError(`unknown command "${command}": the command is describe`);
    if (!id) throw new UsageError('missing the phone number: connect-phone describe <PhoneNumberId|ARN>');
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    opts.id = id;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    stderr(`connect-phone: ${e.message}\nTry: connect-phone --help`);
    return 2;
  }

  let settings;
  try {
    settings = resolveSettings(opts);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    stderr(`connect-phone: ${e.message}`);
    return 2;
  }

  const client = new ConnectClient(settings);
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
