import { randomUUID } from 'node:crypto';
import { Inject, Logger } from '@nestjs/common';
import {
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import { say } from '@loa/i18n';
import {
  type Ack as AckOf,
  checkHeartbeat,
  checkHello,
  checkPlaysBatch,
  HEARTBEAT_SECONDS,
  NAMESPACES,
  OLDEST_PROTOCOL_VERSION,
  PLAYER_EVENTS,
  type PlaylistDocument,
  type PlaysAccepted,
  PROTOCOL_VERSION,
  type ProtocolError,
  type PlayerToServer,
  SERVER_EVENTS,
  type ServerToPlayer,
  type Welcome,
} from '@loa/protocol';
import { ThrottleStore } from '../auth/login-throttle.js';
import { Clock } from '../clock/clock.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { rooms } from '../realtime/rooms.js';
import { PlayerSockets } from '../realtime/player-sockets.js';
import { hashDeviceToken, PairingService } from '../screens/pairing.service.js';
import { type ResolvedGroup, ScreenGroupsService } from '../screens/screen-groups.service.js';
import { factsOf } from '../screens/screen-scope.js';
import { rowsBy } from '../database/rows-by.js';
import { Screen } from '../screens/screen.entity.js';
import { ScreensService } from '../screens/screens.service.js';
import { PlaylistService } from './playlist.service.js';
import { ScreenPlaylist } from './screen-playlist.entity.js';
import { roomsOf } from './playlist-triggers.js';
import { PlaysService } from '../plays/plays.service.js';
import { PresenceService } from './presence.service.js';

/** What the server keeps on each player socket. */
type PlayerData =
  | {
      readonly kind: 'screen';
      readonly screenId: string;
      /** The hash of the token it connected with: a revoke or replacement since then ends the socket. */
      readonly device: string;
      greeted: boolean;
      /** Held from the handshake check until the connection completes, then dropped. */
      arriving?: Screen;
    }
  | { readonly kind: 'pairing'; readonly channel: string; renewal?: NodeJS.Timeout };

type PlayerSocket = Socket<PlayerToServer, ServerToPlayer, Record<string, never>, PlayerData>;
type Reply<T> = ((answer: AckOf<T>) => void) | undefined;

const KNOWN_EVENTS = new Set<string>(Object.values(PLAYER_EVENTS));

/** How old the groups may be that place a connecting player in its group rooms. */
const GROUPS_FRESH_MS = 1000;

/** The window of PAIRING_CODE_LIMIT: unpaired connections (each shown a code) per address. */
const CODE_WINDOW_MS = 10 * 60_000;

function failure(code: ProtocolError['code'], message: string, fields?: readonly string[]): AckOf<never> {
  return { ok: false, error: fields ? { code, message, fields } : { code, message } };
}

/** An error for socket.io's connect_error: the player reads `data` to know it must pair again. */
function connectError(code: ProtocolError['code'], message: string): Error & { data: ProtocolError } {
  return Object.assign(new Error(message), { data: { code, message } });
}

/**
 * The /player namespace. A player with a device token in its handshake is a screen: it joins
 * its screen, locality and group rooms and says hello; a player without one is shown a pairing
 * code and waits in its own room for the token. Every message is checked; a malformed one is
 * answered with an error and the connection stays up.
 */
@WebSocketGateway({ namespace: NAMESPACES.player })
export class PlayerGateway
  implements
    OnGatewayInit<Namespace<PlayerToServer, ServerToPlayer>>,
    OnGatewayConnection<PlayerSocket>,
    OnGatewayDisconnect<PlayerSocket>
{
  private readonly logger = new Logger('PlayerGateway');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    private readonly sockets: PlayerSockets,
    private readonly screens: ScreensService,
    private readonly groups: ScreenGroupsService,
    private readonly pairing: PairingService,
    private readonly playlists: PlaylistService,
    private readonly presence: PresenceService,
    private readonly playsService: PlaysService,
    private readonly throttle: ThrottleStore,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  /**
   * The player events' listeners: one function each for every socket (socket.io calls them with
   * the socket as `this`), not closures per socket, which ten thousand idle players would pay for.
   */
  private readonly listeners = {
    hello: listener((socket, body: unknown, reply?: unknown) => this.hello(socket, body, reply as Reply<Welcome>)),
    heartbeat: listener((socket, body: unknown, reply?: unknown) =>
      this.heartbeat(socket, body, reply as Reply<{ serverTime: string }>),
    ),
    plays: listener((socket, body: unknown, reply?: unknown) =>
      this.plays(socket, body, reply as Reply<PlaysAccepted>),
    ),
    unknown: listener((socket, event: string, ...args: unknown[]) => this.refuseUnknown(socket, event, args.at(-1))),
  };

  afterInit(namespace: Namespace<PlayerToServer, ServerToPlayer>): void {
    this.sockets.attachPlayers(namespace);
    namespace.use((socket, next) => {
      this.authenticate(socket as PlayerSocket).then(
        () => next(),
        (error: Error) => next(error),
      );
    });
  }

  private async authenticate(socket: PlayerSocket): Promise<void> {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (token === undefined || token === null || token === '') {
      await this.limitCodes(socket.handshake.address);
      socket.data = { kind: 'pairing', channel: this.pairing.newChannel() };
      return;
    }
    if (typeof token !== 'string' || token.length > 200) {
      throw connectError('unauthorised', say('vi', 'protocol.unauthorised'));
    }
    const tokenHash = hashDeviceToken(token);
    let screen: Screen | null;
    let groups: ResolvedGroup[];
    try {
      screen = await this.screens.byDeviceTokenHash(tokenHash);
      if (!screen) throw connectError('unauthorised', say('vi', 'protocol.unauthorised'));
      groups = await this.groups.allResolvedRecent(GROUPS_FRESH_MS);
    } catch (error) {
      if ((error as { data?: ProtocolError }).data) throw error;
      // the player keeps its token: this is the server's trouble, not a revoked device
      this.logger.error(`could not check a device token: ${(error as Error).message}`);
      throw connectError('internal', say('vi', 'error.service_unavailable'));
    }
    socket.data = {
      kind: 'screen',
      screenId: screen.id,
      device: tokenHash,
      greeted: false,
      arriving: screen,
    };
    await socket.join([rooms.screen(screen.id), ...roomsOf(factsOf(screen), groups)]);
  }

  /**
   * Every unpaired connection costs a code, a QR and database writes: an address that opens
   * more than PAIRING_CODE_LIMIT of them in ten minutes is told to come back later.
   */
  private async limitCodes(address: string): Promise<void> {
    const now = this.clock.now().getTime();
    const window = await this.throttle.hit(`pairing-code:ip:${address}`, CODE_WINDOW_MS, now);
    if (window.count > this.config.screens.codeLimit) {
      const seconds = Math.max(1, Math.ceil((window.resetAt - now) / 1000));
      throw connectError('internal', say('vi', 'error.too_many_requests', { seconds }));
    }
  }

  async handleConnection(socket: PlayerSocket): Promise<void> {
    // plain listeners, not @SubscribeMessage: Nest builds a chain of rxjs objects per socket and
    // per handler, which ten thousand idle players pay for in memory (bench:fanout)
    socket.on(PLAYER_EVENTS.hello, this.listeners.hello);
    socket.on(PLAYER_EVENTS.heartbeat, this.listeners.heartbeat);
    socket.on(PLAYER_EVENTS.plays, this.listeners.plays);
    socket.onAny(this.listeners.unknown);
    const data = socket.data;
    if (data.kind === 'pairing') await this.showCode(socket);
    // counted only once connected: a player leaving during the handshake never disconnects
    if (data.kind === 'screen' && data.arriving) {
      this.presence.attached(data.arriving);
      delete data.arriving;
    }
  }

  private refuseUnknown(socket: PlayerSocket, event: string, reply: unknown): void {
    if (KNOWN_EVENTS.has(event)) return;
    this.refuse(
      socket,
      event,
      reply,
      failure('invalid_message', say('vi', 'protocol.unknown_event', { event: event.slice(0, 60) })),
    );
  }

  handleDisconnect(socket: PlayerSocket): void {
    const data = socket.data;
    if (data?.kind === 'screen') this.presence.detached(data.screenId);
    if (data?.kind === 'pairing') {
      clearTimeout(data.renewal);
      void this.pairing.forget(data.channel).catch(() => undefined);
    }
  }

  /** Shows a code, and a fresh one just before it expires, for as long as the player waits. */
  private async showCode(socket: PlayerSocket): Promise<void> {
    const data = socket.data;
    if (data.kind !== 'pairing' || socket.disconnected) return;
    try {
      await socket.join(rooms.pairing(data.channel));
      const code = await this.pairing.issue(data.channel);
      if (socket.disconnected) return;
      socket.emit(SERVER_EVENTS.pairingCode, code);
      const renewIn = Math.max(1000, Date.parse(code.expiresAt) - this.clock.now().getTime() - 5000);
      data.renewal = setTimeout(() => void this.showCode(socket), renewIn);
    } catch (error) {
      this.logger.error(`could not issue a pairing code: ${(error as Error).message}`);
      socket.disconnect(true);
    }
  }

  private async hello(socket: PlayerSocket, body: unknown, reply: Reply<Welcome>): Promise<void> {
    await this.answer(socket, PLAYER_EVENTS.hello, reply, async (screenId) => {
      const checked = checkHello(body);
      if (!checked.ok) return checked;
      const hello = checked.value;
      if (hello.protocol > PROTOCOL_VERSION) {
        return failure(
          'unsupported_protocol',
          say('vi', 'protocol.unsupported', { protocol: hello.protocol, server: PROTOCOL_VERSION }),
        );
      }
      if (hello.protocol < OLDEST_PROTOCOL_VERSION) {
        // it could not read the plans sent now: a reload brings it the player this server serves
        // (every player answers reload, whatever its protocol). Meanwhile no push reaches it.
        for (const room of [...socket.rooms]) if (room !== socket.id) await socket.leave(room);
        socket.emit(SERVER_EVENTS.command, { id: randomUUID(), type: 'reload' }, () => undefined);
        return failure(
          'unsupported_protocol',
          say('vi', 'protocol.outdated', { protocol: hello.protocol, oldest: OLDEST_PROTOCOL_VERSION }),
        );
      }
      const data = socket.data as Extract<PlayerData, { kind: 'screen' }>;
      // back in its rooms if an older hello on this connection took it out
      if (!socket.rooms.has(rooms.screen(screenId))) await this.joinRooms(socket, screenId);
      const current = await this.currentUnlessHeld(socket, screenId, hello.playlistVersion);
      if (current === undefined) return failure('unauthorised', say('vi', 'protocol.unauthorised'));
      const { document, screenName } = current;
      const follows = document !== null;
      data.greeted = true;
      this.presence.hello(screenId, hello);
      return {
        ok: true,
        data: {
          serverTime: this.clock.now().toISOString(),
          screenId,
          screenName,
          playlistFollows: follows,
          heartbeatSeconds: HEARTBEAT_SECONDS,
        },
        follows: document,
      };
    });
  }

  /** Proof of play: stored once per play id, acknowledged so the player can forget what it sent. */
  private async plays(socket: PlayerSocket, body: unknown, reply: Reply<PlaysAccepted>): Promise<void> {
    await this.answer(socket, PLAYER_EVENTS.plays, reply, async (screenId) => {
      const checked = checkPlaysBatch(body);
      if (!checked.ok) return checked;
      const screen = await this.dataSource
        .getRepository(Screen)
        .findOne({ where: { id: screenId }, select: { id: true, organisationPath: true, localityPath: true } });
      if (!screen) return failure('unauthorised', say('vi', 'protocol.unauthorised'));
      return { ok: true, data: await this.playsService.ingest(screen, checked.value.plays) };
    });
  }

  private async heartbeat(socket: PlayerSocket, body: unknown, reply: Reply<{ serverTime: string }>): Promise<void> {
    await this.answer(socket, PLAYER_EVENTS.heartbeat, reply, async (screenId) => {
      if (!(socket.data as Extract<PlayerData, { kind: 'screen' }>).greeted) {
        return failure('hello_required', say('vi', 'protocol.hello_required'));
      }
      const checked = checkHeartbeat(body);
      if (!checked.ok) return checked;
      this.presence.heartbeat(screenId, checked.value);
      // a push lost to a race or a reconnect heals here, within one heartbeat
      const current = await this.currentUnlessHeld(socket, screenId, checked.value.playlistVersion);
      if (current === undefined) return failure('unauthorised', say('vi', 'protocol.unauthorised'));
      const { document } = current;
      return {
        ok: true,
        data: { serverTime: this.clock.now().toISOString() },
        follows: document,
      };
    });
  }

  /**
   * The screen's current playlist when the player holds another one, null when it holds the
   * current one (only the version is compared: no document is read for an up-to-date player),
   * with the screen's name as it is now; undefined when the socket's device token is no longer
   * the screen's. That last check closes the gap of a socket that passed its handshake just as
   * its device was revoked or replaced.
   */
  private async currentUnlessHeld(
    socket: PlayerSocket,
    screenId: string,
    held: string | null,
  ): Promise<{ document: PlaylistDocument | null; screenName: string } | undefined> {
    const [row] = await rowsBy(this.dataSource, Screen, 'id', screenId, ['id', 'name', 'deviceTokenHash']);
    const data = socket.data as Extract<PlayerData, { kind: 'screen' }>;
    if (!row || row.deviceTokenHash !== data.device) {
      setImmediate(() => socket.disconnect());
      return undefined;
    }
    const [stored] = await rowsBy(this.dataSource, ScreenPlaylist, 'screenId', screenId);
    const version = stored?.version ?? null;
    if (version !== null && version === held) return { document: null, screenName: row.name };
    const document = await this.playlists.current(screenId, version);
    return { document: document && document.version !== held ? document : null, screenName: row.name };
  }

  /**
   * Runs a paired player's request and answers through its acknowledgement, or, when the
   * player gave none, with a protocol:error event for what was refused. Never throws: one bad
   * message must not end the connection. A playlist the answer carries follows the answer,
   * unless a push reached the socket while the request was read: the answer's document may be
   * older than the push's, and sending it after the push would put the player back on a
   * superseded playlist (an emergency lifted, or not yet begun) until its next heartbeat. Then
   * nothing follows when both are the same, and the screen's current playlist settles it when not.
   */
  private async answer<T>(
    socket: PlayerSocket,
    event: string,
    reply: Reply<T>,
    work: (screenId: string) => Promise<(AckOf<T> & { follows?: PlaylistDocument | null }) | AckOf<never>>,
  ): Promise<void> {
    const data = socket.data;
    if (data.kind !== 'screen') {
      this.refuse(socket, event, reply, failure('not_paired', say('vi', 'protocol.not_paired')));
      return;
    }
    const pushes = watchPlaylistPushes(socket);
    let result: (AckOf<T> & { follows?: PlaylistDocument | null }) | AckOf<never>;
    try {
      result = await work(data.screenId);
    } catch (error) {
      this.logger.error(`${event} from screen ${data.screenId} failed: ${(error as Error).stack ?? String(error)}`);
      result = failure('internal', say('vi', 'error.internal', { requestId: socket.id }));
    } finally {
      pushes.stop();
    }
    if (!result.ok) {
      this.refuse(socket, event, reply, result);
      return;
    }
    const { follows, ...answer } = result as AckOf<T> & { follows?: PlaylistDocument | null };
    if (typeof reply === 'function') reply(answer);
    if (!follows) return;
    const pushed = pushes.lastVersion();
    if (pushed === null) socket.emit(SERVER_EVENTS.playlist, follows);
    else if (pushed !== follows.version) await this.settle(socket, data.screenId, pushed);
  }

  /**
   * An answer's document and a push that overtook it differ, and which is newer is not known
   * (a first hello's document is made after the push's): the screen's current playlist settles
   * it, sent unless the player has it from the push, or a later push overtakes this one too.
   */
  private async settle(socket: PlayerSocket, screenId: string, pushed: string): Promise<void> {
    const pushes = watchPlaylistPushes(socket);
    try {
      const current = await this.currentUnlessHeld(socket, screenId, pushed);
      if (current?.document && pushes.lastVersion() === null) socket.emit(SERVER_EVENTS.playlist, current.document);
    } catch (error) {
      // the next heartbeat heals what this could not
      this.logger.warn(`could not settle the playlist of screen ${screenId}: ${(error as Error).message}`);
    } finally {
      pushes.stop();
    }
  }

  private async joinRooms(socket: PlayerSocket, screenId: string): Promise<void> {
    const screen = await this.dataSource.getRepository(Screen).findOneBy({ id: screenId });
    if (!screen) return;
    const groups = await this.groups.allResolvedRecent(GROUPS_FRESH_MS);
    await socket.join([rooms.screen(screen.id), ...roomsOf(factsOf(screen), groups)]);
  }

  private refuse(socket: PlayerSocket, event: string, reply: unknown, answer: AckOf<never>): void {
    if (answer.ok) return;
    if (typeof reply === 'function') (reply as (a: AckOf<never>) => void)(answer);
    else socket.emit(SERVER_EVENTS.protocolError, { ...answer.error, event: event.slice(0, 60) });
  }
}

/**
 * The version of the last playlist sent to the socket while watched, by a push to its rooms (from
 * any server process: socket.io tells a socket's outgoing listeners of broadcasts too) or directly.
 */
function watchPlaylistPushes(socket: PlayerSocket): { lastVersion(): string | null; stop(): void } {
  let version: string | null = null;
  const watch = (event: string, document?: { version?: unknown }) => {
    if (event === SERVER_EVENTS.playlist) version = typeof document?.version === 'string' ? document.version : '';
  };
  socket.onAnyOutgoing(watch);
  return { lastVersion: () => version, stop: () => socket.offAnyOutgoing(watch) };
}

/** A listener shared by every socket: socket.io calls it with the socket as `this`. */
function listener<A extends unknown[]>(
  run: (socket: PlayerSocket, ...args: A) => Promise<void> | void,
): (this: PlayerSocket, ...args: A) => void {
  return function (this: PlayerSocket, ...args: A) {
    void run(this, ...args);
  };
}
