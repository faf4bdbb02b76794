// A worker of bench/fanout.mjs (child_process.fork): holds a share of the simulated players and
// does what the parent asks over IPC. In `loa` mode each player is a socket.io-client on /player
// that pairs through the real flow (code → claim → token → hello) and records every `playlist`
// it receives; in `ws` mode each is a plain ws client that records every message. Receipt times
// use performance.timeOrigin + performance.now(), the parent's clock formula (same machine).
// Players never send heartbeats: the measurement sees pushes only.
import { io } from 'socket.io-client';
import WebSocket from 'ws';

const now = () => performance.timeOrigin + performance.now();
const HELLO = {
  protocol: 1,
  playerVersion: 'bench',
  playlistVersion: null,
  screen: { width: 1920, height: 1080, devicePixelRatio: 1 },
  freeBytes: null,
};

/** @type {Array<{index: number, screenId?: string, token?: string, version: string | null, socket?: any, gotRound: number, received: number, waiters: Array<() => void>}>} */
let players = [];
let round = null;
let sampleDoc = null;
const unexpected = { disconnects: 0, reasons: {} };

function send(message) {
  if (process.connected) process.send(message);
}

async function pool(items, limit, task) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await task(items[next++]);
    }),
  );
}

const withTimeout = (promise, ms, what) =>
  Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms).unref()),
  ]);

/** A playlist (loa) or a message (ws) reached this player. */
function received(player, doc, at) {
  player.version = doc.version;
  player.received += 1;
  if (doc.items?.length > 0) sampleDoc = doc;
  player.waiters.splice(0).forEach((wake) => wake());
  if (!round) return;
  if (player.gotRound === round.id) {
    round.extra += 1;
    return;
  }
  player.gotRound = round.id;
  round.times.push(at);
  round.versions[doc.version] = (round.versions[doc.version] ?? 0) + 1;
  if (round.times.length === players.length) send({ event: 'complete', round: round.id });
}

function noteDisconnect(reason) {
  unexpected.disconnects += 1;
  unexpected.reasons[reason] = (unexpected.reasons[reason] ?? 0) + 1;
}

/**
 * Connects a paired player with its token and says hello with the version it holds.
 * Answers { ok, follows } or { ok: false, kind: 'connect_error' | 'not_ok' | 'timeout', message }.
 */
function attach(player, url, timeoutMs) {
  return new Promise((resolve) => {
    let finished = false;
    const done = (result) => {
      if (finished) return;
      finished = true;
      clearTimeout(guard);
      resolve(result);
    };
    const guard = setTimeout(
      () => done({ ok: false, kind: 'timeout', message: 'no connection' }),
      2 * timeoutMs + 1000,
    );
    const socket = io(`${url}/player`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: timeoutMs,
      auth: { token: player.token },
    });
    player.socket = socket;
    socket.on('playlist', (doc) => received(player, doc, now()));
    socket.on('disconnect', (reason) => {
      if (reason !== 'io client disconnect') noteDisconnect(reason);
    });
    socket.once('connect_error', (error) => done({ ok: false, kind: 'connect_error', message: error.message }));
    socket.once('connect', () => {
      const before = player.received;
      socket.timeout(timeoutMs).emit('player:hello', { ...HELLO, playlistVersion: player.version }, (error, ack) => {
        if (error) return done({ ok: false, kind: 'timeout', message: 'no hello answer' });
        if (!ack?.ok) return done({ ok: false, kind: 'not_ok', message: JSON.stringify(ack?.error ?? ack) });
        const follows = ack.data.playlistFollows;
        if (!follows || player.received > before) return done({ ok: true, follows });
        // the playlist comes right after the answer: wait for it, so the player knows its version
        player.waiters.push(() => done({ ok: true, follows }));
      });
    });
  });
}

async function pairOne({ url, token, provinceId, index, timeoutMs }) {
  const socket = io(`${url}/player`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: timeoutMs,
    auth: {},
  });
  try {
    const code = withTimeout(
      new Promise((resolve, reject) => {
        socket.once('pairing:code', resolve);
        socket.once('connect_error', reject);
      }),
      timeoutMs,
      'pairing:code',
    );
    const paired = new Promise((resolve) => {
      socket.once('pairing:paired', (payload, ack) => {
        ack({ ok: true, data: null });
        resolve(payload);
      });
    });
    const { code: shown } = await code;
    const res = await fetch(`${url}/api/screens/claim`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        code: shown,
        name: `Màn hình ${index}`,
        kind: 'transit',
        organisationId: provinceId,
        localityId: provinceId,
        tags: ['bench'],
      }),
    });
    const body = await res.text();
    if (res.status !== 201) throw new Error(`claim answered ${res.status}: ${body.slice(0, 200)}`);
    const { deviceToken, screenId } = await withTimeout(paired, timeoutMs, 'pairing:paired');
    socket.disconnect();
    const player = { index, screenId, token: deviceToken, version: null, gotRound: -1, received: 0, waiters: [] };
    const attached = await attach(player, url, timeoutMs);
    if (!attached.ok) throw new Error(`hello after pairing: ${attached.kind} ${attached.message}`);
    players.push(player);
  } finally {
    socket.disconnect();
  }
}

