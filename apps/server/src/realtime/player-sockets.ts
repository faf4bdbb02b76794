import { Injectable, Logger } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import {
  type Ack,
  type Command,
  type CommandResult,
  CONSOLE_EVENTS,
  type Paired,
  type PlayerToServer,
  type PlaylistDocument,
  type RevokedReason,
  type ScreenStatus,
  SERVER_EVENTS,
  type ServerToConsole,
  type ServerToPlayer,
} from '@loa/protocol';
import { idsOnPath } from '@loa/identity';
import { rooms } from './rooms.js';

export type PlayerNamespace = Namespace<PlayerToServer, ServerToPlayer>;
export type ConsoleNamespace = Namespace<Record<string, never>, ServerToConsole>;

/** Sending a playlist to many rooms at once: socket.io encodes the packet once for all of them. */
const ROOMS_PER_BROADCAST = 20_000;

export class CommandTimeout extends Error {
  constructor() {
    super('the player did not answer in time');
  }
}

/**
 * The socket.io server as Loa uses it: rooms, broadcasts, acknowledgements and disconnects,
 * and nothing else. With the Redis adapter every call here reaches sockets on every server
 * process, so services never need to know where a screen is connected.
 */
@Injectable()
export class PlayerSockets {
  private readonly logger = new Logger('PlayerSockets');
  private players: PlayerNamespace | null = null;
  private consoles: ConsoleNamespace | null = null;

  attachPlayers(namespace: PlayerNamespace): void {
    this.players = namespace;
  }

  attachConsoles(namespace: ConsoleNamespace): void {
    this.consoles = namespace;
  }

  private get playerNamespace(): PlayerNamespace {
    if (!this.players) throw new Error('the player gateway has not started');
    return this.players;
  }

  /** Hands a claimed player its token; true when the player acknowledged it. */
  async deliverPairing(channel: string, paired: Paired, timeoutMs: number): Promise<boolean> {
    try {
      const answers = (await this.playerNamespace
        .to(rooms.pairing(channel))
        .timeout(timeoutMs)
        .emitWithAck(SERVER_EVENTS.paired, paired)) as unknown[];
      return answers.some((a) => (a as Ack<null> | undefined)?.ok === true);
    } catch {
      return false;
    }
  }

  /** The same document to every screen listed, encoded once. */
  sendPlaylist(screenIds: readonly string[], document: PlaylistDocument): void {
    for (let i = 0; i < screenIds.length; i += ROOMS_PER_BROADCAST) {
      const batch = screenIds.slice(i, i + ROOMS_PER_BROADCAST).map(rooms.screen);
      this.playerNamespace.to(batch).emit(SERVER_EVENTS.playlist, document);
    }
  }

  /** Tells the screen's players their token is gone and closes their sockets; they go back to pairing. */
  revoke(screenId: string, reason: RevokedReason): void {
    const room = rooms.screen(screenId);
    this.playerNamespace.to(room).emit(SERVER_EVENTS.revoked, { reason });
    // without closing the transport: the revoked event and the disconnect packet leave in order
    this.playerNamespace.in(room).disconnectSockets(false);
  }

  /**
   * Ends the screen's connections without revoking anything: with no `revoked` before it, its
   * players keep their token and reconnect (protocol.md), and are placed afresh, e.g. after the
   * screen moved to another owner or place.
   */
  reconnect(screenId: string): void {
    this.playerNamespace.in(rooms.screen(screenId)).disconnectSockets(false);
  }

  /**
   * Cuts off one device of a screen (by its token's hash), leaving the screen's other devices
   * connected. Found among the screen's sockets rather than through a room of its own: a room per
   * device is a set and a long name kept for every idle player.
   */
  async revokeDevice(screenId: string, tokenHash: string, reason: RevokedReason): Promise<void> {
    const sockets = await this.playerNamespace.in(rooms.screen(screenId)).fetchSockets();
    for (const socket of sockets) {
      if ((socket.data as { device?: string } | undefined)?.device !== tokenHash) continue;
      socket.emit(SERVER_EVENTS.revoked, { reason });
      socket.disconnect(false);
    }
  }

  /** Moves a screen's sockets between group and locality rooms after it or a group changed. */
  moveRooms(screenId: string, join: readonly string[], leave: readonly string[]): void {
    const sockets = this.playerNamespace.in(rooms.screen(screenId));
    if (leave.length > 0) sockets.socketsLeave([...leave]);
    if (join.length > 0) sockets.socketsJoin([...join]);
  }

  /**
   * Sends a command and waits for the screen's answers: those of its connected players (none
   * when it is offline). One answer is enough; rejects with CommandTimeout only when no player
   * answered in time.
   */
  command(screenId: string, command: Command, timeoutMs: number): Promise<Ack<CommandResult>[]> {
    return new Promise((resolve, reject) => {
      this.playerNamespace
        .to(rooms.screen(screenId))
        .timeout(timeoutMs)
        .emit(SERVER_EVENTS.command, command, (error: Error | null, answers: Ack<CommandResult>[]) => {
          // on a time-out socket.io still hands over the answers that did arrive
          if (error && (!answers || answers.length === 0)) {
            this.logger.debug(`command ${command.type} to ${screenId}: ${error.message}`);
            reject(new CommandTimeout());
            return;
          }
          resolve(answers ?? []);
        });
    });
  }

  /** Live status to the consoles of everyone who can see the screen, by owner or by place. */
  screenStatus(paths: readonly string[], status: ScreenStatus): void {
    if (!this.consoles) return;
    const targets = new Set<string>([rooms.everywhere]);
    for (const path of paths) for (const id of idsOnPath(path)) targets.add(rooms.scope(id));
    this.consoles.to([...targets]).emit(CONSOLE_EVENTS.screenStatus, status);
  }
}
