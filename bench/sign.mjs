// Signing a DescribePhoneNumber request in Node: ours against aws4, @smithy/signature-v4 (with
// the native and the pure-JS SHA-256) and aws4fetch, in one process, in alternating rounds.
//
//   node bench/sign.mjs [--rounds 15] [--batch-ms 30] [--quick]
import { Sha256 } from '@aws-crypto/sha256-js';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import aws4 from 'aws4';
import { AwsV4Signer } from 'aws4fetch';
import {
  AMZ_DATE, HOST, REGION, SERVICE, SIGNING_DATE, SIGN_CASES, fmt, fmtRatio, isMain, log, mdTable,
  median, nowUs, quantile, report, waitForPkg,
} from './lib.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};

/** Each signer: `prepare(case)` returns a function that signs once (sync, or async when `async`). */
function makeSigners(signRequest) {
  const smithy = (sha256) => (c) => {
    const signer = new SignatureV4({ credentials: c.credentials, region: REGION, service: SERVICE, sha256, applyChecksum: false });
    const opts = { signingDate: SIGNING_DATE };
    return () =>
      signer.sign(new HttpRequest({ method: 'GET', protocol: 'https:', hostname: HOST, path: c.path, headers: { host: HOST } }), opts);
  };
  return [
    {
      name: 'ours',
      label: 'ours (signRequest)',
      async: false,
      prepare: (c) => {
        const opts = { region: REGION, service: SERVICE, credentials: c.credentials, signingDate: SIGNING_DATE };
        return () => signRequest({ url: c.url }, opts);
      },
      authorization: (r) => r.headers.authorization,
    },
    {
      name: 'aws4',
      label: 'aws4 (aws4.sign)',
      async: false,
      prepare: (c) => () =>
        aws4.sign({ host: HOST, path: c.path, service: SERVICE, region: REGION, method: 'GET', headers: { 'X-Amz-Date': AMZ_DATE } }, c.credentials),
      authorization: (r) => r.headers.Authorization,
    },
    {
      name: 'smithy-node',
      label: '@smithy/signature-v4 + @smithy/hash-node',
      async: true,
      prepare: smithy(Hash.bind(null, 'sha256')),
      authorization: (r) => r.headers.authorization,
    },
    {
      name: 'smithy-js',
      label: '@smithy/signature-v4 + @aws-crypto/sha256-js',
      async: true,
      prepare: smithy(Sha256),
      authorization: (r) => r.headers.authorization,
    },
    {
      name: 'aws4fetch',
      label: 'aws4fetch (AwsV4Signer.sign, awaited)',
      async: true,
      prepare: (c) => () =>
        new AwsV4Signer({ url: c.url, method: 'GET', ...c.credentials, service: SERVICE, region: REGION, datetime: AMZ_DATE }).sign(),
      authorization: (r) => r.headers.get('authorization'),
    },
  ];
}

/** The SDK headers a Connect call signs, lower-case as fetch sends them. */
const SDK_HEADERS = {
  'x-amz-user-agent': 'aws-sdk-js/3.0.0 ua/2.1 os/linux lang/js md/nodejs#20.20.2 api/connect#3.0.0',
  'amz-sdk-invocation-id': '9c4c4b2e-66b4-4f6e-9a0e-1b0c6c1e2d3f',
  'amz-sdk-request': 'attempt=1; max=3',
};

/**
 * Every common shape of a call, ours against aws4 (the peer of the 0.5× goal): with and
 * without a session token, a headers object (none, empty, the 3 SDK headers) and a
 * signingDate (given, or now). Same rounds and rotation as the main table.
 */
