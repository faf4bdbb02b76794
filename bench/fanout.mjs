// Playlist fan-out: how fast the built server (node apps/server/dist/main.js, in a child process)
// pushes one playlist change to N paired players, against a bare ws server broadcasting the same
// bytes to N plain clients with the same process layout; plus heap per idle player, event-loop
// lag during the pushes and a reconnect storm. Players are socket.io clients in worker
// processes (bench/fanout-players.mjs) paired through the real flow, or attached with tokens
// cached in bench/.cache/ by an earlier run. Everything stays on 127.0.0.1; every wait is bounded.
// Run: npm run bench:fanout [-- --n 1000,5000] [-- --fresh]
import { fork, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { api, approvedPoster, freePort, startProdFlags } from './support.mjs';

const argv = process.argv.slice(2);
const option = (name) => {
  const at = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (at < 0) return undefined;
  return argv[at].includes('=') ? argv[at].split('=')[1] : argv[at + 1];
};
const SIZES = (option('n') ?? process.env.FANOUT_N ?? '1000,5000,10000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const FRESH = argv.includes('--fresh') || process.env.FANOUT_FRESH === '1';
const ROUNDS = Number(process.env.FANOUT_ROUNDS ?? 5);
const WORKERS = Number(process.env.FANOUT_WORKERS ?? 4);
const PAIR_CONCURRENCY = Number(process.env.FANOUT_PAIR_CONCURRENCY ?? 50);
const STORM_SECONDS = Number(process.env.FANOUT_STORM_SECONDS ?? 20);
const ROUND_TIMEOUT_MS = Number(process.env.FANOUT_ROUND_TIMEOUT ?? 60) * 1000;
const SETTLE_MS = Number(process.env.FANOUT_SETTLE ?? 3) * 1000;
const PROFILE = process.env.FANOUT_PROFILE === '1';
// heap snapshots before and after the idle players attach, diffed by constructor (where the heap per player goes)
const HEAP = process.env.FANOUT_HEAP === '1';
const HELLO_TIMEOUT_MS = 10_000;
const GRACE_MS = 300; // after the last receipt, so a second (duplicate) push would be counted
const PAUSE_MS = 1000; // between rounds
const ADMIN = { email: 'admin@loa.test', password: 'quan-tri-vien-2020' };

const ROOT = join(import.meta.dirname, '..');
const CACHE = join(import.meta.dirname, '.cache');
const PROF_DIR = join(CACHE, 'prof');
const MAIN = join(ROOT, 'apps/server/dist/main.js');
mkdirSync(CACHE, { recursive: true });

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n, digits = 1) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : 'n/a');
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const pick = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const benchStarted = performance.now();

// --- child processes: every one is tracked and killed when the bench ends, however it ends ---
const children = new Set();
const tempDirs = new Set();
function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}
function killAll() {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}
process.on('exit', () => {
  killAll();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping ${children.size} child process(es)`);
    killAll();
    process.exit(130);
  });
}

function exited(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** A forked script answering { id, type, args } requests; unsolicited { event } messages are emitted. */
function worker(script) {
  const child = track(fork(script, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const events = new EventEmitter();
  const pending = new Map();
  let next = 0;
  child.on('message', (message) => {
    if (message.id === undefined) return events.emit(message.event, message);
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) waiter?.resolve(message.result);
    else waiter?.reject(new Error(message.error));
  });
  child.once('exit', (code, signal) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${script} exited (${code ?? signal})`));
    pending.clear();
  });
  return {
    child,
    events,
    call: (type, args) =>
      new Promise((resolve, reject) => {
        const id = ++next;
        pending.set(id, { resolve, reject });
        child.send({ id, type, args });
      }),
    stop: async () => {
      child.disconnect?.();
      if (!(await exited(child, 5000))) child.kill('SIGKILL');
    },
  };
}

