// Cold start: a fresh `node` per run (spawnSync), runs interleaved across peers, median of 10.
// Each child (bench/fixtures/cold/) takes performance.now() at the top of its script, then
// imports its library and makes the first signature; it prints the elapsed time and the time
// since the process started. The parent also times the child's whole life (spawn to exit).
//
//   node bench/cold-start.mjs [--runs 10]
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BENCH, ROOT, fmt, fmtRatio, isMain, log, mdTable, median, nowUs, report, waitForPkg } from './lib.mjs';

const PEERS = [
  { name: 'ours', file: 'ours.mjs', what: 'dynamic `import()` of pkg/node.mjs (reads, compiles and instantiates the .wasm) + `signRequest`' },
  { name: 'aws-sdk', file: 'aws-sdk.mjs', what: '`import()` of @aws-sdk/client-connect + `new ConnectClient` + `send(DescribePhoneNumberCommand)` up to the signed request (stopped by a last middleware, no network)' },
  { name: 'aws4', file: 'aws4.cjs', what: '`require("aws4")` + `aws4.sign`' },
  { name: 'smithy', file: 'smithy.mjs', what: '`import()` of @smithy/signature-v4, @smithy/hash-node, @smithy/protocol-http + `sign`' },
  { name: 'aws4fetch', file: 'aws4fetch.mjs', what: '`import()` of aws4fetch + `AwsV4Signer.sign()`' },
  { name: 'node (empty)', file: 'empty.mjs', what: 'a script that does nothing: the floor of a fresh process' },
];

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};

function runChild(peer) {
  const t0 = nowUs();
  const r = spawnSync(process.execPath, [join(BENCH, 'fixtures/cold', peer.file)], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    timeout: 30_000,
  });
  const wallMs = (nowUs() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${peer.name} failed (status ${r.status}): ${r.stderr || r.error}`);
  return { ...JSON.parse(r.stdout), wallMs };
}

export async function main() {
  const runs = arg('runs', process.argv.includes('--quick') ? 3 : 10);
  await waitForPkg();
  for (const p of PEERS) runChild(p); // warm the OS file cache once, untimed
  const samples = new Map(PEERS.map((p) => [p.name, []]));
  for (let r = 0; r < runs; r++) {
    for (let i = 0; i < PEERS.length; i++) {
      const p = PEERS[(i + r) % PEERS.length];
      samples.get(p.name).push(runChild(p));
    }
  }
  log(`cold-start: ${runs} runs × ${PEERS.length} scripts done`);

  const results = PEERS.map((p) => {
    const s = samples.get(p.name);
    return {
      name: p.name,
      what: p.what,
      importToSignMs: median(s.map((x) => x.ms)),
      processStartToSignMs: median(s.map((x) => x.sinceStart)),
      wallMs: median(s.map((x) => x.wallMs)),
      ...(s[0].clientMs !== undefined ? { importAndClientMs: median(s.map((x) => x.clientMs)) } : {}),
    };
  });
  const ours = results[0];
  const rows = results.map((r) => [
    r.name,
    fmt(r.importToSignMs),
    r.name === 'node (empty)' ? '–' : fmtRatio(r.importToSignMs / ours.importToSignMs),
    fmt(r.processStartToSignMs),
    fmt(r.wallMs),
    fmtRatio(r.wallMs / ours.wallMs),
  ]);
  const sdk = results.find((r) => r.name === 'aws-sdk');
  const markdown = [
    `Median of ${runs} fresh \`node\` processes per script (runs interleaved). **import → first signature**: measured in the child ` +
      'from `performance.now()` at the top of its script; **process start → signature**: the child\'s `performance.now()` at that point ' +
      '(includes Node\'s own start-up); **wall**: the parent\'s clock around `spawnSync` (start to exit). Ratios are peer ÷ ours: **> 1 means ours starts faster**.',
    '',
    mdTable(['script', 'import → first signature ms', '÷ ours', 'process start → signature ms', 'wall ms', 'wall ÷ ours'], rows),
    '',
    `For aws-sdk, import + \`new ConnectClient\` alone: ${fmt(sdk.importAndClientMs)} ms.`,
    '',
    'What each script does (bench/fixtures/cold/): ' + results.map((r) => `\`${r.name}\`: ${r.what}`).join('; ') + '.',
  ].join('\n');
  return { id: 'cold-start', title: 'Cold start in a fresh Node process (ms)', markdown, data: { runs, results } };
}

if (isMain(import.meta.url)) report(await main());
