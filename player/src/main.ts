import { io, type Socket } from 'socket.io-client';
import {
  ClockEstimate,
  type Ack,
  type Command,
  type CommandResult,
  HEARTBEAT_SECONDS,
  type MediaCacheReport,
  MAX_SCREENSHOT_DATA_URL,
  NAMESPACES,
  type PairingCode,
  type Paired,
  type Play,
  PLAYER_EVENTS,
  playAt,
  type PlayerToServer,
  type PlaylistDocument,
  type PlaylistItem,
  type PlayRecord,
  type PlaysAccepted,
  PROTOCOL_VERSION,
  SERVER_EVENTS,
  type ServerToPlayer,
  type Welcome,
} from '@loa/protocol';
import { fillMediaCache, freeBytes, renditionsOf } from './media-cache.js';
import { newPlayId, Outbox } from './outbox.js';
import { type Layer, type NotShown, Stage } from './stage.js';
import { Zones } from './zones.js';

/**
 * The browser player: pairs, keeps its device token, receives its plan, plays it by server time
 * from its cache, switching between two layers so no frame is empty, and proves every play.
 */

const PLAYER_VERSION = '0.1.0';
const TOKEN_KEY = 'loa.deviceToken';
const PLAYLIST_KEY = 'loa.playlist';
/** The last clock offset measured: a player that restarts offline keeps to the server's time, not its own clock. */
const CLOCK_OFFSET_KEY = 'loa.clockOffset';
const TICK_MS = 250;
/** How long before its start the next item is made ready behind the one on screen. */
const PREPARE_MS = 5000;
const FADE_MS = 500;
/** How often a play whose file is not downloaded yet looks again. */
const RECHECK_MS = 1000;

type PlayerSocket = Socket<ServerToPlayer, PlayerToServer>;

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const stage = new Stage(byId<HTMLDivElement>('stage'), () => (playlist?.layout?.transition === 'fade' ? FADE_MS : 0));
const zones = new Zones(byId('ticker'), byId('qr'), byId('clock'));
const pairing = byId<HTMLDivElement>('pairing');
const message = byId<HTMLDivElement>('message');
const identify = byId<HTMLDivElement>('identify');

let socket: PlayerSocket | null = null;
let playlist: PlaylistDocument | null = readPlaylist();
/** Server time minus local time, measured at hello and on every heartbeat answer (and kept). */
const clock = new ClockEstimate(Number(localStorage.getItem(CLOCK_OFFSET_KEY)) || 0);
let screenName = '';
let heartbeat: number | undefined;
/** The play the plan says is on now, and how it went: shown since `shownAt`, or not (yet). */
interface Current {
  readonly key: string;
  readonly play: Play | null;
  layer: Layer | null;
  shownAt: number | null;
  notShown: NotShown | null;
  checkedAt: number;
}
let current: Current | null = null;
/** What the media cache held of the plan after its last fill, for the heartbeat. */
let cacheReport: MediaCacheReport | null = null;
let switchTimer: number | undefined;
let outbox: Outbox | null = null;
let sending = false;
const SEND_EVERY_MS = 5000;

function readPlaylist(): PlaylistDocument | null {
  try {
    const raw = localStorage.getItem(PLAYLIST_KEY);
    return raw ? (JSON.parse(raw) as PlaylistDocument) : null;
  } catch {
    return null;
  }
}

function serverNow(): number {
  return Date.now() + clock.offset;
}

/** Takes an answer's server time into the clock offset; `sentAt` is the monotonic clock's when the request left. */
function measure(serverTime: string, sentAt: number): void {
  const offset = clock.add({
    sentAt,
    receivedAt: performance.now(),
    wallAt: Date.now(),
    serverTime: Date.parse(serverTime),
  });
  try {
    localStorage.setItem(CLOCK_OFFSET_KEY, String(Math.round(offset)));
  } catch {
    // storage full: the offset is measured again at the next hello
  }
}

function connect(): void {
  const token = localStorage.getItem(TOKEN_KEY);
  const next: PlayerSocket = io(NAMESPACES.player, {
    transports: ['websocket'],
    auth: token ? { token } : {},
    reconnectionDelay: 1000,
    reconnectionDelayMax: 30_000,
    randomizationFactor: 0.5,
  });
  socket = next;
  next.on('connect', () => {
    if (token) void welcome(next);
  });
  next.on('connect_error', (error: Error & { data?: { code?: string } }) => {
    // a token the server no longer knows: forget it and pair again
    if (error.data?.code === 'unauthorised') forgetAndPair();
  });
  next.on(SERVER_EVENTS.pairingCode, showPairing);
  next.on(SERVER_EVENTS.paired, (paired: Paired, ack: (answer: Ack<null>) => void) => {
    localStorage.setItem(TOKEN_KEY, paired.deviceToken);
    screenName = paired.screenName;
    ack({ ok: true, data: null });
    pairing.style.display = 'none';
    reconnect();
  });
  next.on(SERVER_EVENTS.playlist, (document: PlaylistDocument) => {
    playlist = document;
    try {
      localStorage.setItem(PLAYLIST_KEY, JSON.stringify(document));
    } catch {
      // storage full: keep playing from memory
    }
    refillCache(document);
  });
  next.on(SERVER_EVENTS.revoked, () => forgetAndPair());
  next.on(SERVER_EVENTS.command, (command: Command, ack: (answer: Ack<CommandResult>) => void) => {
    ack(run(command));
  });
}

