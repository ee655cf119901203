#!/usr/bin/env node
// `npm run bench`: runs every benchmark, each in its own Node process, then writes
// bench/RESULTS.md and prints it.
//
//   node bench/run.mjs [--quick] [--only sign,describe,...] [--out bench/RESULTS.md]
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import {
  BENCH, PEER_PACKAGES, PKG, ROOT, fmt, fmtBytes, fmtInt, fmtRatio, machineInfo, mdTable, ourVersion, packageVersion,
  waitForPkg,
} from './lib.mjs';

const BENCHMARKS = [
  { id: 'bundle-size', file: 'bundle-size.mjs' },
  { id: 'cold-start', file: 'cold-start.mjs' },
  { id: 'sign', file: 'sign.mjs' },
  { id: 'browser-sign', file: 'browser-sign.mjs' },
  { id: 'describe', file: 'describe.mjs' },
  { id: 'memory', file: 'memory.mjs' },
  { id: 'breakdown', file: 'breakdown.mjs' },
];

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1].split(',') : null;
const outFile = argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : join(BENCH, 'RESULTS.md');

/** Runs one benchmark in a child process; resolves to its result, or to a failure record. */
function runOne(b, tmp) {
  const out = join(tmp, `${b.id}.json`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(BENCH, b.file), ...(quick ? ['--quick'] : [])], {
      cwd: ROOT,
      env: { ...process.env, BENCH_OUT: out, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const seconds = (Date.now() - started) / 1000;
      try {
        if (code !== 0) throw new Error(`exited with ${signal ?? `code ${code}`}`);
        resolve({ ...JSON.parse(readFileSync(out, 'utf8')), seconds });
      } catch (e) {
        resolve({ id: b.id, title: b.id, failed: true, seconds, markdown: `**Failed:** ${e.message} (see the run's stderr).`, data: null });
      }
    });
  });
}

/** A fingerprint of the built package, to notice a rebuild of pkg/ during the run. */
function pkgFingerprint() {
  const h = createHash('sha256');
  for (const f of ['connect_phone_wasm_bg.wasm', 'connect_phone_wasm.js']) {
    try {
      h.update(readFileSync(join(PKG, f)));
    } catch {
      h.update('missing');
    }
  }
  return h.digest('hex').slice(0, 12);
}

const cell = (value, ours, format = fmt) => (Number.isFinite(value) ? `${format(value)} (${fmtRatio(value / ours)})` : '–');

/** The headline table: one row per metric, one column per library, "value (peer ÷ ours)". */
function headline(results) {
  const by = Object.fromEntries(results.filter((r) => !r.failed && r.data).map((r) => [r.id, r.data]));
  const cols = ['ours', 'aws4', 'smithy + hash-node', 'smithy + sha256-js', 'smithy + WebCrypto', 'aws4fetch', '@aws-sdk/client-connect', 'unsigned fetch'];
  const rows = [];
  const add = (metric, better, values, format = fmt) => {
    const ours = values.ours;
    rows.push([metric, better, ...cols.map((c) => (c === 'ours' ? format(ours) : cell(values[c], ours, format)))]);
  };
  if (by.sign) {
    for (const name of ['UUID', 'ARN + session token']) {
      const s = by.sign.results.find((r) => r.case === name)?.signers;
      if (!s) continue;
      add(`Node: sign, ${name} (µs)`, 'lower', {
        ours: s.ours.median, aws4: s.aws4.median, 'smithy + hash-node': s['smithy-node'].median,
        'smithy + sha256-js': s['smithy-js'].median, aws4fetch: s.aws4fetch.median,
      });
    }
  }
  if (by['browser-sign']?.results) {
    for (const name of ['UUID', 'ARN + session token']) {
      const s = by['browser-sign'].results.find((r) => r.case === name)?.signers;
      if (!s) continue;
      add(`Chromium: sign, ${name} (µs)`, 'lower', {
        ours: s.ours.median, 'smithy + WebCrypto': s['smithy-webcrypto'].median, 'smithy + sha256-js': s['smithy-js'].median, aws4fetch: s.aws4fetch.median,
      });
    }
  }
  if (by.describe) {
    for (const r of by.describe.results) {
      add(`describe, ${r.mode} (calls/s)`, 'higher', {
        ours: r.clients.ours.median, 'ours on /client': r.clients['ours/client'].median, '@aws-sdk/client-connect': r.clients['aws-sdk'].median, 'unsigned fetch': r.clients.fetch.median,
      }, fmtInt);
    }
  }
  if (by['bundle-size']) {
    const b = Object.fromEntries(by['bundle-size'].results.map((r) => [r.name, r]));
    add('browser app, gzip -9 (bytes, ours = connect-phone-wasm/client, JS + .wasm)', 'lower', { ours: b.ours.totalGzip, 'ours, main entry': b['ours-main'].totalGzip, '@aws-sdk/client-connect': b['aws-sdk'].totalGzip, aws4fetch: b.aws4fetch.totalGzip }, fmtInt);
    add('browser app, raw (bytes, ours = connect-phone-wasm/client, JS + .wasm)', 'lower', { ours: b.ours.totalRaw, 'ours, main entry': b['ours-main'].totalRaw, '@aws-sdk/client-connect': b['aws-sdk'].totalRaw, aws4fetch: b.aws4fetch.totalRaw }, fmtInt);
  }
  if (by['cold-start']) {
    const c = Object.fromEntries(by['cold-start'].results.map((r) => [r.name, r]));
    const pick = (k) => ({ ours: c.ours[k], aws4: c.aws4[k], 'smithy + hash-node': c.smithy[k], aws4fetch: c.aws4fetch[k], '@aws-sdk/client-connect': c['aws-sdk'][k] });
    add('cold start: import → first signature (ms)', 'lower', pick('importToSignMs'));
    add('cold start: whole `node` process (ms)', 'lower', pick('wallMs'));
  }
  if (by.memory) {
    const total = by.memory.phases.at(-1).growth;
    rows.push(['WASM memory growth, whole memory run (bytes)', 'lower', `${fmtInt(total)} (${fmtBytes(total)}; goal ≤ 1 MiB: ${total <= 1 << 20 ? 'met' : '**missed**'})`, ...cols.slice(1).map(() => '–')]);
  }
  return mdTable(['metric', 'better', ...cols], rows, 'll' + 'r'.repeat(cols.length));
}

