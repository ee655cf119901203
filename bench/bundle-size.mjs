// What a browser app that describes one number ships: esbuild (bundle, minify, esm, browser) of
// the minimal apps in bench/fixtures/apps/, raw and gzip -9 bytes. Ours also ships its .wasm.
//
//   node bench/bundle-size.mjs
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { BENCH, PKG, ROOT, fmtBytes, fmtInt, fmtRatio, isMain, log, mdTable, report, waitForPkg } from './lib.mjs';

const APPS = [
  {
    name: 'ours', label: 'connect-phone-wasm/client `ConnectClient` (JS glue + client-only .wasm)', file: 'ours.js',
    entry: 'pkg/client/browser.js', wasm: join(PKG, 'client/connect_phone_client_bg.wasm'),
  },
  {
    name: 'ours-main', label: 'the same app on the main connect-phone-wasm entry (its .wasm also holds the signer)', file: 'ours-main.js',
    entry: 'pkg/browser.js', wasm: join(PKG, 'connect_phone_wasm_bg.wasm'),
  },
  { name: 'aws-sdk', label: '@aws-sdk/client-connect `ConnectClient` + `DescribePhoneNumberCommand`', file: 'aws-sdk.js' },
  {
    name: 'ours-cognito', label: 'the `ours` app with credentials from `fromCognitoIdentityPool` (built in)', file: 'ours-cognito.js',
    entry: 'pkg/client/browser.js', wasm: join(PKG, 'client/connect_phone_client_bg.wasm'),
  },
  {
    name: 'aws-sdk-cognito', label: 'the `aws-sdk` app with `fromCognitoIdentityPool` of @aws-sdk/credential-providers', file: 'aws-sdk-cognito.js',
  },
  { name: 'aws4fetch', label: 'aws4fetch `AwsClient.fetch` (signing only, no response parsing or errors)', file: 'aws4fetch.js' },
];

const gz = (buf) => gzipSync(buf, { level: 9 }).length;

export async function main() {
  await waitForPkg();
  const results = [];
  for (const app of APPS) {
    const out = await esbuild.build({
      entryPoints: [join(BENCH, 'fixtures/apps', app.file)],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: ROOT,
    });
    const js = out.outputFiles[0].contents;
    const inputs = Object.keys(out.metafile.inputs);
    const r = { name: app.name, label: app.label, jsRaw: js.length, jsGzip: gz(js), modules: inputs.length, wasmRaw: 0, wasmGzip: 0 };
    if (app.wasm) {
      if (!inputs.some((i) => i.endsWith(app.entry))) throw new Error(`the ${app.name} app did not resolve to ${app.entry}`);
      const wasmName = app.wasm.split('/').pop();
      if (!new TextDecoder().decode(js).includes(wasmName)) throw new Error(`the ${app.name} bundle does not reference ${wasmName}`);
      const wasm = readFileSync(app.wasm);
      r.wasmRaw = wasm.length;
      r.wasmGzip = gz(wasm);
      r.wasmFile = relative(ROOT, app.wasm);
    }
    r.totalRaw = r.jsRaw + r.wasmRaw;
    r.totalGzip = r.jsGzip + r.wasmGzip;
    results.push(r);
    log(`bundle-size: ${app.name}: ${r.totalRaw} B raw, ${r.totalGzip} B gzip (${r.modules} modules)`);
  }

  const ours = results[0];
  const rows = results.map((r) => [
    r.name,
    fmtInt(r.jsRaw),
    r.wasmRaw ? fmtInt(r.wasmRaw) : '–',
    `${fmtInt(r.totalRaw)} (${fmtBytes(r.totalRaw)})`,
    fmtInt(r.jsGzip),
    r.wasmGzip ? fmtInt(r.wasmGzip) : '–',
    `${fmtInt(r.totalGzip)} (${fmtBytes(r.totalGzip)})`,
    fmtRatio(r.totalRaw / ours.totalRaw),
    fmtRatio(r.totalGzip / ours.totalGzip),
    fmtInt(r.modules),
  ]);
  const markdown = [
    'Bytes of a minimal browser app that describes one number, bundled by esbuild (`bundle`, `minify`, `format: esm`, ' +
      '`platform: browser`); gzip at zlib level 9, each file compressed on its own. Ours = the JS bundle **plus** ' +
      'the .wasm it fetches at run time. `ours` imports `connect-phone-wasm/client`, the entry for apps that only call ' +
      'Connect; `ours-main` is the same app on the main entry. Ratios are ÷ `ours`: **> 1 means `ours` is smaller**.',
    '',
    mdTable(['app', 'JS B', '.wasm B', 'total B', 'JS gzip B', '.wasm gzip B', 'total gzip B', 'raw ÷ ours', 'gzip ÷ ours', 'modules'], rows),
    '',
    'Apps (bench/fixtures/apps/): ' + results.map((r) => `\`${r.name}\` = ${r.label}`).join('; ') + '.',
  ].join('\n');
  return { id: 'bundle-size', title: 'Bundle size of a minimal browser app (bytes)', markdown, data: { results } };
}

if (isMain(import.meta.url)) report(await main());
