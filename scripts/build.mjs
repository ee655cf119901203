#!/usr/bin/env node
// Builds the npm package into pkg/: cargo (wasm32; the whole crate, and the client-only build
// behind connect-phone-wasm/client) → wasm-bindgen (web and nodejs glue) → wasm-opt → the entry
// files from pkg-template/. Installs the wasm target and the
// exact wasm-bindgen-cli version of Cargo.lock when they are missing.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Assembled in a private folder and renamed into place, so a concurrent build or a test that
// imports pkg/ never sees a half-written package.
const finalPkg = join(root, 'pkg');
const pkg = join(root, `.pkg-build-${process.pid}`);
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
const output = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
};

// The wasm target.
if (!output('rustup', ['target', 'list', '--installed']).includes('wasm32-unknown-unknown')) {
  run('rustup', ['target', 'add', 'wasm32-unknown-unknown']);
}

// wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in Cargo.lock.
const lock = readFileSync(join(root, 'Cargo.lock'), 'utf8');
const wanted = /\[\[package\]\]\nname = "wasm-bindgen"\nversion = "([^"]+)"/.exec(lock)?.[1];
if (!wanted) throw new Error('wasm-bindgen is not in Cargo.lock');
if (!output('wasm-bindgen', ['--version']).includes(` ${wanted}`)) {
  console.log(`installing wasm-bindgen-cli ${wanted} (2-4 minutes)`);
  // Not --locked: its lockfile pins a webpki-roots version this registry lacks.
  run('cargo', ['install', 'wasm-bindgen-cli', '--version', wanted, '--force']);
}

// Two builds of one crate: the whole package (release, opt-level 3), and the .wasm behind
// connect-phone-wasm/client (the JS exports without the signer's; the `client` profile,
// opt-level "z").
// The main build leaves out `sts`: STS's XML reader (about 19 KB gzip) is for Node's credential
// chain only, which loads it from a third, small .wasm (below).
run('cargo', ['build', '--release', '--lib', '--no-default-features', '--features', 'js-exports,signer,wire-signing', '--target', 'wasm32-unknown-unknown']);
run('cargo', ['build', '--profile', 'node-sts', '--lib', '--no-default-features', '--features', 'sts-exports', '--target', 'wasm32-unknown-unknown'], {
  env: { ...process.env, RUSTFLAGS: `${process.env.RUSTFLAGS ?? ''} --cfg sha2_backend_soft="compact"`.trim() },
});
// The client build takes sha2's compact portable SHA-256 (a loop instead of 64 unrolled
// rounds): about 6 KB less .wasm; a describe hashes a few blocks, so its speed is not felt.
run('cargo', ['build', '--profile', 'client', '--no-default-features', '--features', 'js-exports', '--lib', '--target', 'wasm32-unknown-unknown'], {
  env: { ...process.env, RUSTFLAGS: `${process.env.RUSTFLAGS ?? ''} --cfg sha2_backend_soft="compact"`.trim() },
});
const wasmOut = (profile) => join(root, `target/wasm32-unknown-unknown/${profile}/connect_phone_wasm.wasm`);

rmSync(pkg, { recursive: true, force: true });

