// DescribePhoneNumber end to end against the local emulator (run in its own process, signature
// checks off, so it answers every client with the same canned body): sequential and 32-concurrent
// calls per second for ours, @aws-sdk/client-connect and unsigned fetch (the floor), and two
// more floors: fetch with headers signed on each call by aws4 and by our signRequest, which
// show what signing alone costs between fetches (far more than in a tight signing loop).
//
//   node bench/describe.mjs [--rounds 5] [--calls 2000] [--concurrency 32] [--quick]
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import aws4 from 'aws4';
import { ConnectClient as SdkConnectClient, DescribePhoneNumberCommand } from '@aws-sdk/client-connect';
import {
  CREDENTIALS, PHONE_ID, REGION, fmt, fmtInt, fmtRatio, isMain, log, mdTable, median, nowUs, report,
  startEmulatorProcess, waitForPkg,
} from './lib.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};

function makeClients(ConnectClient, ClientOnly, signRequest, url) {
  const ours = new ConnectClient({ region: REGION, credentials: { ...CREDENTIALS }, endpoint: url, maxAttempts: 1 });
  const oursClient = new ClientOnly({ region: REGION, credentials: { ...CREDENTIALS }, endpoint: url, maxAttempts: 1 });
  const sdk = new SdkConnectClient({ region: REGION, credentials: { ...CREDENTIALS }, endpoint: url, maxAttempts: 1 });
  const rawUrl = `${url}/phone-number/${PHONE_ID}`;
  const { host } = new URL(url);
  const sdkHeaders = () => ({
    'x-amz-user-agent': 'connect-phone-wasm/bench',
    'amz-sdk-invocation-id': randomUUID(),
    'amz-sdk-request': 'attempt=1; max=1',
  });
  const signedFetch = async (headers) => {
    const res = await fetch(rawUrl, { method: 'GET', headers });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return (await res.json()).ClaimedPhoneNumberSummary;
  };
  return [
    {
      name: 'ours',
      label: 'ours: `ConnectClient` (pkg/node.mjs, global fetch)',
      call: async () => (await ours.describePhoneNumber({ PhoneNumberId: PHONE_ID })).ClaimedPhoneNumberSummary,
    },
    {
      name: 'ours/client',
      label: 'ours on `connect-phone-wasm/client` (pkg/client/node.mjs: the client-only .wasm, built for size)',
      call: async () => (await oursClient.describePhoneNumber({ PhoneNumberId: PHONE_ID })).ClaimedPhoneNumberSummary,
    },
    {
      name: 'aws-sdk',
      label: '@aws-sdk/client-connect: `ConnectClient.send(DescribePhoneNumberCommand)` (its default Node http handler)',
      call: async () => (await sdk.send(new DescribePhoneNumberCommand({ PhoneNumberId: PHONE_ID }))).ClaimedPhoneNumberSummary,
    },
    {
      name: 'fetch',
      label: 'floor: unsigned `fetch` + `response.json()`',
      call: async () => {
        const res = await fetch(rawUrl);
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return (await res.json()).ClaimedPhoneNumberSummary;
      },
    },
    {
      name: 'fetch+aws4',
      label: 'floor + signing: `fetch` with the headers `aws4.sign` gives on each call (the 3 SDK headers signed too) + `response.json()`',
      call: () => {
        const { headers } = aws4.sign(
          { host, path: `/phone-number/${PHONE_ID}`, service: 'connect', region: REGION, method: 'GET', headers: sdkHeaders() },
          { ...CREDENTIALS },
        );
        delete headers.Host;
        return signedFetch(headers);
      },
    },
    {
      name: 'fetch+ours',
      label: 'floor + signing: `fetch` with the headers our `signRequest` gives on each call (same 3 headers) + `response.json()`',
      call: () => {
        const signed = signRequest({ url: rawUrl, headers: sdkHeaders() }, { region: REGION, service: 'connect', credentials: CREDENTIALS });
        return signedFetch(signed.headers);
      },
    },
  ];
}

/** Calls per second for `calls` calls with `concurrency` callers. */
async function measure(client, calls, concurrency) {
  let next = 0;
  const worker = async () => {
    while (next < calls) {
      next++;
      await client.call();
    }
  };
  const t0 = nowUs();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return calls / ((nowUs() - t0) / 1e6);
}