function reconnect(): void {
  window.clearInterval(heartbeat);
  socket?.removeAllListeners();
  socket?.disconnect();
  connect();
}

function forgetAndPair(): void {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(PLAYLIST_KEY);
  playlist = null;
  current = null;
  stage.clear();
  zones.update(null, null, 0);
  message.style.display = 'none';
  reconnect();
}

/**
 * Says hello until the server answers: a server busy planning a whole network may not answer in
 * time, and a player that gave up would never start its heartbeats (the console would lose it, and
 * missed pushes would not heal) until its socket reconnected.
 */
async function welcome(on: PlayerSocket): Promise<void> {
  for (let attempt = 0; on.connected && socket === on; attempt++) {
    if (await hello(on).catch(() => false)) return;
    await new Promise((resolve) => window.setTimeout(resolve, Math.min(30_000, 2000 * 2 ** attempt)));
  }
}

/** Whether the server welcomed the player. */
async function hello(on: PlayerSocket): Promise<boolean> {
  const free = await freeBytes();
  const sentAt = performance.now();
  const answer = (await on.timeout(10_000).emitWithAck(PLAYER_EVENTS.hello, {
    protocol: PROTOCOL_VERSION,
    playerVersion: PLAYER_VERSION,
    playlistVersion: playlist?.version ?? null,
    screen: { width: window.innerWidth, height: window.innerHeight, devicePixelRatio: window.devicePixelRatio || 1 },
    freeBytes: free,
  })) as Ack<Welcome>;
  if (!answer.ok) return false;
  measure(answer.data.serverTime, sentAt);
  screenName = answer.data.screenName;
  pairing.style.display = 'none';
  window.clearInterval(heartbeat);
  heartbeat = window.setInterval(() => void beat(on), (answer.data.heartbeatSeconds || HEARTBEAT_SECONDS) * 1000);
  return true;
}

async function beat(on: PlayerSocket): Promise<void> {
  const free = await freeBytes();
  const sentAt = performance.now();
  const layer = current && current.shownAt !== null ? current.layer : null;
  const answer = (await on.timeout(10_000).emitWithAck(PLAYER_EVENTS.heartbeat, {
    playing:
      layer && current?.play
        ? {
            creativeId: layer.item.creativeId,
            renditionSha256: layer.rendition.sha256,
            startedAt: new Date(current.play.start).toISOString(),
          }
        : null,
    playlistVersion: playlist?.version ?? null,
    freeBytes: free,
    cache: cacheReport,
    sentAt: new Date().toISOString(),
  })) as Ack<{ serverTime: string }>;
  if (answer.ok) measure(answer.data.serverTime, sentAt);
}

function showPairing(code: PairingCode): void {
  stage.clear();
  message.style.display = 'none';
  pairing.style.display = 'flex';
  (pairing.querySelector('.code') as HTMLElement).textContent = code.code;
  (pairing.querySelector('.qr') as HTMLElement).innerHTML = code.qrSvg;
  (pairing.querySelector('.server') as HTMLElement).textContent =
    `Mở ${code.claimUrl} hoặc nhập mã tại ${code.serverUrl} · Open the link or type the code in the console`;
}

/** Downloads what the plan needs (and drops what it no longer does), then looks at the plan again. */
function refillCache(document: PlaylistDocument): void {
  void fillMediaCache(renditionsOf(document, pickRendition)).then((report) => {
    cacheReport = report;
    tick();
    // the console hears what is held now, not at the next heartbeat
    if (socket?.connected && localStorage.getItem(TOKEN_KEY)) void beat(socket).catch(() => undefined);
  });
}

function itemOf(creativeId: string | null): PlaylistItem | null {
  return playlist?.items.find((i) => i.creativeId === creativeId) ?? null;
}

