// What the benchmarks that start the built server share: node's flags for it, a free port, an API
// client signed in as the administrator, and an approved 1920×1080 poster made on the spot.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import sharp from 'sharp';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Node's flags in `npm run start:prod` (package.json), so a benchmark starts the server as it does
 * (test/support/server-process.ts reads them the same way for the tests).
 */
export function startProdFlags() {
  const { scripts } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const words = scripts['start:prod'].trim().split(/\s+/);
  if (words[0] !== 'node' || words.at(-1) !== 'apps/server/dist/main.js') {
    throw new Error(`start:prod is not "node [flags] apps/server/dist/main.js": ${scripts['start:prod']}`);
  }
  return words.slice(1, -1);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** JSON (or multipart) calls to the server's API; `login` signs in as `admin`. */
export function api(base, admin) {
  let token = null;
  const call = async (method, path, body) => {
    const headers = token ? { authorization: `Bearer ${token}` } : {};
    let payload;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${base}${path}`, { method, headers, body: payload });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    get token() {
      return token;
    },
    login: async () => {
      token = null;
      token = (await call('POST', '/api/auth/login', admin)).accessToken;
    },
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    delete: (path) => call('DELETE', path),
  };
}

/** A poster uploaded for the organisation, processed, submitted and approved; answers the creative. */
export async function approvedPoster(http, organisationId, title = 'Cài đặt Bluezone') {
  const png = await sharp({ create: { width: 1920, height: 1080, channels: 3, background: '#0a7' } })
    .png()
    .toBuffer();
  const form = new FormData();
  form.set('title', title);
  form.set('organisationId', organisationId);
  form.set('file', new Blob([png], { type: 'image/png' }), 'bluezone.png');
  const accepted = await http.post('/api/creatives', form);
  let creative;
  for (const deadline = performance.now() + 60_000; ;) {
    creative = await http.get(`/api/creatives/${accepted.id}`);
    if (creative.status !== 'processing' || performance.now() > deadline) break;
    await sleep(100);
  }
  if (creative.status !== 'ready') throw new Error(`the creative is ${creative.status}, not ready`);
  await http.post(`/api/creatives/${creative.id}/submit`);
  await http.post(`/api/creatives/${creative.id}/approve`);
  return creative;
}