export async function main() {
  const quick = process.argv.includes('--quick');
  const rounds = arg('rounds', quick ? 1 : 5);
  const calls = arg('calls', quick ? 500 : 2000);
  const concurrency = arg('concurrency', 32);
  await waitForPkg();
  const { ConnectClient, signRequest } = await import('../pkg/node.mjs');
  const { ConnectClient: ClientOnly } = await import('../pkg/client/node.mjs');
  const emu = await startEmulatorProcess({ verify: false });
  try {
    const clients = makeClients(ConnectClient, ClientOnly, signRequest, emu.url);

    // Sanity: every client gets the same summary.
    const outputs = await Promise.all(clients.map((c) => c.call()));
    for (const [i, c] of clients.entries()) {
      if (!outputs[i]?.PhoneNumber) throw new Error(`${c.name} returned no summary`);
      if (!isDeepStrictEqual(outputs[i], outputs[3])) throw new Error(`${c.name} returned a different summary than fetch`);
    }

    // Warm-up.
    for (const c of clients) {
      await measure(c, quick ? 100 : 300, 1);
      await measure(c, quick ? 200 : 600, concurrency);
    }
    log(`describe: ${rounds} rounds × ${clients.length} clients × (${calls} sequential + ${calls * 2} at concurrency ${concurrency}) against ${emu.url}`);

    const modes = [
      { name: 'sequential', concurrency: 1, calls },
      { name: `${concurrency} concurrent`, concurrency, calls: calls * 2 },
    ];
    const samples = new Map();
    for (let r = 0; r < rounds; r++) {
      for (const m of modes) {
        for (let i = 0; i < clients.length; i++) {
          const c = clients[(i + r) % clients.length];
          const key = `${c.name}|${m.name}`;
          if (!samples.has(key)) samples.set(key, []);
          samples.get(key).push(await measure(c, m.calls, m.concurrency));
        }
      }
    }

    const results = modes.map((m) => ({
      mode: m.name,
      calls: m.calls,
      clients: Object.fromEntries(clients.map((c) => [c.name, { median: median(samples.get(`${c.name}|${m.name}`)), samples: samples.get(`${c.name}|${m.name}`) }])),
    }));
    const rows = results.map((r) => {
      const o = r.clients.ours.median;
      return [
        r.mode,
        fmtInt(o),
        fmt(1e6 / o),
        `${fmtInt(r.clients['ours/client'].median)} (${fmtRatio(r.clients['ours/client'].median / o)})`,
        `${fmtInt(r.clients['aws-sdk'].median)} (${fmtRatio(r.clients['aws-sdk'].median / o)})`,
        `${fmtInt(r.clients.fetch.median)} (${fmtRatio(r.clients.fetch.median / o)})`,
        `${fmtInt(r.clients['fetch+aws4'].median)} (${fmtRatio(r.clients['fetch+aws4'].median / o)})`,
        `${fmtInt(r.clients['fetch+ours'].median)} (${fmtRatio(r.clients['fetch+ours'].median / o)})`,
      ];
    });
    const markdown = [
      `Median calls/s over ${rounds} rounds (sequential: ${calls} calls, one at a time; concurrent: ${calls * 2} calls by ` +
        `${concurrency} callers); clients alternate within a round. In brackets: peer ÷ ours in calls/s, so ` +
        '**< 1 means ours is faster**. The emulator runs in its own Node process on 127.0.0.1 ' +
        '(`tests/emulator/cli.mjs --no-verify`) and sends the same ~1 KB JSON body to every client.',
      '',
      mdTable(['mode', 'ours calls/s', 'ours µs/call', 'ours/client calls/s (÷ ours)', 'aws-sdk calls/s (÷ ours)', 'unsigned fetch calls/s (÷ ours)',
        'fetch + aws4 signing (÷ ours)', 'fetch + our signRequest (÷ ours)'], rows),
      '',
      'The two signed floors are not clients (no retries, no parsing or checks of the response): they show how much of ' +
        'the gap to unsigned `fetch` is signing itself, which costs several times more between two fetches than in ' +
        'a tight loop (caches are cold after the network code ran).',
      '',
      'Clients: ' + clients.map((c) => `\`${c.name}\` = ${c.label}`).join('; ') + '. The signed clients use `maxAttempts: 1`, static credentials and the emulator as `endpoint`.',
    ].join('\n');
    return { id: 'describe', title: 'DescribePhoneNumber end to end against the emulator (calls/s)', markdown, data: { rounds, calls, concurrency, results } };
  } finally {
    await emu.close();
  }
}

if (isMain(import.meta.url)) {
  report(await main());
  process.exit(0); // keep-alive sockets of the clients would otherwise hold the process a while
}