/** The file made for this screen: the smallest display rendition at least as large as the viewport, else the largest. */
function pickRendition(item: PlaylistItem) {
  const width = window.innerWidth * (window.devicePixelRatio || 1);
  const playable = item.renditions.filter((r) =>
    item.kind === 'video' ? document.createElement('video').canPlayType(r.mimeType) !== '' : true,
  );
  const sorted = [...playable].sort((a, b) => (a.width ?? 0) - (b.width ?? 0));
  return sorted.find((r) => (r.width ?? 0) >= width) ?? sorted[sorted.length - 1] ?? null;
}

/** Two plays are the same on screen when they start together and show the same thing. */
function keyOf(play: Play): string {
  const cue = play.cue;
  return [
    play.start,
    cue.creativeId,
    cue.message?.text,
    cue.reason,
    cue.campaignId,
    cue.donationId,
    cue.emergencyId,
  ].join('|');
}

function tick(): void {
  if (!playlist) return;
  const now = serverNow();
  const play = playAt(playlist.plan, now);
  const key = play ? keyOf(play) : 'idle';
  zones.update(playlist, play, now);
  if (current?.key !== key) begin(play, key, now);
  else if (current.shownAt === null && current.notShown === 'not_cached' && now - current.checkedAt >= RECHECK_MS) {
    // downloaded since? then show the rest of it
    current.checkedAt = now;
    load(current);
  }
  if (play) {
    prepareNext(play, now);
    // switch on time, not at the next tick
    window.clearTimeout(switchTimer);
    switchTimer = window.setTimeout(tick, Math.max(0, play.end - now + 2));
  }
}

/** The plan moved on to `play`: the last play is recorded, this one is shown once it is ready. */
function begin(play: Play | null, key: string, now: number): void {
  if (current) void finish(current, now);
  current = { key, play, layer: null, shownAt: null, notShown: null, checkedAt: now };
  if (!play) {
    stage.clear();
    message.style.display = 'none';
    return;
  }
  if (play.cue.message) {
    message.textContent = play.cue.message.text;
    message.style.background = play.cue.message.background ?? '#b00020';
    message.style.color = play.cue.message.foreground ?? '#ffffff';
    message.style.display = 'flex';
    current.shownAt = now;
    return;
  }
  load(current);
}

/** Makes the play's layer ready (or takes the one made ready ahead) and shows it when it is. */
function load(c: Current): void {
  const item = itemOf(c.play!.cue.creativeId);
  const rendition = item ? pickRendition(item) : null;
  if (!item || !rendition) {
    c.notShown = 'unplayable';
    return;
  }
  const front = stage.front;
  if (front && item.kind === 'image' && front.rendition.url === rendition.url) {
    // the same poster again: it stays up
    front.key = c.key;
    c.layer = front;
    reveal(c);
    return;
  }
  const layer = stage.prepare(c.key, item, rendition);
  c.layer = layer;
  void layer.ready.then((ok) => {
    if (current !== c || c.layer !== layer) return;
    if (ok) reveal(c);
    else c.notShown = layer.notShown;
  });
}

function reveal(c: Current): void {
  const layer = c.layer!;
  c.shownAt = serverNow();
  c.notShown = null;
  if (layer !== stage.front) {
    stage.show(layer);
    layer.start((c.shownAt - c.play!.start) / 1000);
  }
  message.style.display = 'none';
}

/** The play after this one, made ready behind it a few seconds ahead (once this one is up). */
function prepareNext(play: Play, now: number): void {
  if (!playlist || !current || current.shownAt === null || play.end - now > PREPARE_MS) return;
  const next = playAt(playlist.plan, play.end);
  if (!next || next.cue.message) return;
  const item = itemOf(next.cue.creativeId);
  const rendition = item ? pickRendition(item) : null;
  if (!item || !rendition) return;
  if (item.kind === 'image' && stage.front?.rendition.url === rendition.url) return;
  stage.prepare(keyOf(next), item, rendition);
}

/** What is on screen now as a JPEG data URL, at most 1280 px wide (media come from this origin, so the canvas stays readable). */
function capture(): string | null {
  const width = Math.min(1280, window.innerWidth);
  const height = Math.round((width * window.innerHeight) / Math.max(1, window.innerWidth));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.fillStyle = '#000';
  context.fillRect(0, 0, width, height);
  const shown = stage.front?.media;
  try {
    if (shown instanceof HTMLImageElement && shown.naturalWidth > 0) {
      fit(context, shown, shown.naturalWidth, shown.naturalHeight, width, height);
    } else if (shown instanceof HTMLVideoElement && shown.videoWidth > 0) {
      fit(context, shown, shown.videoWidth, shown.videoHeight, width, height);
    } else if (message.style.display === 'flex') {
      context.fillStyle = message.style.background || '#b00020';
      context.fillRect(0, 0, width, height);
      context.fillStyle = message.style.color || '#fff';
      context.font = `bold ${Math.round(height / 14)}px sans-serif`;
      context.textAlign = 'center';
      context.fillText(message.textContent ?? '', width / 2, height / 2, width * 0.9);
    }
    for (let quality = 0.8; quality >= 0.3; quality -= 0.1) {
      const url = canvas.toDataURL('image/jpeg', quality);
      if (url.length <= MAX_SCREENSHOT_DATA_URL) return url;
    }
  } catch {
    return null;
  }
  return null;
}

