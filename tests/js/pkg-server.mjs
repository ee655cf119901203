// A static server on 127.0.0.1 for the browser tests: the built package (pkg/ and pkg/client/,
// .js and .wasm only, no other folders, no dot-dot) and the test's own pages.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const PKG_DIR = fileURLToPath(new URL('../../pkg/', import.meta.url));
export const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm' };

/** Serves `pages` (path → body, typed by extension) and /pkg/…; resolves to `{ url, close }`. */
export async function startPkgServer(pages) {
  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const send = (status, type, body) => { res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }); res.end(body); };
    if (Object.hasOwn(pages, path)) return send(200, TYPES[/\.\w+$/.exec(path)?.[0]] ?? 'text/plain', pages[path]);
    const m = /^\/pkg\/((?:client\/)?[\w-]+(\.js|\.wasm))$/.exec(path);
    if (!m) return send(404, 'text/plain', 'not found');
    try {
      return send(200, TYPES[m[2]], await readFile(PKG_DIR + m[1]));
    } catch {
      return send(404, 'text/plain', 'not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }),
  };
}