// --- the Loa server, as `npm run start:prod` runs it, in its own folder ---
async function startServer(dir, label) {
  const port = await freePort();
  const args = [...startProdFlags(), '--expose-gc', '--import', join(import.meta.dirname, 'fanout-hooks.mjs')];
  if (PROFILE || HEAP) args.push('--inspect=127.0.0.1:0');
  const child = track(
    spawn(process.execPath, [...args, MAIN], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        AUTH_SECRET: randomBytes(36).toString('base64'), // 48 characters
        DATABASE_URL: `sqlite:${join(dir, 'loa.db')}`,
        DATA_DIR: join(dir, 'data'),
        MEDIA_DIR: join(dir, 'media'),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: process.env.FANOUT_LOG_LEVEL ?? 'warn', // debug: each push's recompute and send times
        DEMO: 'false', // the players and the change are the bench's own
        PAIRING_CLAIM_LIMIT: '1000000',
        PAIRING_CODE_LIMIT: '1000000',
      },
    }),
  );
  const logPath = join(CACHE, `fanout-server-${label}.log`);
  const log = createWriteStream(logPath);
  const problems = [];
  let inspectorUrl = null;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      log.write(`${line}\n`);
      const debuggerAt = /Debugger listening on (ws:\/\/\S+)/.exec(line);
      if (debuggerAt) inspectorUrl = debuggerAt[1];
      if (debuggerAt || /^For help, see|^Debugger (attached|ending)|^Waiting for the debugger/.test(line)) return;
      let entry = null;
      try {
        entry = JSON.parse(line);
      } catch {
        // not a log record: anything else on the server's output is worth a look
      }
      if (!entry || entry.level >= 40) problems.push(entry ? `${entry.context ?? ''} ${entry.msg}`.trim() : line);
    });
  }
  const url = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}); see ${logPath}`);
    const ok = await fetch(`${url}/api/health`).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ok) break;
    if (performance.now() > deadline) throw new Error(`no healthy /api/health within 60 s; see ${logPath}`);
    await sleep(100);
  }
  return {
    child,
    url,
    problems,
    logPath,
    inspectorUrl: () => inspectorUrl,
    stop: async () => {
      child.kill('SIGTERM');
      if (!(await exited(child, 30_000))) {
        problems.push('did not stop within 30 s of SIGTERM');
        child.kill('SIGKILL');
      }
      log.end();
      return child.exitCode;
    },
  };
}

async function metrics(base) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const values = {};
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*) (\S+)$/.exec(line);
    if (match) values[match[1]] = Number(match[2]);
  }
  return values;
}

/** Heap in use after a full GC (asked over IPC, see fanout-hooks.mjs): the least of three samples. */
async function heapUsed(server) {
  const samples = [];
  for (let i = 0; i < 3; i++) {
    server.child.send({ type: 'gc' });
    await sleep(1000);
    samples.push((await metrics(server.url)).nodejs_heap_size_used_bytes);
  }
  return Math.min(...samples);
}

/** Chrome DevTools protocol on the server's inspector: CPU profiles of single phases (FANOUT_PROFILE=1). */
async function profiler(url) {
  const ws = new WebSocket(url, { maxPayload: 1024 ** 3 });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const pending = new Map();
  let next = 0;
  let chunks = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString());
    if (message.method === 'HeapProfiler.addHeapSnapshotChunk') chunks.push(message.params.chunk);
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
  });
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  await send('Profiler.enable');
  return {
    /** Self size and count of the heap's live objects, by type and constructor name. */
    heapByConstructor: async () => {
      chunks = [];
      await send('HeapProfiler.collectGarbage');
      await send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      const snapshot = JSON.parse(chunks.join(''));
      chunks = [];
      const fields = snapshot.snapshot.meta.node_fields;
      const types = snapshot.snapshot.meta.node_types[0];
      const [type, name, size] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
      const out = new Map();
      for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
        const t = types[snapshot.nodes[i + type]];
        const label =
          t === 'object' || t === 'closure' || t === 'native' ? snapshot.strings[snapshot.nodes[i + name]] : `(${t})`;
        const key = `${t} ${label.slice(0, 60)}`;
        const entry = out.get(key) ?? { bytes: 0, count: 0 };
        entry.bytes += snapshot.nodes[i + size];
        entry.count += 1;
        out.set(key, entry);
      }
      return out;
    },
    start: () => send('Profiler.start'),
    stop: async (name) => {
      const { profile } = await send('Profiler.stop');
      mkdirSync(PROF_DIR, { recursive: true });
      const path = join(PROF_DIR, `${name}.cpuprofile`);
      writeFileSync(path, JSON.stringify(profile));
      printProfile(name, path, profile);
    },
    close: () => ws.close(),
  };
}

/** Self time of the busy (not idle) samples, by function and by package; native frames count for their caller's package. */
function printProfile(name, path, profile) {
  const hits = new Map();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node);
  const packageOf = (url) =>
    !url || url.startsWith('node:') ? null : (/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? 'loa');
  const sites = new Map();
  const packages = new Map();
  let busy = 0;
  for (const node of profile.nodes) {
    const count = hits.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (count === 0 || functionName === '(idle)') continue;
    busy += count;
    const where = url ? ` ${url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '')}:${lineNumber + 1}` : '';
    const site = `${functionName || '(anonymous)'}${where}`;
    sites.set(site, (sites.get(site) ?? 0) + count);
    let pkg = functionName.startsWith('(') ? functionName : packageOf(url);
    for (let up = parentOf.get(node.id); !pkg && up; up = parentOf.get(up.id)) pkg = packageOf(up.callFrame.url);
    pkg ??= 'node';
    packages.set(pkg, (packages.get(pkg) ?? 0) + count);
  }
  const seconds = (profile.endTime - profile.startTime) / 1e6;
  const busySeconds = (seconds * busy) / profile.samples.length;
  const share = (count) => `${fmt((100 * count) / busy)} %`;
  console.log(
    `  cpu profile ${name}: ${fmt(seconds)} s, busy ${fmt(busySeconds)} s; self time of the busy samples → ${path}`,
  );
  for (const [site, count] of [...sites].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    console.log(`    ${share(count).padStart(7)}  ${site}`);
  }
  const top = [...packages].sort((a, b) => b[1] - a[1]).slice(0, 8);
  console.log(`    by package: ${top.map(([pkg, count]) => `${pkg} ${share(count)}`).join(', ')}`);
}

/** Splits 0…n-1 over the workers, one each in turn. */
function shares(list, count) {
  const out = Array.from({ length: count }, () => []);
  list.forEach((item, i) => out[i % count].push(item));
  return out;
}

/**
 * One measured change: arm every worker, t0, make the change, wait until every player reported
 * its receipt (or the time-out), then collect. Latencies are receipt − t0 in ms.
 */
async function measure(workers, id, change) {
  await Promise.all(workers.map((w) => w.call('arm', { id })));
  let complete = 0;
  let wake;
  const allIn = new Promise((resolve) => (wake = resolve));
  const onComplete = (message) => {
    if (message.round === id && ++complete === workers.length) wake();
  };
  workers.forEach((w) => w.events.on('complete', onComplete));
  const t0 = now();
  await change();
  const triggerMs = now() - t0;
  const timer = setTimeout(wake, ROUND_TIMEOUT_MS);
  await allIn;
  clearTimeout(timer);
  await sleep(GRACE_MS);
  workers.forEach((w) => w.events.off('complete', onComplete));
  const parts = await Promise.all(workers.map((w) => w.call('collect')));
  const latencies = parts.flatMap((p) => p.times.map((t) => t - t0)).sort((a, b) => a - b);
  const versions = {};
  for (const p of parts) for (const [v, c] of Object.entries(p.versions)) versions[v] = (versions[v] ?? 0) + c;
  return {
    triggerMs,
    first: latencies[0],
    p50: pick(latencies, 0.5),
    p99: pick(latencies, 0.99),
    max: latencies.at(-1),
    received: latencies.length,
    missing: parts.reduce((n, p) => n + p.missing, 0),
    extra: parts.reduce((n, p) => n + p.extra, 0),
    versions: Object.keys(versions).length,
    disconnects: parts.reduce((n, p) => n + p.disconnects.disconnects, 0),
  };
}

function summarise(rounds) {
  return {
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    max: median(rounds.map((r) => r.max)),
    triggerMs: median(rounds.map((r) => r.triggerMs)),
    missing: rounds.reduce((n, r) => n + r.missing, 0),
    extra: rounds.reduce((n, r) => n + r.extra, 0),
  };
}

const roundLine = (label, r) =>
  `  ${label}: first ${fmt(r.first)} ms, p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms, max ${fmt(r.max)} ms, trigger ${fmt(r.triggerMs)} ms, ` +
  `${r.received} received, ${r.missing} missing, ${r.extra} extra` +
  (r.versions > 1 ? `, ${r.versions} different versions` : '') +
  (r.disconnects > 0 ? `, ${r.disconnects} unexpected disconnects` : '');

// --- one N: Loa ---
async function runLoa(n) {
  const cacheDir = join(CACHE, `fanout-${n}`);
  const cached =
    !FRESH && existsSync(join(cacheDir, 'players.json'))
      ? JSON.parse(readFileSync(join(cacheDir, 'players.json'), 'utf8'))
      : null;
  const usable = cached && cached.players.length === n;
  const dir = mkdtempSync(join(tmpdir(), `loa-bench-fanout-${n}-`));
  tempDirs.add(dir);
  if (usable) cpSync(join(cacheDir, 'state'), dir, { recursive: true });
  const server = await startServer(dir, String(n));
  const out = { n, problems: server.problems, logPath: server.logPath };
  let workers = [];
  let prof = null;
  try {
    if (PROFILE || HEAP) prof = await profiler(server.inspectorUrl());
    const http = api(server.url, ADMIN);
    await http.login();
    let ids;
    if (usable) {
      ids = cached.ids;
    } else {
      const province = await http.post('/api/organisations', { name: 'Tỉnh Bắc Kạn', kind: 'province' });
      const group = await http.post('/api/screen-groups', {
        name: 'Tất cả màn hình bến xe',
        tags: ['bench'],
        organisationId: province.id,
      });
      const creative = await approvedPoster(http, province.id);
      ids = { provinceId: province.id, groupId: group.id, creativeId: creative.id };
    }
    const heapBefore = await heapUsed(server);
    const snapshotBefore = HEAP ? await prof.heapByConstructor() : null;

    // players
    workers = Array.from({ length: Math.min(WORKERS, n) }, () =>
      worker(join(import.meta.dirname, 'fanout-players.mjs')),
    );
    const pairStarted = performance.now();
    if (PROFILE) await prof.start();
    let results;
    if (usable) {
      results = await Promise.all(
        shares(cached.players, workers.length).map((list, i) =>
          workers[i].call('attach', {
            url: server.url,
            list,
            concurrency: PAIR_CONCURRENCY,
            timeoutMs: HELLO_TIMEOUT_MS,
          }),
        ),
      );
    } else {
      await http.login(); // a fresh access token for the claims (they last 15 minutes)
      results = await Promise.all(
        shares(
          Array.from({ length: n }, (_, i) => i),
          workers.length,
        ).map((indices, i) =>
          workers[i].call('pair', {
            url: server.url,
            token: http.token,
            provinceId: ids.provinceId,
            indices,
            concurrency: PAIR_CONCURRENCY,
            timeoutMs: HELLO_TIMEOUT_MS,
          }),
        ),
      );
    }
    if (PROFILE) await prof.stop(`fanout-${n}-${usable ? 'attach' : 'pair'}`);
    out.setup = usable ? 'cached' : 'paired';
    out.setupS = (performance.now() - pairStarted) / 1000;
    const players = results.flatMap((r) => r.players);
    const failures = results.flatMap((r) => r.failures);
    out.setupFailures = failures.length;
    console.log(
      `  ${usable ? 'attached' : 'paired'} ${players.length} players in ${fmt(out.setupS)} s` +
        (failures.length ? `, ${failures.length} failed (first: ${failures[0].error})` : ''),
    );
    if (players.length === 0) throw new Error('no player could be paired');
    if (!usable && failures.length === 0) {
      // saved at the end, once the server has stopped and its database is whole
      out.saveCache = { ids, players: players.sort((a, b) => a.index - b.index) };
    }

    await sleep(SETTLE_MS);
    const heapWith = await heapUsed(server);
    out.heapKbPerPlayer = (heapWith - heapBefore) / players.length / 1024;
    console.log(
      `  heap used after GC: ${fmt(heapBefore / 1024 ** 2)} MB before, ${fmt(heapWith / 1024 ** 2)} MB with ${players.length} idle players`,
    );
    if (HEAP) {
      const after = await prof.heapByConstructor();
      const grown = [...after]
        .map(([key, a]) => {
          const b = snapshotBefore.get(key) ?? { bytes: 0, count: 0 };
          return { key, bytes: a.bytes - b.bytes, count: a.count - b.count };
        })
        .sort((x, y) => y.bytes - x.bytes);
      const total = grown.reduce((sum, g) => sum + g.bytes, 0);
      console.log(`  heap snapshot growth: ${fmt(total / players.length)} bytes per player, by type and constructor:`);
      for (const g of grown.slice(0, 40)) {
        console.log(
          `    ${fmt(g.bytes / players.length)
            .toString()
            .padStart(8)} B  ${fmt(g.count / players.length, 2)
            .toString()
            .padStart(6)} ×  ${g.key}`,
        );
      }
    }

    // rounds: add the creative to the group, take it off, add it again… The first is a warm-up.
    await http.login();
    let entryId = null;
    const change = async () => {
      if (entryId) {
        await http.delete(`/api/playlist-entries/${entryId}`);
        entryId = null;
      } else {
        entryId = (await http.post('/api/playlist-entries', { creativeId: ids.creativeId, groupId: ids.groupId })).id;
      }
    };
    const warmUp = await measure(workers, 'warm-up', change);
    console.log(roundLine('warm-up (add, not counted)', warmUp));
    await sleep(PAUSE_MS);
    await metrics(server.url); // resets the event-loop delay histogram: the next reading covers the rounds
    if (PROFILE) await prof.start();
    const rounds = [];
    for (let r = 0; r < ROUNDS; r++) {
      const action = entryId ? 'remove' : 'add';
      const result = await measure(workers, r, change);
      rounds.push(result);
      console.log(roundLine(`round ${r + 1} (${action})`, result));
      await sleep(PAUSE_MS);
    }
    const lag = await metrics(server.url);
    if (PROFILE) await prof.stop(`fanout-${n}-rounds`);
    out.loopLagP99 = lag.nodejs_eventloop_lag_p99_seconds * 1000;
    out.loopLagMax = lag.nodejs_eventloop_lag_max_seconds * 1000;
    console.log(
      `  event-loop delay over the rounds (prom-client, 10 ms sampling interval included): ` +
        `p99 ${fmt(out.loopLagP99)} ms, max ${fmt(out.loopLagMax)} ms`,
    );
    out.loa = summarise(rounds);
    const sample = (await Promise.all(workers.map((w) => w.call('sample')))).find((s) => s.json)?.json;
    out.payload = sample;
    if (entryId) {
      // back to the state the cache keeps; not measured
      const cleanup = await measure(workers, 'cleanup', change);
      if (cleanup.missing > 0) console.log(roundLine('clean-up (remove, not measured)', cleanup));
    }

    // reconnect storm: all players drop, each comes back at a random moment in the window
    await http.login();
    await metrics(server.url);
    if (PROFILE) await prof.start();
    const storms = await Promise.all(
      workers.map((w) =>
        w.call('storm', { url: server.url, windowMs: STORM_SECONDS * 1000, timeoutMs: HELLO_TIMEOUT_MS }),
      ),
    );
    const stormLag = await metrics(server.url);
    if (PROFILE) await prof.stop(`fanout-${n}-storm`);
    const failed = { connect_error: 0, not_ok: 0, timeout: 0 };
    const messages = {};
    for (const s of storms) {
      for (const [k, v] of Object.entries(s.failures)) failed[k] += v;
      for (const [k, v] of Object.entries(s.messages)) messages[k] = (messages[k] ?? 0) + v;
    }
    const helloMs = storms.flatMap((s) => s.helloMs).sort((a, b) => a - b);
    out.storm = {
      failures: failed.connect_error + failed.not_ok + failed.timeout,
      byKind: failed,
      messages,
      followed: storms.reduce((k, s) => k + s.followed, 0),
      seconds: (Math.max(...storms.map((s) => s.lastDoneAt)) - Math.min(...storms.map((s) => s.startedAt))) / 1000,
      helloP50: pick(helloMs, 0.5),
      helloP99: pick(helloMs, 0.99),
      loopLagP99: stormLag.nodejs_eventloop_lag_p99_seconds * 1000,
    };
    console.log(
      `  reconnect storm (${STORM_SECONDS} s window): ${out.storm.failures} failures ${JSON.stringify(failed)}, ` +
        `done in ${fmt(out.storm.seconds)} s, connect+hello p50 ${fmt(out.storm.helloP50)} ms p99 ${fmt(out.storm.helloP99)} ms, ` +
        `${out.storm.followed} sent a playlist after hello, loop lag p99 ${fmt(out.storm.loopLagP99)} ms` +
        (out.storm.failures ? `; ${JSON.stringify(messages)}` : ''),
    );
  } finally {
    prof?.close();
    await Promise.all(workers.map((w) => w.call('close').catch(() => undefined)));
    await Promise.all(workers.map((w) => w.stop()));
    const code = await server.stop();
    if (code !== 0 && code !== null) server.problems.push(`exited with code ${code}`);
    if (out.saveCache) {
      rmSync(cacheDir, { recursive: true, force: true });
      mkdirSync(cacheDir, { recursive: true });
      cpSync(dir, join(cacheDir, 'state'), { recursive: true });
      writeFileSync(join(cacheDir, 'players.json'), JSON.stringify(out.saveCache));
    }
    rmSync(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
  }
  return out;
}

// --- one N: bare ws, same payload, same layout ---
async function runWs(n, payload) {
  const server = worker(join(import.meta.dirname, 'fanout-ws-server.mjs'));
  const port = await new Promise((resolve) => server.events.once('listening', (m) => resolve(m.port)));
  const workers = Array.from({ length: Math.min(WORKERS, n) }, () =>
    worker(join(import.meta.dirname, 'fanout-players.mjs')),
  );
  try {
    const connected = await Promise.all(
      shares(
        Array.from({ length: n }, (_, i) => i),
        workers.length,
      ).map((list, i) =>
        workers[i].call('connect', {
          url: `ws://127.0.0.1:${port}`,
          count: list.length,
          concurrency: PAIR_CONCURRENCY,
        }),
      ),
    );
    const failures = connected.flatMap((c) => c.failures);
    if (failures.length > 0)
      console.log(`  ws: ${failures.length} clients failed to connect (first: ${failures[0].error})`);
    await server.call('payload', { json: payload });
    await sleep(SETTLE_MS);
    const warmUp = await measure(workers, 'warm-up', () => server.call('broadcast'));
    console.log(roundLine('ws warm-up (not counted)', warmUp));
    await sleep(PAUSE_MS);
    const rounds = [];
    for (let r = 0; r < ROUNDS; r++) {
      const result = await measure(workers, r, () => server.call('broadcast'));
      rounds.push(result);
      console.log(roundLine(`ws round ${r + 1}`, result));
      await sleep(PAUSE_MS);
    }
    return summarise(rounds);
  } finally {
    await Promise.all(workers.map((w) => w.call('close').catch(() => undefined)));
    await Promise.all([...workers, server].map((w) => w.stop()));
  }
}

