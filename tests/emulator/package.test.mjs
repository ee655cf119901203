// The emulator as the package ships it (pkg/emulator): the extraVerifier hook our tests hang
// @smithy on, verifySigV4 for other services (a fake STS), addCredentials, the fixtures format
// and its schema, the control API's fault/clock/requests, the browser stand-in and the CLI
// (`connect-phone emulator`). Requests are signed here with @smithy/signature-v4, as a
// client other than ours would sign them.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import {
  startEmulator as startPackageEmulator, verifySigV4, parseFixtures, loadFixtures, defaultFixtures, FixturesError,
} from '../../pkg/emulator/index.mjs';
import { signRequest } from '../../pkg/node.mjs';
import { startEmulator, smithyChecks, FIXTURES, CREDENTIALS } from './server.mjs';

const US = FIXTURES.US_DID_CLAIMED;
const pkgDir = fileURLToPath(new URL('../../pkg/', import.meta.url));
const schema = JSON.parse(readFileSync(join(pkgDir, 'emulator/fixtures.schema.json'), 'utf8'));
let work;
before(() => { work = mkdtempSync(join(tmpdir(), 'emulator-pkg-')); });
after(() => rmSync(work, { recursive: true, force: true }));

/** A describe signed by @smithy; `region` is the credential scope's. */
async function describeCall(base, id, { cred = CREDENTIALS.longTerm, region = 'us-west-2', date = new Date() } = {}) {
  const url = new URL(`${base}/phone-number/${encodeURIComponent(id)}`);
  const signer = new SignatureV4({ credentials: cred, region, service: 'connect', sha256: Hash.bind(null, 'sha256'), uriEscapePath: true });
  const signed = await signer.sign(new HttpRequest({
    method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host },
  }), { signingDate: date });
  const headers = { ...signed.headers };
  delete headers.host;
  const res = await fetch(url, { headers });
  const body = await res.json();
  return { status: res.status, type: res.headers.get('x-amzn-errortype')?.split(':')[0] ?? null, body };
}

describe('the extraVerifier hook', () => {
  test('our tests\' startEmulator runs the @smithy check on every signed request that passes the package\'s own', async () => {
    const emu = await startEmulator();
    try {
      const before = smithyChecks();
      assert.equal((await describeCall(emu.url, US.id)).status, 200);
      assert.equal(smithyChecks(), before + 1);
      // Refused by the package's check first: the second check is not asked.
      assert.equal((await describeCall(emu.url, US.id, { cred: { ...CREDENTIALS.longTerm, secretAccessKey: 'wrong' } })).status, 403);
      assert.equal(smithyChecks(), before + 1);
    } finally { await emu.close(); }
  });

  test('a refusal of the extra check is a 403 with its name; an unknown name becomes InvalidSignatureException', async () => {
    const seen = [];
    let answer = { name: 'IncompleteSignatureException', message: 'second opinion' };
    const emu = await startPackageEmulator({ extraVerifier: async (request) => { seen.push(request); return answer; } });
    try {
      const r = await describeCall(emu.url, US.id);
      assert.deepEqual([r.status, r.type, r.body.message], [403, 'IncompleteSignatureException', 'second opinion']);
      assert.equal(seen[0].service, 'connect');
      assert.equal(seen[0].path, `/phone-number/${US.id}`);
      assert.equal(seen[0].findCredential(CREDENTIALS.longTerm.accessKeyId).secretAccessKey, CREDENTIALS.longTerm.secretAccessKey);
      answer = { name: 'NoSuchName', message: 'x' };
      assert.equal((await describeCall(emu.url, US.id)).type, 'InvalidSignatureException');
      answer = null;
      assert.equal((await describeCall(emu.url, US.id)).status, 200);
    } finally { await emu.close(); }
  });
});

