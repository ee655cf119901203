// `connect-phone emulator`: runs the local Connect emulator until SIGINT or SIGTERM. The first
// line on stdout is always EMULATOR_URL=http://HOST:PORT, so scripts can read it and go on; a
// short summary follows unless --quiet. Secrets of --cred never appear in any output.
import { startEmulator } from './server.mjs';
import { FixturesError } from './fixtures.mjs';

export const EMULATOR_USAGE = `Usage: connect-phone emulator [options]

Runs a local Amazon Connect (DescribePhoneNumber) and Cognito Identity for tests, which
verifies SigV4 signatures. Prints EMULATOR_URL=http://127.0.0.1:PORT as its first line, then
a summary; runs until SIGINT or SIGTERM, then exits 0.

Options:
  --port N                 the port (default 0: any free port)
  --host H                 the address to bind (default 127.0.0.1; anything else must be asked for)
  --fixtures FILE          numbers, credentials, rate limit and Cognito pools, as JSON
                           (the format: emulator/fixtures.schema.json in the package)
  --region R               a Region to serve; repeat for more (default: the fixtures' regions)
  --cred AKID:SECRET[:TOKEN]
                           accept another credential; repeat for more (the secret is never printed)
  --no-verify              accept any request without checking its signature
  --exit-on-stdin-close    also exit when stdin closes (for a parent process that holds a pipe)
  --quiet                  print only the EMULATOR_URL line: no summary, no request log
  -h, --help               print this help

Exit status: 0 after SIGINT or SIGTERM, 1 if it cannot listen, 2 bad usage or a bad fixtures file.`;

class UsageError extends Error {}

