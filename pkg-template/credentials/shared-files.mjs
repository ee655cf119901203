// The shared config and credentials files (~/.aws/config, ~/.aws/credentials), read as the AWS
// CLI and SDKs read them: `[profile x]`, `[default]`, `[sso-session x]` and `[services x]`
// sections in the config file, `[x]` in the credentials file, whose keys win.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { failed } from './error.mjs';

const expandHome = (path) => (path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path);

/** The two paths, from the options, else AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws. */
export function sharedFilePaths({ configFilepath, filepath } = {}, env = process.env) {
  const home = homedir();
  return {
    configPath: expandHome(configFilepath || env.AWS_CONFIG_FILE || join(home, '.aws', 'config')),
    credentialsPath: expandHome(filepath || env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials')),
  };
}

/**
 * Parses an INI file as the AWS CLI does: `[section]` headers, `key = value` lines, full-line
 * comments (`#`, `;`) and comments after whitespace. A `key =` with an empty value opens a
 * sub-section whose indented lines are its keys (`services` sections use this). Any other
 * line is an error that gives the file and line.
 * @returns {Record<string, Record<string, string | Record<string, string>>>}
 */
export function parseIni(text, path) {
  const sections = Object.create(null);
  let current = null;
  let nested = null;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (/^\s*([#;].*)?$/.test(raw)) continue;
    const line = raw.replace(/\s+[#;].*$/, '').trimEnd();
    const where = `${path} line ${i + 1}`;
    const header = /^\s*\[\s*([^\]]*?)\s*\]\s*$/.exec(line);
    if (header) {
      if (header[1] === '') throw failed(`${where}: a section header with no name`);
      current = sections[header[1]] ??= Object.create(null);
      nested = null;
      continue;
    }
    const indented = /^\s/.test(raw);
    const kv = /^\s*([^=\s][^=]*?)\s*=\s*(.*)$/.exec(line);
    if (indented && current) {
      // Indented: a key of the open sub-section; else a key of the section, as the SDKs read
      // it; a line with no "=" continues the value before it (ignored).
      if (kv && nested) nested[kv[1].toLowerCase()] = kv[2];
      else if (kv) current[kv[1].toLowerCase()] = kv[2];
      continue;
    }
    if (!kv) throw failed(`${where} is not "key = value", a [section] or a comment`);
    if (!current) throw failed(`${where}: "${kv[1]}" comes before any [section]`);
    const key = kv[1].toLowerCase();
    if (kv[2] === '') {
      nested = current[key] = Object.create(null);
      continue;
    }
    nested = null;
    current[key] = kv[2];
  }
  return sections;
}

function readIni(path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return null;
    throw failed(`cannot read ${path}: ${e.code ?? e.message}`);
  }
  return parseIni(text, path);
}

/**
 * Both files, parsed: `profiles` (config and credentials merged, credentials winning),
 * `ssoSessions` and `services`, by name.
 */
export function loadSharedFiles(options = {}, env = process.env) {
  const { configPath, credentialsPath } = sharedFilePaths(options, env);
  const config = readIni(configPath) ?? Object.create(null);
  const credentials = readIni(credentialsPath) ?? Object.create(null);
  const profiles = Object.create(null);
  const ssoSessions = Object.create(null);
  const services = Object.create(null);
  for (const [name, values] of Object.entries(config)) {
    const m = /^(profile|sso-session|services)\s+(.+)$/.exec(name);
    if (m?.[1] === 'sso-session') ssoSessions[m[2]] = values;
    else if (m?.[1] === 'services') services[m[2]] = values;
    else if (m?.[1] === 'profile') profiles[m[2]] = { ...profiles[m[2]], ...values };
    else if (name === 'default') profiles.default = { ...values, ...profiles.default };
  }
  for (const [name, values] of Object.entries(credentials)) profiles[name] = { ...profiles[name], ...values };
  return { profiles, ssoSessions, services, configPath, credentialsPath };
}

/** The profile name: the option, else AWS_PROFILE, else "default". */
export const profileName = (options = {}, env = process.env) => options.profile || env.AWS_PROFILE || 'default';

/** A string value of a profile key (a sub-section is not one). */
export const value = (profile, key) => (typeof profile?.[key] === 'string' && profile[key] !== '' ? profile[key] : undefined);