// --- file descriptors: each process holds one end of its sockets ---
const limits = spawnSync('sh', ['-c', 'ulimit -Sn; ulimit -Hn'], { encoding: 'utf8' }).stdout.trim().split('\n');
const [softFds, hardFds] = limits.map((v) => (v === 'unlimited' ? Infinity : Number(v)));
const largest = Math.max(...SIZES);
console.log(
  `open files per process: soft ${softFds}, hard ${hardFds}; the server and the ws reference each hold ` +
    `${largest} sockets, each of ${WORKERS} workers ${Math.ceil(largest / WORKERS)}`,
);
if (softFds < largest + 1024) {
  console.log(
    `warning: ${largest} sockets need a soft limit of at least ${largest + 1024} open files; ` +
      `raise it (ulimit -n ${Math.max(largest * 2, 65536)}, see bench/README.md) or expect EMFILE`,
  );
}
console.log(
  `sizes ${SIZES.join(', ')}; ${ROUNDS} rounds each; ${WORKERS} worker processes; ` +
    `storm window ${STORM_SECONDS} s; ${FRESH ? 'fresh pairing' : 'cached tokens when present'}` +
    (PROFILE ? '; PROFILING (inspector attached, figures are not comparable)' : ''),
);

const results = [];
for (const n of SIZES) {
  console.log(`\nN = ${n}: Loa`);
  const loa = await runLoa(n);
  if (!loa.payload) throw new Error('no playlist with items reached the players');
  console.log(`N = ${n}: bare ws, ${Buffer.byteLength(loa.payload)} bytes per message`);
  loa.ws = await runWs(n, loa.payload);
  loa.ratio = loa.loa.p99 / loa.ws.p99;
  results.push(loa);
  const problems = [...new Set(loa.problems)];
  if (problems.length > 0) {
    console.log(`  server said ${loa.problems.length} warning/error line(s) (${loa.logPath}):`);
    for (const p of problems.slice(0, 8)) console.log(`    ${p.slice(0, 300)}`);
  }
}