function parseCred(value) {
  // The secret may hold ':'? AWS secrets are base64-ish (A-Z a-z 0-9 + /): they do not; a
  // session token does not either. So the form is exactly two or three fields.
  const parts = value.split(':');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !p)) {
    throw new UsageError('--cred needs AKID:SECRET or AKID:SECRET:TOKEN');
  }
  const [accessKeyId, secretAccessKey, sessionToken] = parts;
  if (!/^[A-Za-z0-9]{1,128}$/.test(accessKeyId)) throw new UsageError('--cred: the access key id must be 1..128 letters and digits');
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/** The options of `connect-phone emulator …` (argv after "emulator"). Throws a UsageError. */
export function parseEmulatorArgs(argv) {
  const o = { port: 0, host: '127.0.0.1', fixtures: undefined, regions: [], creds: [], verify: true, quiet: false,
    exitOnStdinClose: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const value = () => {
      const v = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (name === '-h' || name === '--help') o.help = true;
    else if (name === '--port') {
      const v = value();
      o.port = /^\d{1,5}$/.test(v) ? Number(v) : NaN;
      if (!(o.port >= 0 && o.port <= 65535)) throw new UsageError('--port must be 0..65535');
    } else if (name === '--host') o.host = value();
    else if (name === '--fixtures') o.fixtures = value();
    else if (name === '--region') o.regions.push(value());
    else if (name === '--cred') o.creds.push(parseCred(value()));
    else if (name === '--no-verify') o.verify = false;
    else if (name === '--quiet') o.quiet = true;
    else if (name === '--exit-on-stdin-close') o.exitOnStdinClose = true;
    else throw new UsageError(name.startsWith('-') ? `unknown option ${name}` : `unexpected argument "${arg}"`);
  }
  return o;
}

/** The one-screen summary printed after the EMULATOR_URL line: key ids, never secrets. */
export function emulatorSummary(emu, { verify = true, extraKeyIds = [] } = {}) {
  const lines = [];
  lines.push(`Amazon Connect emulator (DescribePhoneNumber${verify ? ', SigV4 verified' : ', signatures NOT checked'}) and Cognito Identity`);
  lines.push(`Regions:     ${emu.regions.join(', ')}    account: ${emu.accountId}`);
  const creds = Object.entries(emu.credentials).map(([name, c]) =>
    `${c.accessKeyId} (${[...new Set([name, c.sessionToken && 'session token', c.expired && 'expired'].filter(Boolean))].join(', ')})`);
  lines.push(`Credentials: ${[...creds, ...extraKeyIds.map((k) => `${k} (--cred)`)].join(', ') || '(none)'}`);
  lines.push('             the fixtures\' keys are on GET /__emulator/fixtures (test keys only)');
  const numbers = Object.entries(emu.fixtures);
  lines.push(`Numbers:     ${numbers.length}`);
  for (const [name, f] of numbers.slice(0, 8)) {
    const status = f.claim ? `claim -> ${f.claim.then}` : f.summary.PhoneNumberStatus?.Status ?? '';
    lines.push(`  ${f.id}  ${name}  ${f.summary.PhoneNumber}  ${status}${f.homeRegion ? `  TDG, home ${f.homeRegion}` : ''}`);
  }
  if (numbers.length > 8) lines.push(`  … and ${numbers.length - 8} more: GET /__emulator/fixtures`);
  lines.push(`Unknown id:  ${emu.unknownId} (404)`);
  if (emu.cognitoPools.length) lines.push(`Cognito:     ${emu.cognitoPools.map((p) => p.id).join(', ')}`);
  lines.push(`Control:     ${emu.url}/__emulator/  fixtures | requests?id= | stats (GET); scenario | claim | fault |`);
  lines.push('             clock | credentials | rate-limit | reset | cognito/pool | cognito/fault (POST)');
  lines.push('Stop with Ctrl-C (SIGINT) or SIGTERM.');
  return lines.join('\n');
}

/**
 * Runs `connect-phone emulator` with `argv` (the arguments after "emulator"). Resolves to the
 * exit status once stopped: 0 after SIGINT/SIGTERM, 1 if it cannot listen, 2 for bad usage.
 * `options` is for test suites that run the CLI with more (such as startEmulator's
 * extraVerifier); `stdout`/`stderr` default to the process's.
 */
export async function runEmulatorCli(argv, { stdout = process.stdout, stderr = process.stderr, ...emulatorOptions } = {}) {
  let args;
  try {
    args = parseEmulatorArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    stderr.write(`connect-phone emulator: ${e.message}\nTry: connect-phone emulator --help\n`);
    return 2;
  }
  if (args.help) {
    stdout.write(`${EMULATOR_USAGE}\n`);
    return 0;
  }
  let emu;
  try {
    emu = await startEmulator({
      ...emulatorOptions,
      host: args.host,
      port: args.port,
      fixtures: args.fixtures,
      ...(args.regions.length ? { region: args.regions } : {}),
      credentials: args.creds,
      verifySignatures: args.verify,
      log: args.quiet ? undefined : (line) => stderr.write(`[emulator] ${line}\n`),
    });
  } catch (e) {
    if (e instanceof FixturesError || e instanceof TypeError) {
      stderr.write(`connect-phone emulator: ${e.message}\n`);
      return 2;
    }
    if (e?.code === 'EADDRINUSE' || e?.code === 'EACCES' || e?.code === 'EADDRNOTAVAIL') {
      stderr.write(`connect-phone emulator: cannot listen on ${args.host}:${args.port} (${e.code})\n`);
      return 1;
    }
    throw e;
  }
  stdout.write(`EMULATOR_URL=${emu.url}\n`);
  if (!args.quiet) stdout.write(`${emulatorSummary(emu, { verify: args.verify, extraKeyIds: args.creds.map((c) => c.accessKeyId) })}\n`);

  return new Promise((resolve) => {
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (args.exitOnStdinClose) process.stdin.destroy(); // else it holds the process open
      await emu.close();
      resolve(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    // Opt-in only: a parent that spawns us with a pipe can make us exit by closing it (or by
    // dying), without having to deliver a signal.
    if (args.exitOnStdinClose) {
      for (const event of ['end', 'close', 'error']) process.stdin.on(event, stop);
      process.stdin.resume();
    }
  });
}
