#!/usr/bin/env node
// Fails if a downstream crate's .wasm exports any of the npm package's JS names: a dependent
// with `default-features = false` (no `js-exports`) must get none of them.
//
//   node scripts/check-downstream-exports.mjs OURS.wasm DOWNSTREAM.wasm...
//
// "Ours" are the exports of the package's own .wasm (pkg/connect_phone_wasm_bg.wasm), less
// wasm-bindgen's runtime (memory, allocator, externref table, closure shims), which every
// wasm-bindgen module has. A downstream .wasm may be cargo's own output (before the
// wasm-bindgen CLI) or the CLI's: cargo's names carry a hash suffix (`signRequest_d7d2…`)
// that the CLI strips, so it is stripped here too.
import { readFileSync } from 'node:fs';

const [ours, ...downstream] = process.argv.slice(2);
if (!ours || downstream.length === 0) {
  console.error('usage: check-downstream-exports.mjs OURS.wasm DOWNSTREAM.wasm...');
  process.exit(2);
}
const exportsOf = (file) =>
  WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(file))).map((e) => e.name.replace(/_[0-9a-f]{16}$/, ''));
const runtime = (name) =>
  name === 'memory' ||
  /^__wbindgen_/.test(name) ||
  /^__externref_/.test(name) ||
  /^wasm_bindgen__convert__closures/.test(name) ||
  ['__instance_terminated', '__abort_handler'].includes(name);

const ourNames = new Set(exportsOf(ours).filter((name) => !runtime(name)));
// A check that knows none of our names would pass anything.
for (const name of ['connectclient_new', 'waitUntilPhoneNumberClaimed', 'signRequest', '__signFlat']) {
  if (!ourNames.has(name)) throw new Error(`${ours} does not export ${name}: is it the package's main .wasm?`);
}
let failed = false;
for (const file of downstream) {
  const names = exportsOf(file);
  const leaked = names.filter((name) => ourNames.has(name));
  if (leaked.length > 0) {
    failed = true;
    console.error(`${file} exports ${leaked.length} of connect-phone-wasm's JS names: ${leaked.join(', ')}`);
  } else {
    console.log(`${file}: none of our ${ourNames.size} JS names among its ${names.length} exports`);
  }
}
process.exit(failed ? 1 : 0);
