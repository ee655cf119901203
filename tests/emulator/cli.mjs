#!/usr/bin/env node
// Runs the package's `connect-phone emulator` (pkg/emulator/cli.mjs) as a process for the
// demo, the benchmarks and the browser test runner, with the tests' @smithy second check.
// Prints exactly one stdout line once listening: EMULATOR_URL=http://127.0.0.1:PORT
// Options: those of `connect-phone emulator` (--port, --host, --fixtures, --region, --cred,
// --no-verify, --exit-on-stdin-close), and --verbose for the request log on stderr.
import { runEmulatorCli } from '../../pkg/emulator/cli.mjs';
import { smithyVerifier } from './smithy-verify.mjs';

const argv = process.argv.slice(2);
const verbose = argv.includes('--verbose');
const args = argv.filter((a) => a !== '--verbose' && a !== '--quiet');
// Without --verbose: only the URL line (--quiet); with it, the request log too, but the
// summary never goes to stdout, where callers expect one line.
const stdout = { write: (text) => (text.startsWith('EMULATOR_URL=') || !verbose ? process.stdout.write(text) : process.stderr.write(text)) };
process.exitCode = await runEmulatorCli(verbose ? args : [...args, '--quiet'], { extraVerifier: smithyVerifier, stdout });
