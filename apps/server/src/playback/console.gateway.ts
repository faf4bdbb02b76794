import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { type Language, type MessageKey, say } from '@loa/i18n';
import { type Scope, idsOnPath } from '@loa/identity';
import { CONSOLE_EVENTS, NAMESPACES, type ProtocolError, type ServerToConsole } from '@loa/protocol';
import { AccessTokens } from '../auth/access-tokens.js';
import { DomainError } from '../common/errors.js';
import { type ConsoleNamespace, PlayerSockets } from '../realtime/player-sockets.js';
import { rooms } from '../realtime/rooms.js';
import { PresenceService } from './presence.service.js';

/** How often a console's sign-in is checked again: sign-out, deactivation or expiry end its live view. */
const RECHECK_MS = 60_000;

interface ConsoleData {
  token: string;
  scope: Scope;
}

type ConsoleSocket = Socket<Record<string, never>, ServerToConsole, Record<string, never>, ConsoleData>;

const roomOf = (scope: Scope): string =>
  scope.kind === 'everywhere' ? rooms.everywhere : rooms.scope(idsOnPath(scope.path).at(-1)!);

function refusal(language: Language, code: ProtocolError['code'], key: MessageKey): Error & { data: ProtocolError } {
  const message = say(language, key);
  return Object.assign(new Error(message), { data: { code, message } });
}

/**
 * The /console namespace: signed-in users (access token in the handshake's auth) receive the
 * live status of the screens within their scope. Rooms do the scoping: a console joins the room
 * of its scope's root, and every status is sent to the rooms of all its screen's ancestors.
 */
@WebSocketGateway({ namespace: NAMESPACES.console })
export class ConsoleGateway
  implements OnGatewayInit<ConsoleNamespace>, OnGatewayConnection<ConsoleSocket>, OnApplicationShutdown
{
  private readonly logger = new Logger('ConsoleGateway');
  private namespace: ConsoleNamespace | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly tokens: AccessTokens,
    private readonly sockets: PlayerSockets,
    private readonly presence: PresenceService,
  ) {}

  afterInit(namespace: ConsoleNamespace): void {
    this.namespace = namespace;
    this.sockets.attachConsoles(namespace);
    this.timer = setInterval(() => void this.recheckAll(), RECHECK_MS);
    this.timer.unref();
    namespace.use((socket, next) => {
      const auth = (socket.handshake.auth ?? {}) as { token?: unknown; language?: unknown };
      const language: Language = auth.language === 'en' ? 'en' : 'vi';
      const token = auth.token;
      if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
        next(refusal(language, 'unauthorised', 'protocol.console_unauthorised'));
        return;
      }
      this.tokens.principalOf(token).then(
        (principal) => {
          (socket as ConsoleSocket).data = { token, scope: principal.scope };
          next();
        },
        (error: unknown) => next(this.refusalFor(error, language)),
      );
    });
  }

  async handleConnection(socket: ConsoleSocket): Promise<void> {
    await socket.join(roomOf(socket.data.scope));
    // what the list the console just read may not show yet (presence reaches the database within
    // a second): the screens connected to this server, as they are now
    for (const status of this.presence.liveWithin(socket.data.scope)) socket.emit(CONSOLE_EVENTS.screenStatus, status);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Checks every console connected to this process again. */
  async recheckAll(): Promise<void> {
    const sockets = [...(this.namespace?.sockets.values() ?? [])] as unknown as ConsoleSocket[];
    for (const socket of sockets) await this.recheck(socket);
  }

  /** Ends the live view when the sign-in ended, and when the user's scope changed (the console reconnects into the new one). */
  private async recheck(socket: ConsoleSocket): Promise<void> {
    try {
      const principal = await this.tokens.principalOf(socket.data.token);
      if (roomOf(principal.scope) !== roomOf(socket.data.scope)) socket.disconnect(true);
    } catch (error) {
      if (error instanceof DomainError) socket.disconnect(true);
      else this.logger.warn(`could not check a console's sign-in again: ${(error as Error).message}`);
    }
  }

  private refusalFor(error: unknown, language: Language): Error {
    if (error instanceof DomainError) return refusal(language, 'unauthorised', error.messageKey);
    // a fault of ours must not look like a bad sign-in: the console keeps its session and retries
    this.logger.error(`console sign-in check failed: ${(error as Error).message}`);
    return refusal(language, 'internal', 'error.service_unavailable');
  }
}