console.log('\nPlaylist fan-out (latency: from before the HTTP change to each player’s receipt; median of rounds)');
const header = [
  'N',
  'setup',
  'p50 ms',
  'p99 ms',
  'max ms',
  'http ms',
  'missing',
  'ws p99',
  'ws max',
  'ratio',
  'heap KB/pl',
  'lag p99 ms',
  'storm s',
  'reconn fail',
];
const rows = results.map((r) => [
  r.n,
  `${r.setup} ${fmt(r.setupS, 0)} s`,
  fmt(r.loa.p50),
  fmt(r.loa.p99),
  fmt(r.loa.max),
  fmt(r.loa.triggerMs),
  r.loa.missing,
  fmt(r.ws.p99),
  fmt(r.ws.max),
  fmt(r.ratio, 2),
  fmt(r.heapKbPerPlayer, 2),
  fmt(r.loopLagP99),
  fmt(r.storm.seconds),
  r.storm.failures,
]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
for (const row of [header, ...rows]) console.log(row.map((c, i) => String(c).padStart(widths[i])).join('  '));
console.log(`total ${fmt((performance.now() - benchStarted) / 1000, 0)} s`);

const last = results.reduce((a, b) => (b.n > a.n ? b : a));
console.log(
  `fanout n=${last.n} p50_ms=${fmt(last.loa.p50)} p99_ms=${fmt(last.loa.p99)} max_ms=${fmt(last.loa.max)} ` +
    `ws_p99_ms=${fmt(last.ws.p99)} ratio_vs_ws=${fmt(last.ratio, 2)} heap_kb_per_player=${fmt(last.heapKbPerPlayer, 2)} ` +
    `loop_lag_p99_ms=${fmt(last.loopLagP99)} reconnect_failures=${last.storm.failures}`,
);