async function callShapes(signRequest, rounds, batchMs, quick) {
  const shapes = [];
  for (const token of [false, true]) {
    for (const headers of ['none', 'empty', 'sdk']) {
      for (const dated of [true, false]) {
        const c = SIGN_CASES.find((k) => k.name === (token ? 'UUID + session token' : 'UUID'));
        const extra = headers === 'sdk' ? SDK_HEADERS : {};
        const name = `${token ? 'token' : 'no token'}, headers ${headers}, ${dated ? 'signingDate' : 'now'}`;
        const ours = () => {
          const opts = { region: REGION, service: SERVICE, credentials: c.credentials, ...(dated ? { signingDate: SIGNING_DATE } : {}) };
          const request = headers === 'none' ? { url: c.url } : { url: c.url, headers: { ...extra } };
          return () => signRequest(request, opts);
        };
        const peer = () => () =>
          aws4.sign({ host: HOST, path: c.path, service: SERVICE, region: REGION, method: 'GET',
            headers: { ...extra, ...(dated ? { 'X-Amz-Date': AMZ_DATE } : {}) } }, c.credentials);
        shapes.push({ name, fns: { ours: ours(), aws4: peer() } });
      }
    }
  }
  const sync = { async: false };
  const batch = new Map();
  for (const shape of shapes) {
    for (const [who, fn] of Object.entries(shape.fns)) {
      let n = 50;
      let us = 0;
      const warmUntil = nowUs() + (quick ? 30_000 : 80_000);
      while (nowUs() < warmUntil) {
        us = await timeBatch(sync, fn, n);
        n = Math.min(100_000, Math.max(50, Math.ceil((batchMs * 1000) / us / 4)));
      }
      batch.set(`${who}|${shape.name}`, Math.max(20, Math.round((batchMs * 1000) / us)));
    }
  }
  const samples = new Map([...batch.keys()].map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    for (const shape of shapes) {
      for (const who of r % 2 ? ['aws4', 'ours'] : ['ours', 'aws4']) {
        const key = `${who}|${shape.name}`;
        samples.get(key).push(await timeBatch(sync, shape.fns[who], batch.get(key)));
      }
    }
  }
  const results = shapes.map((shape) => {
    const ours = median(samples.get(`ours|${shape.name}`));
    const aws4Us = median(samples.get(`aws4|${shape.name}`));
    return { shape: shape.name, ours, aws4: aws4Us, ratio: ours / aws4Us };
  });
  const worst = Math.max(...results.map((r) => r.ratio));
  const markdown = [
    '### Every call shape, ours against aws4',
    '',
    'The UUID request with and without a session token, a `headers` object (none, `{}`, the 3 SDK headers ' +
      '`x-amz-user-agent`, `amz-sdk-invocation-id`, `amz-sdk-request`) and a `signingDate` (given, or the default: now). ' +
      `Median µs over ${rounds} rounds. **ours ÷ aws4** is the share of aws4's time ours takes (the goal is at most 0.5×); ` +
      `the worst shape here is ${fmtRatio(worst)}.`,
    '',
    mdTable(['shape', 'ours µs', 'aws4 µs', 'ours ÷ aws4'], results.map((r) => [r.shape, fmt(r.ours), fmt(r.aws4), fmtRatio(r.ratio)])),
  ].join('\n');
  return { results, markdown };
}

let sink; // keeps results alive so that no signer's work can be optimised away

/** µs per signature over `n` signatures. */
async function timeBatch(signer, fn, n) {
  if (signer.async) {
    const t0 = nowUs();
    for (let i = 0; i < n; i++) sink = await fn();
    return (nowUs() - t0) / n;
  }
  const t0 = nowUs();
  for (let i = 0; i < n; i++) sink = fn();
  return (nowUs() - t0) / n;
}

const signature = (auth) => /Signature=([0-9a-f]{64})/.exec(auth ?? '')?.[1];

