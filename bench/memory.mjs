// WASM linear memory (memory.buffer.byteLength) before and after 100,000 signatures and 20,000
// describes against the emulator, with checkpoints to tell a plateau from a leak. Linear memory
// never shrinks, so the growth is the high-water mark. Goal: ≤ 1 MiB of growth.
//
//   node bench/memory.mjs [--signatures 100000] [--describes 20000] [--quick]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import {
  CREDENTIALS, PHONE_ID, PKG, REGION, SERVICE, SIGN_CASES, fmtBytes, fmtInt, isMain, log, mdTable, report,
  startEmulatorProcess, waitForPkg,
} from './lib.mjs';

const GOAL = 1024 * 1024;
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};

function getGc() {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc');
}

export async function main() {
  const quick = process.argv.includes('--quick');
  const nSign = arg('signatures', quick ? 10_000 : 100_000);
  const nDescribe = arg('describes', quick ? 2_000 : 20_000);
  const nClients = arg('clients', quick ? 200 : 1_000);
  const concurrency = 32;
  await waitForPkg();
  // The public API (what users call: pkg/node.mjs wraps the glue), and the glue's memory: the
  // entry has already instantiated the module, so initSync returns the existing exports.
  const api = await import('../pkg/node.mjs');
  const glue = await import('../pkg/connect_phone_wasm.js');
  const wasm = glue.initSync({ module: readFileSync(join(PKG, 'connect_phone_wasm_bg.wasm')) });
  if (!wasm?.memory) throw new Error('initSync did not return the wasm exports');
  const mem = () => wasm.memory.buffer.byteLength;
  const gc = getGc();
  const heap = () => {
    gc();
    return process.memoryUsage().heapUsed;
  };

  const rows = [];
  const phases = [];
  const initial = mem();
  const heap0 = heap();
  const point = (phase, label, done, base, heapBase) => {
    const bytes = mem();
    rows.push([phase, label, fmtInt(done), fmtInt(bytes), fmtBytes(bytes - base), fmtBytes(heap() - heapBase)]);
    return bytes;
  };
  rows.push(['start', 'after `initSync`', '0', fmtInt(initial), '–', '–']);

  // 1. Signatures: the four cases in turn, signing date = now (the default), as an app would.
  const opts = SIGN_CASES.map((c) => ({ region: REGION, service: SERVICE, credentials: c.credentials }));
  const before1 = mem();
  const heap1 = heap();
  const checkpoints1 = new Set([1_000, 10_000, nSign]);
  for (let i = 1; i <= nSign; i++) {
    const k = i & 3;
    const out = api.signRequest({ url: SIGN_CASES[k].url }, opts[k]);
    if (i === 1 && !out.headers.authorization) throw new Error('no signature');
    if (checkpoints1.has(i)) point('signRequest', `after ${fmtInt(i)}`, i, before1, heap1);
  }
  phases.push({ phase: `${fmtInt(nSign)} signatures`, growth: mem() - before1 });
  log(`memory: ${nSign} signatures done`);

  const emu = await startEmulatorProcess({ verify: false });
  try {
    // 2. Describes: one client, 32 callers.
    const client = new api.ConnectClient({ region: REGION, credentials: { ...CREDENTIALS }, endpoint: emu.url, maxAttempts: 1 });
    const before2 = mem();
    const heap2 = heap();
    const checkpoints2 = [1_000, 10_000, nDescribe].filter((n) => n <= nDescribe);
    let started = 0;
    let done = 0;
    for (const target of checkpoints2) {
      const worker = async () => {
        while (started < target) {
          started++;
          const out = await client.describePhoneNumber({ PhoneNumberId: PHONE_ID });
          if (!out.ClaimedPhoneNumberSummary) throw new Error('no summary');
          done++;
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      point('describePhoneNumber', `after ${fmtInt(done)} (${concurrency} concurrent)`, done, before2, heap2);
    }
    phases.push({ phase: `${fmtInt(nDescribe)} describes`, growth: mem() - before2 });
    client.free();
    log(`memory: ${nDescribe} describes done`);

    // 3. Client lifecycle: new client, one describe, free; repeated.
    const before3 = mem();
    const heap3 = heap();
    for (let i = 1; i <= nClients; i++) {
      const c = new api.ConnectClient({ region: REGION, credentials: { ...CREDENTIALS }, endpoint: emu.url, maxAttempts: 1 });
      await c.describePhoneNumber({ PhoneNumberId: PHONE_ID });
      c.free();
    }
    point('new client + describe + free', `after ${fmtInt(nClients)}`, nClients, before3, heap3);
    phases.push({ phase: `${fmtInt(nClients)} × (new client + describe + free)`, growth: mem() - before3 });
  } finally {
    await emu.close();
  }

  const total = mem() - initial;
  phases.push({ phase: 'whole run', growth: total });
  const phaseRows = phases.map((p) => [p.phase, fmtInt(p.growth), fmtBytes(p.growth), p.growth <= GOAL ? 'yes' : '**NO**']);
  const markdown = [
    'WASM linear memory (`memory.buffer.byteLength` of the exports that the glue\'s `initSync` returns) in one Node process, ' +
      'driven through the public API (pkg/node.mjs). Signatures use the four cases in turn with the default signing date (now); describes go to ' +
      `the emulator (own process, no signature checks) from one client with ${concurrency} concurrent callers. Linear memory ` +
      'never shrinks, so growth is the high-water mark; a plateau between checkpoints means no leak. ' +
      `Goal: growth ≤ ${fmtBytes(GOAL)}.`,
    '',
    mdTable(['phase', 'growth B', 'growth', '≤ 1 MiB'], phaseRows, 'lrrl'),
    '',
    '<details><summary>Checkpoints (JS heap Δ = heapUsed after a forced GC, against the start of the phase)</summary>',
    '',
    mdTable(['phase', 'checkpoint', 'calls', 'linear memory B', 'Δ linear memory', 'Δ JS heap'], rows, 'llrrrr'),
    '',
    '</details>',
  ].join('\n');
  return {
    id: 'memory',
    title: 'WASM memory growth',
    markdown,
    data: { initial, final: mem(), phases, heapStart: heap0 },
  };
}

if (isMain(import.meta.url)) {
  report(await main());
  process.exit(0);
}