// wasm-bindgen's web and nodejs glue for one build, into dir/ and dir/cjs/, sharing one
// optimised .wasm in dir/.
function bindgen(wasmIn, dir, name, optLevel) {
  mkdirSync(join(dir, 'cjs'), { recursive: true });
  run('wasm-bindgen', [wasmIn, '--target', 'web', '--out-dir', dir, '--out-name', name]);
  run('wasm-bindgen', [wasmIn, '--target', 'nodejs', '--out-dir', join(dir, 'cjs'), '--out-name', name]);
  // Both glues import the same functions, so one optimised .wasm serves both.
  const webWasm = join(dir, `${name}_bg.wasm`);
  const cjsWasm = join(dir, `cjs/${name}_bg.wasm`);
  if (!readFileSync(webWasm).equals(readFileSync(cjsWasm))) throw new Error('web and nodejs glue expect different .wasm files');
  rmSync(cjsWasm);
  rmSync(join(dir, `cjs/${name}.d.ts`), { force: true });
  rmSync(join(dir, `cjs/${name}_bg.wasm.d.ts`), { force: true });
  const cjsGlue = join(dir, `cjs/${name}.js`);
  const glue = readFileSync(cjsGlue, 'utf8');
  const pointed = glue.replace(`\`\${__dirname}/${name}_bg.wasm\``, `require('path').join(__dirname, '..', '${name}_bg.wasm')`);
  if (pointed === glue) throw new Error('could not point the nodejs glue at the shared .wasm');
  writeFileSync(cjsGlue, pointed);
  writeFileSync(join(dir, 'cjs/package.json'), '{ "type": "commonjs" }\n');
  run(join(root, 'node_modules/.bin/wasm-opt'), [optLevel, '--strip-debug', '--strip-producers', webWasm, '-o', webWasm]);
}
bindgen(wasmOut('release'), pkg, 'connect_phone_wasm', process.env.WASM_OPT_LEVEL ?? '-O3');
bindgen(wasmOut('client'), join(pkg, 'client'), 'connect_phone_client', '-Oz');

// The entry files, the types and the README.
cpSync(join(root, 'pkg-template'), pkg, { recursive: true });
// The STS .wasm of connect-phone-wasm/credentials: ES module glue only (the CommonJS bundle
// below inlines it).
run('wasm-bindgen', [wasmOut('node-sts'), '--target', 'web', '--out-dir', join(pkg, 'credentials'), '--out-name', 'connect_phone_sts', '--no-typescript']);
run(join(root, 'node_modules/.bin/wasm-opt'), ['-Oz', '--strip-debug', '--strip-producers', join(pkg, 'credentials/connect_phone_sts_bg.wasm'), '-o', join(pkg, 'credentials/connect_phone_sts_bg.wasm')]);
const modelEsm = readFileSync(join(pkg, 'model.js'), 'utf8');
writeFileSync(join(pkg, 'model.cjs'), modelEsm.replace(/^export const (\w+) =/gm, 'exports.$1 =') + '');
// The small JS wrappers are written once, as ES modules; their CommonJS twins are derived.
for (const name of ['sign', 'connect-client']) {
  const esm = readFileSync(join(pkg, `${name}.js`), 'utf8');
  const cjs = esm.replace(/^export function (\w+)/gm, 'exports.$1 = function $1');
  if (cjs === esm) throw new Error(`${name}.js has no exported function to convert`);
  writeFileSync(join(pkg, `${name}.cjs`), cjs);
}
// The Node credential providers are written once, as ES modules; esbuild bundles their
// CommonJS twin (Node built-ins stay imports of the built-ins).
const { buildSync } = await import('esbuild');
buildSync({
  entryPoints: [join(pkg, 'credentials/index.mjs')],
  outfile: join(pkg, 'credentials/index.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  logLevel: 'warning',
  // The STS glue's ES module URL, in CommonJS: the file's own.
  define: { 'import.meta.url': '__filenameUrl' },
  banner: { js: "const __filenameUrl = require('node:url').pathToFileURL(__filename).href;" },
});
const version = /^version = "([^"]+)"/m.exec(readFileSync(join(root, 'Cargo.toml'), 'utf8'))[1];
const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
manifest.version = version;
writeFileSync(join(pkg, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
copyFileSync(join(root, 'LICENSE'), join(pkg, 'LICENSE'));
copyFileSync(join(root, 'README.md'), join(pkg, 'README.md'));

rmSync(finalPkg, { recursive: true, force: true });
renameSync(pkg, finalPkg);
const sizes = (file) => {
  const bytes = readFileSync(join(finalPkg, file));
  return `${bytes.length} B (${gzipSync(bytes, { level: 9 }).length} B gzip)`;
};
console.log(`pkg/ built: .wasm ${sizes('connect_phone_wasm_bg.wasm')}, web glue ${sizes('connect_phone_wasm.js')}`);
console.log(`pkg/client/: .wasm ${sizes('client/connect_phone_client_bg.wasm')}, web glue ${sizes('client/connect_phone_client.js')}`);
console.log(`pkg/credentials/ (Node only): STS .wasm ${sizes('credentials/connect_phone_sts_bg.wasm')}`);