async function main() {
  await waitForPkg();
  const t0 = Date.now();
  const loadBefore = os.loadavg();
  const fingerprintBefore = pkgFingerprint();
  const tmp = mkdtempSync(join(os.tmpdir(), 'connect-phone-bench-'));
  const results = [];
  try {
    for (const b of BENCHMARKS) {
      if (only && !only.includes(b.id)) continue;
      process.stderr.write(`[bench] ${b.id}...\n`);
      const r = await runOne(b, tmp);
      process.stderr.write(`[bench] ${b.id}: ${r.failed ? 'FAILED' : 'done'} in ${r.seconds.toFixed(1)} s\n`);
      results.push(r);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const seconds = (Date.now() - t0) / 1000;
  const loadAfter = os.loadavg();
  const fingerprintAfter = pkgFingerprint();
  const pkgNote = fingerprintBefore === fingerprintAfter
    ? `pkg/ fingerprint (SHA-256 of the .wasm + glue): \`${fingerprintBefore}\`, unchanged during the run.`
    : `**pkg/ was rebuilt during the run** (fingerprint \`${fingerprintBefore}\` → \`${fingerprintAfter}\`): the sections may mix two builds; run again.`;
  if (fingerprintBefore !== fingerprintAfter) process.stderr.write('[bench] WARNING: pkg/ changed during the run\n');

  const m = machineInfo();
  const chromium = results.find((r) => r.id === 'browser-sign')?.data?.version;
  const versions = [
    ['connect-phone-wasm (ours, pkg/)', ourVersion()],
    ...PEER_PACKAGES.map((p) => [p, packageVersion(p)]),
    ['Chromium', chromium ?? '(not run)'],
  ];
  const md = [
    '# Benchmark results',
    '',
    `Generated by \`npm run bench\` (\`node bench/run.mjs${argv.length ? ' ' + argv.join(' ') : ''}\`) on ${new Date().toISOString()}, ` +
      `in ${seconds.toFixed(0)} s. See bench/README.md for what each benchmark measures and its caveats.` +
      (quick ? ' **Quick mode: fewer rounds, numbers are rough.**' : ''),
    '',
    '## Machine',
    '',
    mdTable(['', ''], [
      ['CPU', m.cpu],
      ['cores', `${m.cores} available (${m.logicalCpus} logical CPUs)`],
      ['memory', m.memory],
      ['OS', m.os],
      ['Node', `${m.node} (V8 ${m.v8})`],
      ['load average (1 min) before / after', `${loadBefore[0].toFixed(2)} / ${loadAfter[0].toFixed(2)}`],
    ], 'll'),
    '',
    '## Versions',
    '',
    mdTable(['package', 'version'], versions, 'll'),
    '',
    pkgNote,
    '',
    '## Summary',
    '',
    'Medians. Each peer cell is `value (peer ÷ ours)`; the `better` column says which direction wins, so for "lower" ' +
      'metrics a ratio **above 1** means ours wins, and for "higher" metrics (calls/s) a ratio **below 1** means ours wins.',
    '',
    headline(results),
    '',
    ...results.flatMap((r) => [`## ${r.title}`, '', `_${r.id}, ${r.seconds.toFixed(1)} s_${r.failed ? ' — **failed**' : ''}`, '', r.markdown, '']),
  ].join('\n');
  writeFileSync(outFile, md);
  process.stdout.write(md);
  process.stderr.write(`\n[bench] wrote ${relative(process.cwd(), outFile)} in ${seconds.toFixed(0)} s\n`);
  const failed = results.filter((r) => r.failed && r.id !== 'browser-sign');
  if (failed.length) {
    process.stderr.write(`[bench] failed: ${failed.map((r) => r.id).join(', ')}\n`);
    process.exitCode = 1;
  }
}

await main();
