// Sign-in throughput: Loa's POST /api/auth/login (HTTP, validation, argon2id verify, session,
// audit entry, JWT) against bare argon2.verify of the same hash, in the same run.
// Everything stays on 127.0.0.1; every loop is bounded. Run: npm run bench:login
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import argon2 from 'argon2';
import { createApp } from '../apps/server/dist/app.factory.js';
import { parseConfig } from '../apps/server/dist/config/config.schema.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 80);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const ADMIN = { email: 'bench@loa.local', password: 'bench-password-2020' };

async function inParallel(total, concurrency, task) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        const t0 = performance.now();
        await task();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pick = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { perSecond: total / seconds, p50: pick(0.5), p99: pick(0.99) };
}

const dir = mkdtempSync(join(tmpdir(), 'loa-bench-'));
try {
  const app = await createApp(
    parseConfig({
      NODE_ENV: 'test',
      DATABASE_URL: `sqlite:${join(dir, 'loa.db')}`,
      DATA_DIR: dir,
      MEDIA_DIR: dir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOGIN_THROTTLE_LIMIT: '10000',
    }),
  );
  await app.listen(0, '127.0.0.1');
  const url = `${await app.getUrl()}/api/auth/login`;
  const login = async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    if (res.status !== 200) throw new Error(`login answered ${res.status}`);
    await res.arrayBuffer();
  };
  await inParallel(CONCURRENCY * 2, CONCURRENCY, login); // warm-up
  const http = await inParallel(REQUESTS, CONCURRENCY, login);
  await app.close();

  const hash = await argon2.hash(ADMIN.password, { type: argon2.argon2id });
  const bare = await inParallel(REQUESTS, CONCURRENCY, () => argon2.verify(hash, ADMIN.password));

  const f = (n) => n.toFixed(1);
  console.log(`requests=${REQUESTS} concurrency=${CONCURRENCY} (argon2id m=64MiB t=3 p=4)`);
  console.log(`http login: ${f(http.perSecond)}/s p50 ${f(http.p50)} ms p99 ${f(http.p99)} ms`);
  console.log(`bare argon2.verify: ${f(bare.perSecond)}/s p50 ${f(bare.p50)} ms`);
  console.log(
    `login http_logins_s=${f(http.perSecond)} p50_ms=${f(http.p50)} p99_ms=${f(http.p99)} ` +
      `argon2_verify_s=${f(bare.perSecond)} ratio=${(http.perSecond / bare.perSecond).toFixed(2)}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