export async function main() {
  const quick = process.argv.includes('--quick');
  const rounds = arg('rounds', quick ? 5 : 15);
  const batchMs = arg('batch-ms', quick ? 10 : 30);
  await waitForPkg();
  const { signRequest } = await import('../pkg/node.mjs');
  const signers = makeSigners(signRequest);

  // Sanity: every signer produces an Authorization header, and the same signature as smithy.
  const checks = [];
  for (const c of SIGN_CASES) {
    const sigs = {};
    for (const s of signers) {
      const auth = s.authorization(await s.prepare(c)());
      if (!auth) throw new Error(`${s.name} produced no authorization header for ${c.name}`);
      sigs[s.name] = signature(auth);
    }
    if (sigs.ours !== sigs['smithy-node']) throw new Error(`ours and smithy disagree for ${c.name}: ${sigs.ours} vs ${sigs['smithy-node']}`);
    const differing = signers.filter((s) => sigs[s.name] !== sigs.ours).map((s) => s.name);
    checks.push({ case: c.name, signature: sigs.ours, differing });
  }
  log(`sign: outputs checked (${checks.every((c) => c.differing.length === 0) ? 'all 5 signers agree on every case' : 'some differ'})`);

  // Warm-up (JIT, key caches) and calibration: the batch size that takes about batchMs.
  const fns = new Map();
  const batch = new Map();
  for (const c of SIGN_CASES) {
    for (const s of signers) {
      const fn = s.prepare(c);
      fns.set(`${s.name}|${c.name}`, fn);
      let n = 50;
      let us = 0;
      const warmUntil = nowUs() + (quick ? 60_000 : 150_000);
      while (nowUs() < warmUntil) {
        us = await timeBatch(s, fn, n);
        n = Math.min(100_000, Math.max(50, Math.ceil((batchMs * 1000) / us / 4)));
      }
      batch.set(`${s.name}|${c.name}`, Math.max(20, Math.round((batchMs * 1000) / us)));
    }
  }
  log(`sign: warmed up; ${rounds} rounds × ${SIGN_CASES.length} cases × ${signers.length} signers × ~${batchMs} ms`);

  // Rounds: every case, every signer, in a rotating order.
  const samples = new Map([...fns.keys()].map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    for (const c of SIGN_CASES) {
      for (let i = 0; i < signers.length; i++) {
        const s = signers[(i + r) % signers.length];
        const key = `${s.name}|${c.name}`;
        samples.get(key).push(await timeBatch(s, fns.get(key), batch.get(key)));
      }
    }
  }

  const results = SIGN_CASES.map((c) => ({
    case: c.name,
    signers: Object.fromEntries(signers.map((s) => {
      const v = samples.get(`${s.name}|${c.name}`);
      return [s.name, { median: median(v), p25: quantile(v, 0.25), p75: quantile(v, 0.75), batch: batch.get(`${s.name}|${c.name}`) }];
    })),
  }));

  const peers = signers.filter((s) => s.name !== 'ours');
  const header = ['case', 'ours µs', ...peers.map((p) => `${p.name} µs (÷ ours)`)];
  const rows = results.map((r) => {
    const o = r.signers.ours.median;
    return [r.case, fmt(o), ...peers.map((p) => `${fmt(r.signers[p.name].median)} (${fmtRatio(r.signers[p.name].median / o)})`)];
  });
  const spreadRows = results.map((r) => [r.case, ...signers.map((s) => `${fmt(r.signers[s.name].p25)}–${fmt(r.signers[s.name].p75)}`)]);
  const markdown = [
    `Median µs per signature over ${rounds} rounds (each round times every signer on every case in a rotating order; ` +
      `a batch is ~${batchMs} ms of back-to-back signatures). In brackets: peer ÷ ours, so **> 1 means ours is faster**. ` +
      'The async signers (smithy, aws4fetch) are awaited one signature at a time.',
    '',
    mdTable(header, rows),
    '',
    'Signers: ' + signers.map((s) => `\`${s.name}\` = ${s.label}`).join('; ') + '.',
    '',
    '<details><summary>Interquartile range of the rounds (µs)</summary>',
    '',
    mdTable(['case', ...signers.map((s) => s.name)], spreadRows),
    '',
    '</details>',
    '',
    `Output check (signing date ${SIGNING_DATE.toISOString()}): ` +
      checks.map((c) => `${c.case}: ${c.differing.length ? `differ: ${c.differing.join(', ')}` : 'all agree'}`).join('; ') +
      '. Ours is required to equal @smithy/signature-v4 exactly.',
  ].join('\n');
  const shapes = await callShapes(signRequest, rounds, batchMs, quick);
  return {
    id: 'sign',
    title: 'Signing in Node (µs per signature)',
    markdown: `${markdown}\n\n${shapes.markdown}`,
    data: { rounds, batchMs, results, checks, shapes: shapes.results },
  };
}

if (isMain(import.meta.url)) report(await main());
