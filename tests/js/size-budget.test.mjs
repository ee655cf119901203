// The size budget: each .wasm of the package may be at most 2 % larger than the figure
// committed in bench/budgets.json, raw and gzip -9 (zlib, deterministic). The build is
// deterministic for one toolchain, so this counts bytes, never time. After a change that
// is meant to grow (or shrink) a build, write the new figures with
// `node tests/js/size-budget.test.mjs --write` and say why in the commit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const ROOT = new URL('../../', import.meta.url);
const BUDGETS = new URL('bench/budgets.json', ROOT);
const SLACK = 1.02;
const FILES = {
  'connect-phone-wasm': 'pkg/connect_phone_wasm_bg.wasm',
  'connect-phone-wasm/client': 'pkg/client/connect_phone_client_bg.wasm',
};

const measure = (file) => {
  const bytes = readFileSync(new URL(file, ROOT));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};

if (process.argv.includes('--write')) {
  const budgets = {
    note: 'Bytes of each .wasm as built by npm run build; tests/js/size-budget.test.mjs fails past 2 % over these.',
    entries: Object.fromEntries(Object.entries(FILES).map(([entry, file]) => [entry, { file, ...measure(file) }])),
  };
  writeFileSync(BUDGETS, JSON.stringify(budgets, null, 2) + '\n');
  console.log(JSON.stringify(budgets, null, 2));
} else {
  const budgets = JSON.parse(readFileSync(BUDGETS, 'utf8')).entries;
  for (const [entry, file] of Object.entries(FILES)) {
    test(`${entry}: ${file} is within 2 % of its budget`, () => {
      const budget = budgets[entry];
      assert.ok(budget, `bench/budgets.json has no budget for ${entry}`);
      assert.equal(budget.file, file);
      const now = measure(file);
      for (const kind of ['raw', 'gzip']) {
        const limit = Math.floor(budget[kind] * SLACK);
        assert.ok(now[kind] <= limit,
          `${file} is ${now[kind]} B ${kind}, over its budget of ${budget[kind]} B + 2 % (${limit} B): ` +
          'shrink it, or raise bench/budgets.json with --write and say why');
      }
    });
  }
}
