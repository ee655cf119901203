// Signing in headless Chromium: ours (pkg/browser.js) against aws4fetch and @smithy/signature-v4
// with a WebCrypto SHA-256, timed in the page. A tiny static server on 127.0.0.1 serves the page,
// pkg/ and an esbuild bundle of the peers. A browser failure is reported, not thrown.
//
//   node bench/browser-sign.mjs [--rounds 15] [--batch-ms 30] [--quick]
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import * as esbuild from 'esbuild';
import {
  AMZ_DATE, BENCH, HOST, PKG, REGION, ROOT, SERVICE, SIGNING_DATE, SIGN_CASES, fmt, fmtRatio, isMain, log,
  mdTable, report, waitForPkg,
} from './lib.mjs';

const CHROMIUM = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.json': 'application/json' };

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};

const PAGE = `<!doctype html><meta charset="utf-8"><title>connect-phone-wasm signing benchmark</title>
<script type="module" src="/harness.js"></script>`;

async function bundlePeers() {
  const out = await esbuild.build({
    entryPoints: [join(BENCH, 'fixtures/browser-peers.js')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    write: false,
    logLevel: 'silent',
    absWorkingDir: ROOT,
  });
  return out.outputFiles[0].contents;
}

/** A static server: "/" (the page), /harness.js, /peers.js (bundle), /pkg/* (files from pkg/). */
async function startServer(peers) {
  const harness = await readFile(join(BENCH, 'fixtures/browser-harness.js'));
  const server = http.createServer(async (req, res) => {
    // Cross-origin isolation gives the page a 5 µs performance.now() instead of 100 µs.
    const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cache-Control': 'no-store' };
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let body;
    let type;
    if (path === '/') [body, type] = [PAGE, TYPES['.html']];
    else if (path === '/harness.js') [body, type] = [harness, TYPES['.js']];
    else if (path === '/peers.js') [body, type] = [peers, TYPES['.js']];
    else if (path.startsWith('/pkg/')) {
      const file = normalize(join(PKG, path.slice('/pkg/'.length)));
      if (file.startsWith(PKG + sep)) {
        try {
          body = await readFile(file);
          type = TYPES[extname(file)] ?? 'application/octet-stream';
        } catch {}
      }
    }
    if (body === undefined) {
      res.writeHead(404, headers);
      return res.end('not found');
    }
    res.writeHead(200, { ...headers, 'Content-Type': type });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

export async function main() {
  const quick = process.argv.includes('--quick');
  const rounds = arg('rounds', quick ? 5 : 15);
  const batchMs = arg('batch-ms', quick ? 10 : 30);
  const title = 'Signing in headless Chromium (µs per signature)';
  await waitForPkg();

  let server;
  let browser;
  try {
    const peers = await bundlePeers();
    server = await startServer(peers);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 30_000 });
    const version = browser.version();
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 20_000 }).catch(() => {
      throw new Error(`the page did not load: ${errors.join('; ') || 'timeout'}`);
    });
    log(`browser-sign: Chromium ${version} ready; ${rounds} rounds × ${SIGN_CASES.length} cases × 4 signers × ~${batchMs} ms`);
    page.setDefaultTimeout(170_000);
    const cases = SIGN_CASES.map(({ name, url, path, credentials }) => ({ name, url, path, credentials }));
    const out = await page.evaluate((cfg) => window.runBench(cfg), {
      cases, rounds, batchMs, warmMs: quick ? 60 : 150,
      region: REGION, service: SERVICE, host: HOST, signingDate: SIGNING_DATE.toISOString(), amzDate: AMZ_DATE,
    });

    const mismatch = [];
    for (const [c, sigs] of Object.entries(out.signatures)) {
      for (const [s, sig] of Object.entries(sigs)) {
        if (!sig) throw new Error(`${s} produced no authorization header in the browser (${c})`);
        if (sig !== sigs.ours) mismatch.push(`${s} on ${c}`);
      }
    }
    const peerNames = ['smithy-webcrypto', 'smithy-js', 'aws4fetch'];
    const rows = out.results.map((r) => {
      const o = r.signers.ours.median;
      return [r.case, fmt(o), ...peerNames.map((p) => `${fmt(r.signers[p].median)} (${fmtRatio(r.signers[p].median / o)})`)];
    });
    const markdown = [
      `Chromium ${version} (headless, ${CHROMIUM}), page cross-origin isolated: ${out.crossOriginIsolated} ` +
        `(timer resolution ${out.crossOriginIsolated ? '5 µs' : '100 µs'}). Median µs per signature over ${rounds} rounds ` +
        `of ~${batchMs} ms batches, signers alternating; in brackets peer ÷ ours (**> 1 means ours is faster**).`,
      '',
      mdTable(['case', 'ours µs', ...peerNames.map((p) => `${p} µs (÷ ours)`)], rows),
      '',
      '`ours` = `signRequest` from pkg/browser.js; `smithy-webcrypto` = @smithy/signature-v4 with a WebCrypto SHA-256/HMAC ' +
        '(bench/fixtures/webcrypto-sha256.js; @aws-crypto/sha256-browser is not installed); `smithy-js` = the same with the pure-JS @aws-crypto/sha256-js; `aws4fetch` = `AwsV4Signer.sign()` (WebCrypto), ' +
        'awaited one at a time. Peers bundled by esbuild (minified, esm, browser).',
      '',
      `Output check: ${mismatch.length ? `signatures differ from ours: ${mismatch.join(', ')}` : 'all four signers produce the same signature on every case'}.`,
    ].join('\n');
    return { id: 'browser-sign', title, markdown, data: { version, ...out } };
  } catch (e) {
    log(`browser-sign: FAILED: ${e.message}`);
    return { id: 'browser-sign', title, failed: true, markdown: `**Not measured: the browser run failed.**\n\n\`\`\`\n${String(e.stack ?? e).slice(0, 2000)}\n\`\`\``, data: { error: String(e) } };
  } finally {
    await browser?.close().catch(() => {});
    await server?.close();
  }
}

if (isMain(import.meta.url)) report(await main());
