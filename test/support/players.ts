import { expect } from '@jest/globals';
import { io, type Socket } from 'socket.io-client';
import {
  type Ack,
  type Hello,
  NAMESPACES,
  PLAYER_EVENTS,
  type PairingCode,
  type Paired,
  type PlayerToServer,
  type PlaylistDocument,
  PROTOCOL_VERSION,
  SERVER_EVENTS,
  type ServerToPlayer,
  type Welcome,
} from '@loa/protocol';
import type { TestApp } from './test-app.js';

export type PlayerSocket = Socket<ServerToPlayer, PlayerToServer>;

/**
 * Every event a socket received, kept in order, so a test can wait for the next one of a kind
 * or check that none came.
 */
export class Inbox {
  private readonly seen = new Map<string, unknown[]>();
  private readonly taken = new Map<string, number>();
  private readonly waiters: Array<{ event: string; resolve: (value: unknown) => void }> = [];

  constructor(socket: Socket) {
    socket.onAny((event: string, ...args: unknown[]) => this.record(event, args[0]));
    for (const event of ['connect', 'disconnect', 'connect_error']) {
      socket.on(event as 'connect', (...args: unknown[]) => this.record(event, args[0]));
    }
  }

  private record(event: string, payload: unknown): void {
    const list = this.seen.get(event) ?? [];
    list.push(payload);
    this.seen.set(event, list);
    // one event answers one waiter: the next waiter waits for the next event
    const waiter = this.waiters.find((w) => w.event === event);
    if (waiter) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(this.take(event));
    }
  }

  private take(event: string): unknown {
    const index = this.taken.get(event) ?? 0;
    this.taken.set(event, index + 1);
    return this.seen.get(event)![index];
  }

  /** The next event of this name not yet taken, waiting for it if need be. */
  next<T = unknown>(event: string, timeoutMs = 5000): Promise<T> {
    if ((this.seen.get(event)?.length ?? 0) > (this.taken.get(event) ?? 0))
      return Promise.resolve(this.take(event) as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(new Error(`no ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        event,
        resolve: (value: unknown) => {
          clearTimeout(timer);
          resolve(value as T);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** How many of this event arrived so far, taken or not. */
  count(event: string): number {
    return this.seen.get(event)?.length ?? 0;
  }

  all<T = unknown>(event: string): T[] {
    return (this.seen.get(event) ?? []) as T[];
  }
}

export const HELLO: Hello = {
  protocol: PROTOCOL_VERSION,
  playerVersion: '0.0.0-test',
  playlistVersion: null,
  screen: { width: 1920, height: 1080, devicePixelRatio: 1 },
  freeBytes: 8_000_000_000,
};

/** A player as the browser player connects: websocket only, a fresh manager, no automatic reconnection unless asked. */
export function connectPlayer(
  baseUrl: string,
  token?: string,
  options: { reconnection?: boolean } = {},
): { socket: PlayerSocket; inbox: Inbox } {
  const socket: PlayerSocket = io(`${baseUrl}${NAMESPACES.player}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: options.reconnection ?? false,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    auth: token ? { token } : {},
  });
  return { socket, inbox: new Inbox(socket) };
}

/** Waits for the connection, or for the server's refusal: answers the refusal's data. */
export async function connected(inbox: Inbox, timeoutMs = 5000): Promise<void> {
  await inbox.next('connect', timeoutMs);
}

export async function hello(socket: PlayerSocket, playlistVersion: string | null = null): Promise<Ack<Welcome>> {
  return socket.timeout(5000).emitWithAck(PLAYER_EVENTS.hello, { ...HELLO, playlistVersion });
}

/** An unpaired player waiting with its code; acknowledges its token when it comes (unless told not to). */
export async function waitingPlayer(
  baseUrl: string,
  options: { acknowledge?: boolean } = {},
): Promise<{ socket: PlayerSocket; inbox: Inbox; code: PairingCode; paired: Promise<Paired> }> {
  const { socket, inbox } = connectPlayer(baseUrl);
  const paired = new Promise<Paired>((resolve) => {
    socket.on(SERVER_EVENTS.paired, (payload, ack) => {
      if (options.acknowledge !== false) ack({ ok: true, data: null });
      resolve(payload);
    });
  });
  const code = await inbox.next<PairingCode>(SERVER_EVENTS.pairingCode);
  return { socket, inbox, code, paired };
}

export interface PairedScreen {
  readonly screenId: string;
  readonly deviceToken: string;
}

/** Pairs a new player through the real flow: it shows a code, the operator claims it, the token arrives. */
export async function pairScreen(t: TestApp, operatorToken: string, fields: object): Promise<PairedScreen> {
  const waiting = await waitingPlayer(t.url);
  const res = await t
    .http()
    .post('/api/screens/claim')
    .auth(operatorToken, { type: 'bearer' })
    .send({ code: waiting.code.code, ...fields });
  expect(res.status).toBe(201);
  const paired = await waiting.paired;
  waiting.socket.disconnect();
  return { screenId: paired.screenId, deviceToken: paired.deviceToken };
}

/** A paired player connected with its token, hello said; answers its welcome and the playlist if one followed. */
export async function onlineScreen(
  baseUrl: string,
  deviceToken: string,
  playlistVersion: string | null = null,
): Promise<{ socket: PlayerSocket; inbox: Inbox; welcome: Welcome; playlist: PlaylistDocument | null }> {
  const { socket, inbox } = connectPlayer(baseUrl, deviceToken);
  await connected(inbox);
  const answer = await hello(socket, playlistVersion);
  if (!answer.ok) throw new Error(`hello refused: ${answer.error.message}`);
  const playlist = answer.data.playlistFollows ? await inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist) : null;
  return { socket, inbox, welcome: answer.data, playlist };
}

/** Gives the server time to send anything it was going to; for asserting that nothing came. */
export const quietFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
