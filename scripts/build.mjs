#!/usr/bin/env node
// Builds the npm package into pkg/: cargo (wasm32, release) → wasm-bindgen (web and nodejs
// glue) → wasm-opt -O3 → the entry files from pkg-template/. Installs the wasm target and the
// exact wasm-bindgen-cli version of Cargo.lock when they are missing.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
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

run('cargo', ['build', '--release', '--lib', '--target', 'wasm32-unknown-unknown']);
const wasmIn = join(root, 'target/wasm32-unknown-unknown/release/connect_phone_wasm.wasm');

rmSync(pkg, { recursive: true, force: true });
mkdirSync(join(pkg, 'cjs'), { recursive: true });
run('wasm-bindgen', [wasmIn, '--target', 'web', '--out-dir', pkg, '--out-name', 'connect_phone_wasm']);
run('wasm-bindgen', [wasmIn, '--target', 'nodejs', '--out-dir', join(pkg, 'cjs'), '--out-name', 'connect_phone_wasm']);

// Both glues import the same functions, so one optimised .wasm serves both.
const webWasm = join(pkg, 'connect_phone_wasm_bg.wasm');
const cjsWasm = join(pkg, 'cjs/connect_phone_wasm_bg.wasm');
if (!readFileSync(webWasm).equals(readFileSync(cjsWasm))) throw new Error('web and nodejs glue expect different .wasm files');
rmSync(cjsWasm);
rmSync(join(pkg, 'cjs/connect_phone_wasm.d.ts'), { force: true });
rmSync(join(pkg, 'cjs/connect_phone_wasm_bg.wasm.d.ts'), { force: true });
const cjsGlue = join(pkg, 'cjs/connect_phone_wasm.js');
const glue = readFileSync(cjsGlue, 'utf8');
const pointed = glue.replace('`${__dirname}/connect_phone_wasm_bg.wasm`', "require('path').join(__dirname, '..', 'connect_phone_wasm_bg.wasm')");
if (pointed === glue) throw new Error('could not point the nodejs glue at the shared .wasm');
writeFileSync(cjsGlue, pointed);
writeFileSync(join(pkg, 'cjs/package.json'), '{ "type": "commonjs" }\n');

run(join(root, 'node_modules/.bin/wasm-opt'), [process.env.WASM_OPT_LEVEL ?? '-O3', '--strip-debug', '--strip-producers', webWasm, '-o', webWasm]);

// The entry files, the types and the README.
for (const file of readdirSync(join(root, 'pkg-template'))) {
  copyFileSync(join(root, 'pkg-template', file), join(pkg, file));
}
const modelEsm = readFileSync(join(pkg, 'model.js'), 'utf8');
writeFileSync(join(pkg, 'model.cjs'), modelEsm.replace(/^export const (\w+) =/gm, 'exports.$1 =') + '');
// The small JS wrappers are written once, as ES modules; their CommonJS twins are derived.
for (const name of ['sign', 'client']) {
  const esm = readFileSync(join(pkg, `${name}.js`), 'utf8');
  const cjs = esm.replace(/^export function (\w+)/m, 'exports.$1 = function $1');
  if (cjs === esm) throw new Error(`${name}.js has no exported function to convert`);
  writeFileSync(join(pkg, `${name}.cjs`), cjs);
}
const version = /^version = "([^"]+)"/m.exec(readFileSync(join(root, 'Cargo.toml'), 'utf8'))[1];
const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
manifest.version = version;
writeFileSync(join(pkg, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
copyFileSync(join(root, 'LICENSE'), join(pkg, 'LICENSE'));
copyFileSync(join(root, 'README.md'), join(pkg, 'README.md'));

rmSync(finalPkg, { recursive: true, force: true });
renameSync(pkg, finalPkg);
const wasmBytes = readFileSync(join(finalPkg, 'connect_phone_wasm_bg.wasm'));
const glueBytes = readFileSync(join(finalPkg, 'connect_phone_wasm.js'));
console.log(
  `pkg/ built: .wasm ${wasmBytes.length} B (${gzipSync(wasmBytes, { level: 9 }).length} B gzip), ` +
    `web glue ${glueBytes.length} B (${gzipSync(glueBytes, { level: 9 }).length} B gzip)`,
);
