// credential_process: a command the profile names, run with no shell, whose stdout is
// { Version: 1, AccessKeyId, SecretAccessKey, SessionToken?, Expiration? }.
import { execFile } from 'node:child_process';
import { checkedCredentials, failed, mask } from './error.mjs';

/**
 * Splits a command line into words as a POSIX shell would, with no expansion: blanks separate
 * words; '…' keeps everything literally; "…" keeps everything but \\, \", \$ and \` escapes;
 * a backslash outside quotes keeps the next character.
 * @returns {string[]}
 */
export function splitCommandLine(line) {
  const words = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error('it has an unterminated single quote');
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length && '\\"$`\n'.includes(line[j + 1])) {
          if (line[j + 1] !== '\n') word += line[j + 1];
          j++;
        } else word += line[j];
      }
      if (j >= line.length) throw new Error('it has an unterminated double quote');
      inWord = true;
      i = j;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new Error('it ends with a backslash');
      if (line[i + 1] !== '\n') word += line[i + 1];
      inWord = true;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

const MAX_OUTPUT = 1 << 20;

/** Runs `command` for `profile` and returns its credentials. */
export function runCredentialProcess(command, profile, { timeoutMs = 60_000 } = {}) {
  const source = `credential_process of profile "${profile}"`;
  let argv;
  try {
    argv = splitCommandLine(command);
  } catch (e) {
    throw failed(`${source} cannot be split into words: ${e.message}`);
  }
  if (!argv.length) throw failed(`${source} is empty`);
  return new Promise((resolve, reject) => {
    // SIGKILL: a tool that traps SIGTERM cannot outlive the timeout.
    const child = execFile(argv[0], argv.slice(1), { shell: false, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: MAX_OUTPUT, windowsHide: true, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) {
        const detail = mask(String(stderr ?? '').trim()).slice(0, 2000);
        let why;
        if (error.code === 'ENOENT') why = `could not start ${JSON.stringify(mask(argv[0]))}: no such program`;
        else if (error.code === 'EACCES') why = `could not start ${JSON.stringify(mask(argv[0]))}: permission denied`;
        else if (error.killed) why = `did not finish within ${timeoutMs} ms`;
        else if (error.signal) why = `was killed by ${error.signal}`;
        else if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') why = `wrote more than ${MAX_OUTPUT} bytes`;
        else if (typeof error.code === 'number') why = `exited with status ${error.code}`;
        else why = `failed: ${mask(error.message)}`;
        reject(failed(`${source} ${why}${detail ? `: ${detail}` : ''}`));
        return;
      }
      try {
        resolve(parseProcessOutput(stdout, source));
      } catch (e) {
        reject(e);
      }
    });
    // Nothing to read: a tool that would prompt gets end of input instead of waiting forever.
    child.stdin?.on('error', () => {});
    child.stdin?.end();
  });
}

/** Parses and checks the process's JSON. */
export function parseProcessOutput(stdout, source) {
  let data;
  try {
    data = JSON.parse(stdout);
  } catch {
    throw failed(`${source} printed something that is not JSON${stdout.trim() ? '' : ' (nothing)'}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw failed(`${source} printed JSON that is not an object`);
  if (data.Version !== 1) throw failed(`${source} printed Version ${JSON.stringify(data.Version)}: only Version 1 is supported`);
  for (const key of ['AccessKeyId', 'SecretAccessKey']) {
    if (typeof data[key] !== 'string' || !data[key]) throw failed(`${source} printed no ${key}`);
  }
  const credentials = checkedCredentials(source, {
    accessKeyId: data.AccessKeyId,
    secretAccessKey: data.SecretAccessKey,
    sessionToken: data.SessionToken,
    expiration: data.Expiration,
  });
  if (credentials.expiration && credentials.expiration.getTime() <= Date.now()) {
    throw failed(`${source} printed credentials that expired at ${credentials.expiration.toISOString()}`);
  }
  return credentials;
}