describe('verifySigV4, for a fake STS (POST, form-encoded, service sts)', () => {
  const keys = new Map([
    ['AKIDSTS', { accessKeyId: 'AKIDSTS', secretAccessKey: 'sts/secret+KEY' }],
    ['ASIASTSOLD', { accessKeyId: 'ASIASTSOLD', secretAccessKey: 'old', sessionToken: 'tok', expiresAt: Date.now() - 1000 }],
  ]);
  const body = 'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fops&RoleSessionName=s';
  const host = '127.0.0.1:4566';

  /** Signs with @smithy or with our signRequest; returns verifySigV4's input. */
  async function signed({ by = 'smithy', cred = keys.get('AKIDSTS'), service = 'sts', region = 'us-east-1', payload = body } = {}) {
    const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
    let out;
    if (by === 'smithy') {
      const signer = new SignatureV4({ credentials: cred, region, service, sha256: Hash.bind(null, 'sha256'), uriEscapePath: true });
      out = (await signer.sign(new HttpRequest({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 4566, path: '/',
        headers: { ...headers, host }, body: payload }))).headers;
    } else {
      out = { ...signRequest({ method: 'POST', url: `http://${host}/`, headers, body: payload }, { region, service, credentials: cred }).headers, host };
    }
    const lower = Object.fromEntries(Object.entries(out).map(([k, v]) => [k.toLowerCase(), v]));
    return { method: 'POST', path: '/', query: '', headers: lower, body: Buffer.from(body), service: 'sts', region: ['us-east-1', 'us-west-2'],
      nowMs: Date.now(), findCredential: (id) => keys.get(id) };
  }

  test('accepts AssumeRole signed by @smithy and by our signer', async () => {
    assert.equal(await verifySigV4(await signed({ by: 'smithy' })), null);
    assert.equal(await verifySigV4(await signed({ by: 'ours' })), null);
  });

  test('refuses, in STS\'s own error names', async () => {
    const check = async (request, name, status, reason) => {
      const failure = await verifySigV4(request);
      assert.deepEqual(failure && [failure.name, failure.status, failure.reason], [name, status, reason], JSON.stringify(failure));
      assert.ok(!failure.message.includes('sts/secret+KEY'));
    };
    await check(await signed({ payload: body.replace('ops', 'admin') }), 'SignatureDoesNotMatch', 403, 'mismatch');
    await check(await signed({ cred: { ...keys.get('AKIDSTS'), secretAccessKey: 'guess' } }), 'SignatureDoesNotMatch', 403, 'mismatch');
    await check(await signed({ service: 'connect' }), 'SignatureDoesNotMatch', 403, 'scope');
    await check(await signed({ region: 'eu-west-1' }), 'SignatureDoesNotMatch', 403, 'scope');
    await check(await signed({ cred: { accessKeyId: 'AKIDNOBODY', secretAccessKey: 'x' } }), 'InvalidClientTokenId', 403, 'unknownKey');
    await check(await signed({ cred: keys.get('ASIASTSOLD') }), 'ExpiredToken', 400, 'expired');
    const noAuth = await signed();
    delete noAuth.headers.authorization;
    await check(noAuth, 'MissingAuthenticationToken', 403, 'missing');
    const skewed = await signed();
    skewed.nowMs += 6 * 60 * 1000;
    const failure = await verifySigV4(skewed);
    assert.equal(failure.name, 'SignatureDoesNotMatch');
    assert.match(failure.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than/);
  });

  test('refuses bad arguments with a TypeError, and never throws on bad requests', async () => {
    await assert.rejects(verifySigV4({ headers: {}, region: 'us-east-1', findCredential: () => undefined }), TypeError);
    await assert.rejects(verifySigV4({ headers: {}, service: 'sts', region: [], findCredential: () => undefined }), TypeError);
    const r = await signed();
    for (const headers of [{ ...r.headers, host: 'bad host^' }, { ...r.headers, authorization: 'AWS4-HMAC-SHA256 ' + ','.repeat(5000) },
      { ...r.headers, authorization: 'x'.repeat(100_000) }, { ...r.headers, 'x-amz-date': '20261399T999999Z' }]) {
      const failure = await verifySigV4({ ...r, headers });
      assert.ok(failure && typeof failure.name === 'string', JSON.stringify(headers).slice(0, 100));
    }
  });
});

