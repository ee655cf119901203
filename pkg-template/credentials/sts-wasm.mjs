// The small .wasm of STS's calls (built with only the `sts` feature), instantiated on first
// use: a process that never assumes a role never loads it.
import { readFileSync } from 'node:fs';
import * as glue from './connect_phone_sts.js';

let ready = false;

/** The STS functions: __stsAssumeRole, __stsWebIdentity and __stsParse. */
export function stsWasm() {
  if (!ready) {
    glue.initSync({ module: readFileSync(new URL('./connect_phone_sts_bg.wasm', import.meta.url)) });
    ready = true;
  }
  return glue;
}
