#!/usr/bin/env node
// Run the Connect emulator as a process (used by the demo, benchmarks and the
// browser test runner). Prints exactly one stdout line once listening:
//   EMULATOR_URL=http://127.0.0.1:PORT
// Options: --port N  --no-verify  --region R  --host H  --verbose  --exit-on-stdin-close
import { startEmulator } from './server.mjs';

function parseArgs(argv) {
  const o = { port: 0, verifySignatures: true, region: 'us-west-2', host: '127.0.0.1', quiet: true, exitOnStdinClose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--port') o.port = Number(value());
    else if (a === '--region') o.region = value();
    else if (a === '--host') o.host = value();
    else if (a === '--no-verify') o.verifySignatures = false;
    else if (a === '--verbose') o.quiet = false;
    else if (a === '--exit-on-stdin-close') o.exitOnStdinClose = true;
    else throw new Error(`unknown argument: ${a}`);
  }
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new Error('--port must be 0..65535');
  return o;
}

let args;
try { args = parseArgs(process.argv.slice(2)); } catch (e) {
  process.stderr.write(`emulator: ${e.message}\n`);
  process.exit(2);
}

const emu = await startEmulator(args);
process.stdout.write(`EMULATOR_URL=${emu.url}\n`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(0), 2000).unref(); // never hang on shutdown
  await emu.close();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
// Opt-in only: a parent that spawns us with a pipe can make us exit by
// closing it (or by dying), without needing to deliver a signal.
if (args.exitOnStdinClose) {
  process.stdin.on('end', shutdown);
  process.stdin.on('close', shutdown);
  process.stdin.on('error', shutdown);
  process.stdin.resume();
}