describe('addCredentials (credentials a fake STS, SSO, IMDS or ECS issued)', () => {
  test('accepted by the Connect side; expired ones get ExpiredTokenException; an array is all or nothing', async () => {
    const emu = await startEmulator();
    try {
      const fresh = { accessKeyId: 'ASIAFRESH1', secretAccessKey: 'fresh/secret', sessionToken: 'fresh-token', expiration: new Date(Date.now() + 3600_000) };
      const old = { accessKeyId: 'ASIAOLD1', secretAccessKey: 'old/secret', sessionToken: 'old-token', expiration: new Date(Date.now() - 1000).toISOString() };
      assert.deepEqual(emu.addCredentials([fresh, old]).map((c) => c.accessKeyId), ['ASIAFRESH1', 'ASIAOLD1']);
      assert.equal((await describeCall(emu.url, US.id, { cred: fresh })).status, 200);
      const expired = await describeCall(emu.url, US.id, { cred: old });
      assert.deepEqual([expired.status, expired.type], [403, 'ExpiredTokenException']);
      assert.throws(() => emu.addCredentials([{ accessKeyId: 'ASIANEVER', secretAccessKey: 's' }, { accessKeyId: 'bad' }]), TypeError);
      assert.equal((await describeCall(emu.url, US.id, { cred: { accessKeyId: 'ASIANEVER', secretAccessKey: 's' } })).type, 'UnrecognizedClientException');
      assert.throws(() => emu.addCredentials({ accessKeyId: 'A', secretAccessKey: 's', expiration: 'soon' }), TypeError);
    } finally { await emu.close(); }
  });
});

describe('the control API: fault, setClock, requests()', () => {
  test('fault() hits a fixture number\'s next describes, or any number\'s', async () => {
    const emu = await startEmulator();
    try {
      assert.deepEqual(emu.fault('503', { id: US.id, count: 2 }), { fault: '503', id: US.id, queued: 2 });
      assert.equal((await describeCall(emu.url, FIXTURES.DE_DID_FAILED.id)).status, 200); // another number: untouched
      assert.equal((await describeCall(emu.url, US.id)).status, 503);
      assert.equal((await describeCall(emu.url, US.summary.PhoneNumberArn)).status, 503); // the ARN is the same number
      assert.equal((await describeCall(emu.url, US.id)).status, 200);
      emu.fault('accessDenied');
      assert.equal((await describeCall(emu.url, FIXTURES.DE_DID_FAILED.id)).type, 'AccessDeniedException');
      assert.throws(() => emu.fault('bogus'), TypeError);
      assert.throws(() => emu.fault('500', { id: '99999999-0000-4000-8000-000000000000' }), TypeError);
      const http = await fetch(`${emu.url}/__emulator/fault`, { method: 'POST', body: JSON.stringify({ fault: '500', id: US.id }) });
      assert.equal(http.status, 200);
      assert.equal((await describeCall(emu.url, US.id)).status, 500);
      emu.fault('500');
      emu.reset(); // clears queued faults
      assert.equal((await describeCall(emu.url, US.id)).status, 200);
    } finally { await emu.close(); }
  });

  test('setClock(time) makes the emulator read that time: requests signed now are then skewed', async () => {
    const emu = await startEmulator();
    try {
      const { offsetMs } = emu.setClock(new Date(Date.now() + 3600_000));
      assert.ok(offsetMs > 3590_000 && offsetMs < 3610_000);
      const r = await describeCall(emu.url, US.id);
      assert.equal(r.type, 'InvalidSignatureException');
      assert.match(r.body.message, /^Signature expired/);
      assert.equal((await describeCall(emu.url, US.id, { date: new Date(Date.now() + 3600_000) })).status, 200);
      assert.equal(emu.setClock({ offsetMs: 0 }).offsetMs, 0);
      assert.throws(() => emu.setClock('not a time'), TypeError);
      const http = await fetch(`${emu.url}/__emulator/clock`, { method: 'POST', body: JSON.stringify({ now: '2020-01-01T00:00:00Z' }) });
      assert.ok((await http.json()).now.startsWith('2020-01-01'));
    } finally { await emu.close(); }
  });

  test('requests() without an id lists every Connect request, refused ones too', async () => {
    const emu = await startEmulator();
    try {
      await describeCall(emu.url, US.id);
      await fetch(`${emu.url}/nowhere`);
      const { count, requests } = emu.requests();
      assert.equal(count, 2);
      assert.deepEqual(requests.map((r) => [r.path, r.status]), [[`/phone-number/${US.id}`, 200], ['/nowhere', 403]]);
      assert.equal((await (await fetch(`${emu.url}/__emulator/requests`)).json()).count, 2);
    } finally { await emu.close(); }
  });
});