/** Draws like object-fit: contain. */
function fit(
  context: CanvasRenderingContext2D,
  source: CanvasImageSource,
  sourceWidth: number,
  sourceHeight: number,
  width: number,
  height: number,
): void {
  const scale = Math.min(width / sourceWidth, height / sourceHeight);
  const w = sourceWidth * scale;
  const h = sourceHeight * scale;
  context.drawImage(source, (width - w) / 2, (height - h) / 2, w, h);
}

/** A play that just left the screen (or never could be shown), into the outbox. */
async function finish(c: Current, endedAt: number): Promise<void> {
  const play = c.play;
  if (!play) return;
  const shownAt = c.shownAt;
  const complete =
    shownAt !== null && !play.cut && endedAt >= play.end - TICK_MS * 2 && shownAt <= play.start + TICK_MS * 2;
  const startedAt = shownAt ?? endedAt;
  const entry: PlayRecord = {
    playId: newPlayId(startedAt),
    creativeId: play.cue.creativeId,
    renditionSha256: c.layer?.rendition.sha256 ?? null,
    reason: play.cue.reason,
    campaignId: play.cue.campaignId,
    donationId: play.cue.donationId,
    emergencyId: play.cue.emergencyId,
    entryId: play.cue.entryId,
    scheduledStart: new Date(play.start).toISOString(),
    scheduledEnd: new Date(play.end).toISOString(),
    startedAt: new Date(startedAt).toISOString(),
    endedAt: new Date(Math.max(endedAt, startedAt)).toISOString(),
    shownSeconds: Math.max(0, (endedAt - startedAt) / 1000),
    outcome: shownAt === null ? 'skipped' : complete ? 'complete' : 'interrupted',
    note: shownAt === null ? (c.notShown ?? 'not_ready') : complete ? null : play.cut ? 'cut' : 'joined_late',
  };
  try {
    await (outbox ?? (outbox = await Outbox.open())).add(entry);
  } catch {
    // no storage at all: the play goes unproven rather than stopping the screen
  }
}

/** Sends what the outbox holds, a batch at a time, while connected and paired. */
async function flush(): Promise<void> {
  const on = socket;
  if (sending || !outbox || !on?.connected || !localStorage.getItem(TOKEN_KEY)) return;
  sending = true;
  try {
    for (;;) {
      const batch = await outbox.next();
      if (batch.length === 0) break;
      const answer = (await on
        .timeout(10_000)
        .emitWithAck(PLAYER_EVENTS.plays, { plays: batch })) as Ack<PlaysAccepted>;
      if (answer.ok) {
        await outbox.remove(batch.map((p) => p.playId));
        continue;
      }
      // records the server calls malformed would be refused forever: drop those, keep the rest
      if (answer.error.code === 'invalid_message') {
        const bad = new Set(
          (answer.error.fields ?? []).map((f) => Number(/^plays\[(\d+)\]/.exec(f)?.[1] ?? -1)).filter((n) => n >= 0),
        );
        await outbox.remove(batch.filter((_, i) => bad.size === 0 || bad.has(i)).map((p) => p.playId));
        continue;
      }
      break;
    }
  } catch {
    // not acknowledged: everything stays for the next try
  } finally {
    sending = false;
  }
}

function run(command: Command): Ack<CommandResult> {
  if (command.type === 'reload') {
    window.setTimeout(() => window.location.reload(), 100);
    return { ok: true, data: {} };
  }
  if (command.type === 'identify') {
    identify.textContent = command.screenName ?? screenName;
    identify.style.display = 'flex';
    window.setTimeout(() => (identify.style.display = 'none'), (command.seconds ?? 10) * 1000);
    return { ok: true, data: {} };
  }
  const screenshot = capture();
  return screenshot
    ? { ok: true, data: { screenshot } }
    : {
        ok: false,
        error: { code: 'internal', message: 'Không chụp được màn hình lúc này. The screen could not be captured now.' },
      };
}

if ('serviceWorker' in navigator) void navigator.serviceWorker.register('sw.js').catch(() => undefined);
if (playlist) refillCache(playlist);
void Outbox.open().then(
  (opened) => (outbox = opened),
  () => undefined,
);
connect();
window.setInterval(tick, TICK_MS);
window.setInterval(() => void flush(), SEND_EVERY_MS);
tick();