const handlers = {
  /** Pairs these players through the real flow, `concurrency` at a time. */
  async pair({ url, token, provinceId, indices, concurrency, timeoutMs }) {
    const failures = [];
    await pool(indices, concurrency, (index) =>
      pairOne({ url, token, provinceId, index, timeoutMs }).catch((error) =>
        failures.push({ index, error: error.message }),
      ),
    );
    return {
      players: players.map(({ index, screenId, token: t, version }) => ({ index, screenId, token: t, version })),
      failures,
    };
  },

  /** Connects players paired in an earlier run (cached tokens). */
  async attach({ url, list, concurrency, timeoutMs }) {
    const failures = [];
    await pool(list, concurrency, async (saved) => {
      const player = { ...saved, gotRound: -1, received: 0, waiters: [] };
      const result = await attach(player, url, timeoutMs);
      if (result.ok) players.push(player);
      else failures.push({ index: saved.index, error: `${result.kind} ${result.message}` });
    });
    return {
      players: players.map(({ index, screenId, token: t, version }) => ({ index, screenId, token: t, version })),
      failures,
    };
  },

  /** ws mode: `count` plain clients. */
  async connect({ url, count, concurrency }) {
    const failures = [];
    await pool(
      Array.from({ length: count }, (_, i) => i),
      concurrency,
      (index) =>
        new Promise((resolve) => {
          const client = { index, version: null, gotRound: -1, received: 0, waiters: [] };
          const ws = new WebSocket(url, { perMessageDeflate: false });
          ws.on('message', (data) => received(client, JSON.parse(data.toString()), now()));
          ws.once('open', () => {
            client.socket = ws;
            players.push(client);
            ws.on('close', () => noteDisconnect('close'));
            resolve();
          });
          ws.once('error', (error) => {
            failures.push({ index, error: error.message });
            resolve();
          });
        }),
    );
    return { connected: players.length, failures };
  },

  arm({ id }) {
    round = { id, times: [], extra: 0, versions: {} };
    unexpected.disconnects = 0;
    unexpected.reasons = {};
    return {};
  },

  collect() {
    const result = {
      times: round?.times ?? [],
      missing: players.length - (round?.times.length ?? 0),
      extra: round?.extra ?? 0,
      versions: round?.versions ?? {},
      disconnects: { ...unexpected },
    };
    round = null;
    return result;
  },

  /** A playlist with items, as received, for the ws reference to broadcast. */
  sample() {
    return { json: sampleDoc ? JSON.stringify(sampleDoc) : null };
  },

  /** Every player disconnects, then each reconnects with its token at a random moment in the window. */
  async storm({ url, windowMs, timeoutMs }) {
    const started = now();
    for (const player of players) player.socket?.disconnect();
    const outcomes = await Promise.all(
      players.map(
        (player) =>
          new Promise((resolve) => {
            setTimeout(async () => {
              const t0 = now();
              const result = await attach(player, url, timeoutMs);
              resolve({ ...result, ms: now() - t0, doneAt: now() });
            }, Math.random() * windowMs);
          }),
      ),
    );
    const failures = { connect_error: 0, not_ok: 0, timeout: 0 };
    const messages = {};
    for (const o of outcomes.filter((x) => !x.ok)) {
      failures[o.kind] += 1;
      messages[o.message] = (messages[o.message] ?? 0) + 1;
    }
    return {
      failures,
      messages,
      followed: outcomes.filter((o) => o.ok && o.follows).length,
      helloMs: outcomes.filter((o) => o.ok).map((o) => o.ms),
      startedAt: started,
      lastDoneAt: Math.max(...outcomes.map((o) => o.doneAt)),
    };
  },

  close() {
    for (const player of players) {
      if (player.socket?.terminate) player.socket.terminate();
      else player.socket?.disconnect();
    }
    players = [];
    return {};
  },
};

process.on('message', async ({ id, type, args }) => {
  try {
    send({ id, ok: true, result: await handlers[type](args ?? {}) });
  } catch (error) {
    send({ id, ok: false, error: error.stack ?? String(error) });
  }
});
// the bench went away (finished, failed or was killed): so do we
process.on('disconnect', () => process.exit(0));