describe('fixtures', () => {
  const A = '0a000000-0000-4000-8000-000000000001';
  const B = '0b000000-0000-4000-8000-000000000002';
  const C = '0c000000-0000-4000-8000-000000000003';
  const custom = {
    regions: ['eu-west-2', 'eu-central-1'],
    accountId: '210987654321',
    numbers: [
      { name: 'LONDON', id: A, regions: ['eu-west-2'], summary: { PhoneNumber: '+442071234567', PhoneNumberType: 'DID', PhoneNumberCountryCode: 'GB' } },
      { name: 'TDG', id: B, homeRegion: 'eu-central-1', summary: { PhoneNumber: '+498001234567', PhoneNumberType: 'TOLL_FREE' } },
      { name: 'CLAIMING', id: C, claim: { notFoundFor: 1, inProgressFor: 2, then: 'FAILED', message: 'no documents' },
        summary: { PhoneNumber: '+442071230000' } },
    ],
    credentials: [
      { name: 'ci', accessKeyId: 'AKIACI', secretAccessKey: 'ci/secret' },
      { name: 'gone', accessKeyId: 'ASIAGONE', secretAccessKey: 'gone/secret', sessionToken: 'gone-token', expiration: '2020-01-01T00:00:00Z' },
    ],
    rateLimit: { rate: 0.001, burst: 1000 },
    cognitoPools: [{ id: 'eu-west-2:0d000000-0000-4000-8000-000000000004', allowUnauthenticated: false, logins: { 'accounts.google.com': ['g-token'] } }],
  };

  test('regions, accounts, TDG numbers, claim transitions, credentials, the rate limit and pools come from the file', async () => {
    const file = join(work, 'custom.json');
    writeFileSync(file, JSON.stringify(custom));
    const emu = await startEmulator({ fixtures: file });
    try {
      const ci = emu.credentials.ci;
      assert.deepEqual(emu.regions, ['eu-west-2', 'eu-central-1']);
      assert.equal(emu.fixtures.LONDON.summary.PhoneNumberArn, `arn:aws:connect:eu-west-2:210987654321:phone-number/${A}`);
      assert.equal((await describeCall(emu.url, A, { cred: ci, region: 'eu-west-2' })).status, 200);
      assert.equal((await describeCall(emu.url, A, { cred: ci, region: 'eu-central-1' })).status, 404); // not served there
      assert.equal((await describeCall(emu.url, A, { cred: ci, region: 'us-west-2' })).type, 'InvalidSignatureException');
      // TDG: by UUID in its home Region only, by ARN everywhere.
      const tdgArn = emu.fixtures.TDG.summary.PhoneNumberArn;
      assert.match(tdgArn, /^arn:aws:connect:eu-central-1:210987654321:phone-number\//);
      assert.equal((await describeCall(emu.url, B, { cred: ci, region: 'eu-central-1' })).status, 200);
      assert.equal((await describeCall(emu.url, B, { cred: ci, region: 'eu-west-2' })).status, 404);
      assert.equal((await describeCall(emu.url, tdgArn, { cred: ci, region: 'eu-west-2' })).status, 200);
      // Claim: 404, IN_PROGRESS twice, then FAILED with the message; reset starts again.
      const statuses = async () => {
        const out = [];
        for (let i = 0; i < 4; i++) {
          const r = await describeCall(emu.url, C, { cred: ci, region: 'eu-west-2' });
          out.push(r.status === 200 ? r.body.ClaimedPhoneNumberSummary.PhoneNumberStatus.Status : r.status);
        }
        return out;
      };
      assert.deepEqual(await statuses(), [404, 'IN_PROGRESS', 'IN_PROGRESS', 'FAILED']);
      const final = await describeCall(emu.url, C, { cred: ci, region: 'eu-west-2' });
      assert.deepEqual(final.body.ClaimedPhoneNumberSummary.PhoneNumberStatus, { Status: 'FAILED', Message: 'no documents' });
      emu.reset();
      assert.deepEqual(await statuses(), [404, 'IN_PROGRESS', 'IN_PROGRESS', 'FAILED']);
      // The default fixtures are gone, the expired credential is refused.
      assert.equal((await describeCall(emu.url, A, { region: 'eu-west-2' })).type, 'UnrecognizedClientException');
      assert.equal((await describeCall(emu.url, A, { cred: emu.credentials.gone, region: 'eu-west-2' })).type, 'ExpiredTokenException');
      // The pool: unauthenticated access off, the Google token accepted.
      const getId = (body) => fetch(emu.url, { method: 'POST', body: JSON.stringify(body),
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityService.GetId' } });
      const pool = custom.cognitoPools[0].id;
      assert.equal((await getId({ IdentityPoolId: pool })).headers.get('x-amzn-errortype'), 'NotAuthorizedException');
      assert.equal((await getId({ IdentityPoolId: pool, Logins: { 'accounts.google.com': 'g-token' } })).status, 200);
    } finally { await emu.close(); }
  });

  test('the default fixtures are today\'s: four numbers, three credentials, one pool', () => {
    const json = defaultFixtures();
    assert.deepEqual(json.numbers.map((n) => n.name), ['US_DID_CLAIMED', 'GB_TOLL_FREE_IN_PROGRESS', 'DE_DID_FAILED', 'US_TDG_ARN_ONLY']);
    assert.deepEqual(Object.keys(CREDENTIALS), ['longTerm', 'temporary', 'expired']);
    assert.equal(FIXTURES.US_TDG_ARN_ONLY.arnOnly, true);
  });

  const bad = [
    [{ numbers: {} }, 'numbers', /must be an array/],
    [{ nubmers: [] }, 'nubmers', /unknown member/],
    [{ regions: ['US West'] }, 'regions[0]', /not a Region/],
    [{ numbers: [{ name: 'X', id: A, summary: { PhoneNumber: '12065550100' } }] }, 'numbers[0].summary.PhoneNumber', /E\.164/],
    [{ numbers: [{ name: 'X', id: 'A' }] }, 'numbers[0].id', /UUID/],
    [{ numbers: [{ name: 'X', id: A, summary: { PhoneNumber: '+1206555', PhoneNumberStatus: { Status: 'DONE' } } }] },
      'numbers[0].summary.PhoneNumberStatus.Status', /CLAIMED, IN_PROGRESS or FAILED/],
    [{ numbers: [{ name: 'X', id: A, summary: { PhoneNumber: '+1206555' }, claim: { inProgressFor: -1 } }] }, 'numbers[0].claim.inProgressFor', /integer/],
    [{ numbers: [{ name: 'X', id: A, summary: { PhoneNumber: '+1206555' } }, { name: 'X', id: B, summary: { PhoneNumber: '+1206556' } }] },
      'numbers[1].name', /used twice/, 'beyond the schema'],
    [{ credentials: [{ accessKeyId: 'AKIA1', secretAccessKey: 'TOPSECRET', expiration: 'tomorrow' }] }, 'credentials[0].expiration', /ISO 8601/],
    [{ credentials: [{ accessKeyId: 'AKIA/1', secretAccessKey: 'TOPSECRET' }] }, 'credentials[0].accessKeyId', /letters and digits/],
    [{ rateLimit: { rate: 0 } }, 'rateLimit.rate', /positive/],
    [{ regions: ['us-west-2'], numbers: [{ name: 'X', id: A, regions: ['eu-west-1'], summary: { PhoneNumber: '+1206555' } }] },
      'numbers[0].regions', /is a Region the emulator serves/, 'beyond the schema'],
    [{ cognitoPools: [{ id: 'eu-west-2:0d', logins: { p: 'not-a-list' } }] }, 'cognitoPools[0]', /logins/],
  ];

  test('a bad fixtures object is refused with where and why, never a secret; the schema refuses it too', () => {
    for (const [json, pointer, reason, schemaCannot] of bad) {
      assert.throws(() => parseFixtures(json), (e) => {
        assert.ok(e instanceof FixturesError, String(e));
        assert.equal(e.pointer, pointer);
        assert.match(e.reason, reason);
        assert.ok(!e.message.includes('TOPSECRET'));
        return true;
      }, pointer);
      if (!schemaCannot) assert.notEqual(schemaErrors(schema, json), null, `the schema accepts ${JSON.stringify(json)}`);
    }
    assert.equal(schemaErrors(schema, defaultFixtures()), null);
    assert.equal(schemaErrors(schema, custom), null);
  });

  test('a bad fixtures file is refused at start with its path and the reason, and nothing listens', async () => {
    const broken = join(work, 'broken.json');
    writeFileSync(broken, '{"numbers": [');
    const wrong = join(work, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ numbers: [{ name: 'X', id: A, summary: {} }] }));
    const port = await freePort();
    for (const [file, reason] of [[broken, /not valid JSON/], [wrong, /numbers\[0\]\.summary\.PhoneNumber: is required/], [join(work, 'none.json'), /no such file/]]) {
      await assert.rejects(startEmulator({ port, fixtures: file }), (e) => {
        assert.ok(e instanceof FixturesError);
        assert.ok(e.message.startsWith(`fixtures ${file}: `), e.message);
        assert.match(e.message, reason);
        return true;
      });
    }
    await assert.rejects(Promise.resolve().then(() => loadFixtures(broken)), FixturesError);
    const probe = net.createServer();
    await new Promise((resolve, reject) => probe.once('error', reject).listen(port, '127.0.0.1', resolve)); // the port is still free
    await new Promise((resolve) => probe.close(resolve));
  });
});

test('the browser stand-in throws a clear Error at once, and has the Node entry\'s names', async () => {
  const browser = await import('../../pkg/emulator/browser.js');
  const node = await import('../../pkg/emulator/index.mjs');
  assert.deepEqual(Object.keys(browser).sort(), Object.keys(node).sort());
  assert.throws(() => browser.startEmulator(), /runs in Node only/);
});

describe('connect-phone emulator (the package CLI)', () => {
  const cli = join(pkgDir, 'cli.mjs');

  async function start(args) {
    const child = spawn(process.execPath, [cli, 'emulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d) => { err += d; });
    child.stdout.setEncoding('utf8');
    for await (const chunk of child.stdout) {
      out += chunk;
      if (out.includes('Stop with')) break;
    }
    return { child, out, err: () => err };
  }

  test('first line EMULATOR_URL, a summary with key ids but no --cred secret, a describe with --cred, SIGTERM exits 0', async () => {
    const { child, out, err } = await start(['--port', '0', '--cred', 'AKIDCLI1:CLISECRETVALUE:CLITOKENVALUE', '--region', 'us-west-2']);
    const [first, ...rest] = out.split('\n');
    assert.match(first, /^EMULATOR_URL=http:\/\/127\.0\.0\.1:\d+$/);
    const url = first.slice('EMULATOR_URL='.length);
    const summary = rest.join('\n');
    for (const shown of ['AKIDCLI1', 'AKIDEXAMPLE', US.id, '/__emulator/', 'us-west-2']) assert.ok(summary.includes(shown), shown);
    assert.ok(rest.length <= 24, `one screen: ${rest.length} lines`);
    const r = await describeCall(url, US.id, { cred: { accessKeyId: 'AKIDCLI1', secretAccessKey: 'CLISECRETVALUE', sessionToken: 'CLITOKENVALUE' } });
    assert.equal(r.status, 200);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    for (const secret of ['CLISECRETVALUE', 'CLITOKENVALUE']) assert.ok(!(out + err()).includes(secret), secret);
    assert.match(err(), /GET \/phone-number\/\S+ -> 200/); // the request log
  });

  test('--quiet prints only the URL line; SIGINT exits 0 too', async () => {
    const child = spawn(process.execPath, [cli, 'emulator', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    for await (const chunk of child.stdout) { out += chunk; if (out.includes('\n')) break; }
    const url = out.trim().slice('EMULATOR_URL='.length);
    assert.equal((await describeCall(url, US.id)).status, 200);
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    assert.match(out, /^EMULATOR_URL=\S+\n$/);
  });

  const runToEnd = (args) => new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'emulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });

  test('a bad fixtures file, bad usage and --help', async () => {
    const file = join(work, 'cli-bad.json');
    writeFileSync(file, JSON.stringify({ credentials: [{ accessKeyId: 'AKIA1', secretAccessKey: 'FILESECRET', sessionToken: 7 }] }));
    const badFile = await runToEnd(['--fixtures', file]);
    assert.equal(badFile.status, 2);
    assert.equal(badFile.stdout, '');
    assert.equal(badFile.stderr, `connect-phone emulator: fixtures ${file}: credentials[0].sessionToken: must be a non-empty string\n`);
    for (const args of [['--port', 'x'], ['--cred', 'AKIDONLY'], ['--bogus'], ['--region']]) {
      const r = await runToEnd(args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, /^connect-phone emulator: .+\nTry: connect-phone emulator --help\n$/);
    }
    const help = await runToEnd(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: connect-phone emulator/);
  });
});

/** A free port on 127.0.0.1 (listen on 0, read it, close). */
async function freePort() {
  const s = net.createServer();
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/**
 * The errors of `value` against `schema`, or null: the subset of JSON Schema 2020-12 that
 * fixtures.schema.json uses (type, properties, required, additionalProperties, items,
 * minItems, maxItems, uniqueItems, enum, pattern, minLength, maxLength, minimum,
 * exclusiveMinimum, oneOf, $ref to #/$defs). Written here so the test checks the schema
 * against the emulator's own checks, without a validator dependency.
 */
function schemaErrors(root, value) {
  const errors = [];
  const typeOf = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
  const walk = (s, v, at) => {
    if (s.$ref) return walk(s.$ref.slice(2).split('/').reduce((o, k) => o[k], root), v, at);
    const before = errors.length;
    const fail = (why) => errors.push(`${at}: ${why}`);
    if (s.type && !(s.type === typeOf(v) || (s.type === 'number' && typeOf(v) === 'integer'))) { fail(`not ${s.type}`); return false; }
    if (s.enum && !s.enum.includes(v)) fail('not in enum');
    if (typeof v === 'string') {
      if (s.pattern && !new RegExp(s.pattern, 'u').test(v)) fail('pattern');
      if (s.minLength !== undefined && v.length < s.minLength) fail('minLength');
      if (s.maxLength !== undefined && v.length > s.maxLength) fail('maxLength');
    }
    if (typeof v === 'number') {
      if (s.minimum !== undefined && v < s.minimum) fail('minimum');
      if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) fail('exclusiveMinimum');
    }
    if (Array.isArray(v)) {
      if (s.minItems !== undefined && v.length < s.minItems) fail('minItems');
      if (s.maxItems !== undefined && v.length > s.maxItems) fail('maxItems');
      if (s.uniqueItems && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) fail('uniqueItems');
      if (s.items) v.forEach((x, i) => walk(s.items, x, `${at}[${i}]`));
    }
    if (typeOf(v) === 'object') {
      for (const k of s.required ?? []) if (!Object.hasOwn(v, k)) fail(`${k} required`);
      for (const [k, x] of Object.entries(v)) {
        if (s.properties && Object.hasOwn(s.properties, k)) walk(s.properties[k], x, `${at}.${k}`);
        else if (s.additionalProperties === false) fail(`${k} not allowed`);
        else if (typeof s.additionalProperties === 'object') walk(s.additionalProperties, x, `${at}.${k}`);
      }
    }
    if (s.oneOf) {
      const passing = s.oneOf.filter((alt) => { const n = errors.length; walk(alt, v, at); const ok = errors.length === n; errors.length = n; return ok; });
      if (passing.length !== 1) fail(`matches ${passing.length} of oneOf`);
    }
    return errors.length === before;
  };
  walk(root, value, '$');
  return errors.length ? errors : null;
}

test('a caller\'s session token (given at start, as --cred does) is masked in the request log; fixture credentials work as a client\'s', async () => {
  const mine = { accessKeyId: 'ASIACALLERS0001', secretAccessKey: 'callers-secret', sessionToken: 'CALLERS-SESSION-TOKEN' };
  const emu = await startEmulator({ port: 0, credentials: [mine] });
  try {
    const { ConnectClient } = await import('../../pkg/node.mjs');
    for (const credentials of [mine, emu.credentials.temporary]) {
      const client = new ConnectClient({ region: 'us-west-2', endpoint: emu.url, credentials, maxAttempts: 1 });
      try {
        await client.describePhoneNumber({ PhoneNumberId: US.id });
      } finally {
        client.free();
      }
    }
    const tokens = emu.requests(US.id).requests.map((r) => r.headers['x-amz-security-token']);
    assert.deepEqual(tokens, ['****', emu.credentials.temporary.sessionToken]);
    const served = await (await fetch(`${emu.url}/__emulator/requests?id=${US.id}`)).text();
    assert.ok(!served.includes(mine.sessionToken) && !served.includes(mine.secretAccessKey));
  } finally {
    await emu.close();
  }
});

test('a lone surrogate as an id is a TypeError, not a URIError; require() of the emulator says it is an ES module', async () => {
  const emu = await startEmulator({ port: 0 });
  try {
    assert.throws(() => emu.fault('500', { id: '\ud800' }), TypeError);
    assert.throws(() => emu.scenario({ faults: Array.from({ length: 1001 }, () => '500') }), /at most 1000 faults/);
  } finally {
    await emu.close();
  }
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  assert.throws(() => require(join(pkgDir, 'emulator/require.cjs')), { code: 'ERR_REQUIRE_ESM', message: /is an ES module: use .*await import/ });
});
