#!/usr/bin/env node
// npm run www: the demo admin console (www/) against the local Connect emulator.
//
// Builds pkg/ if it is missing, starts the emulator, then a static server on 127.0.0.1 that
// serves www/ at /, pkg/ at /pkg/ and /config.json (the emulator's endpoint, sample ids,
// emulator-only demo credentials and its default Cognito identity pool id). Stays up until SIGINT/SIGTERM.
//
//   node scripts/www.mjs [--port N]
//
// `startWww()` is exported for the end-to-end tests (tests/www/).
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WWW_DIR = join(root, 'www');
const PKG_DIR = join(root, 'pkg');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Builds pkg/ with scripts/build.mjs when its browser entry or wasm is missing. */
export function ensurePackage({ log = console.log } = {}) {
  const built = () => existsSync(join(PKG_DIR, 'browser.js')) && existsSync(join(PKG_DIR, 'connect_phone_wasm_bg.wasm'));
  if (built()) return false;
  log('pkg/ is missing: building it with node scripts/build.mjs …');
  try {
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  } catch (error) {
    // Another build (say, a developer's) may have been running at the same time and won.
    if (!built()) throw error;
  }
  return true;
}

function securityHeaders(endpoint) {
  // The page talks to the emulator (or a real Connect endpoint the user types in); the wasm
  // module needs 'wasm-unsafe-eval'. No inline script or style anywhere.
  const connect = ["'self'", 'http://127.0.0.1:*', 'http://localhost:*', 'https://*.amazonaws.com', 'https://*.amazonaws.com.cn'];
  if (endpoint) connect.push(new URL(endpoint).origin);
  return {
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "style-src 'self'",
      `connect-src ${[...new Set(connect)].join(' ')}`,
      "img-src 'self' data:",
      "form-action 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

/** Resolves a URL path inside `base`, or null when it would escape it. */
function safeJoin(base, urlPath) {
  let decoded;
  try { decoded = decodeURIComponent(urlPath); } catch { return null; }
  if (decoded.includes('\0')) return null;
  const full = resolve(base, '.' + (decoded.startsWith('/') ? decoded : '/' + decoded));
  return full === base || full.startsWith(base + sep) ? full : null;
}

/**
 * Starts the emulator (unless one is passed) and the static server.
 * @param {{port?: number, host?: string, build?: boolean, emulator?: object, region?: string, log?: Function}} [options]
 * @returns {Promise<{url: string, port: number, emulator: object, config: object, close(): Promise<void>}>}
 */
export async function startWww({ port = 0, host = '127.0.0.1', build = true, emulator, region = 'us-west-2', log = () => {} } = {}) {
  if (build) ensurePackage({ log });
  const emu = await import(pathToFileURL(join(root, 'tests/emulator/server.mjs')).href);
  const ownEmulator = !emulator;
  const em = emulator ?? await emu.startEmulator({ host: '127.0.0.1', port: 0, region, quiet: true });
  const sample = emu.FIXTURES.US_DID_CLAIMED.summary;
  const tdg = emu.FIXTURES.US_TDG_ARN_ONLY.summary;
  const config = {
    endpoint: em.url,
    region,
    samples: {
      id: sample.PhoneNumberId,
      arn: sample.PhoneNumberArn,
      tdgId: tdg.PhoneNumberId,
      tdgArn: tdg.PhoneNumberArn,
      unknownId: emu.UNKNOWN_ID,
      others: Object.entries(emu.FIXTURES).map(([name, f]) => ({
        name,
        label: `${f.summary.PhoneNumberCountryCode} ${f.summary.PhoneNumberType === 'DID' ? 'DID' : f.summary.PhoneNumberType.replace('_', '-').toLowerCase()}, ${f.summary.PhoneNumberStatus.Status.replace('_', ' ').toLowerCase()}`,
        id: f.id,
        arn: f.summary.PhoneNumberArn,
        arnOnly: !!f.arnOnly,
      })),
    },
    // The emulator's default identity pool: its id and login provider name, no token.
    cognito: emu.COGNITO_POOL ? {
      identityPoolId: emu.COGNITO_POOL.id,
      loginProvider: emu.COGNITO_POOL.provider,
      label: 'Pre-filled with the emulator’s default identity pool. It allows unauthenticated identities, and logins '
        + 'from the provider above with the emulator’s test ID tokens (see tests/emulator/README.md).',
    } : undefined,
    demoCredentials: {
      label: 'Emulator-only demo keys (AWS documentation examples). They work against the local emulator and nowhere else.',
      accessKeyId: emu.CREDENTIALS.longTerm.accessKeyId,
      secretAccessKey: emu.CREDENTIALS.longTerm.secretAccessKey,
    },
  };
  const headers = securityHeaders(em.url);

  const server = http.createServer(async (req, res) => {
    const send = (status, type, body) => {
      res.writeHead(status, { ...headers, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD');
        return send(405, 'text/plain; charset=utf-8', 'Method Not Allowed\n');
      }
      const { pathname } = new URL(req.url, 'http://localhost');
      if (pathname === '/config.json') return send(200, TYPES['.json'], JSON.stringify(config));
      let file;
      if (pathname === '/pkg' || pathname.startsWith('/pkg/')) file = safeJoin(PKG_DIR, pathname.slice(4) || '/');
      else file = safeJoin(WWW_DIR, pathname);
      if (!file) return send(400, 'text/plain; charset=utf-8', 'Bad Request\n');
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info?.isFile()) return send(404, 'text/plain; charset=utf-8', 'Not Found\n');
      const body = await readFile(file);
      res.writeHead(200, {
        ...headers,
        'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': body.length,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      log(`www: ${error?.stack ?? error}`);
      if (!res.headersSent) send(500, 'text/plain; charset=utf-8', 'Internal Server Error\n');
      else res.destroy();
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => { server.off('error', fail); ok(); });
  });
  const actualPort = server.address().port;
  return {
    url: `http://${host}:${actualPort}/`,
    port: actualPort,
    emulator: em,
    config,
    close: async () => {
      await new Promise((ok) => { server.close(() => ok()); server.closeAllConnections(); });
      if (ownEmulator) await em.close();
    },
  };
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' } } });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be an integer from 0 to 65535, not ${values.port}`);
    process.exit(2);
  }
  const www = await startWww({ port, host: values.host, log: (m) => console.log(m) });
  console.log(`Connect emulator: ${www.emulator.url} (verifies every SigV4 signature)`);
  console.log(`Demo admin console: ${www.url}`);
  console.log('Press Ctrl+C to stop.');
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await www.close();
    process.exit(0);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
