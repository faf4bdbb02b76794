import { Logger } from '@nestjs/common';
import { type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import { type Language, say } from '@loa/i18n';
import { NAMESPACES } from '@loa/protocol';
import { AccessTokens } from '../auth/access-tokens.js';
import { DomainError } from '../common/errors.js';
import type { Principal } from '../common/request-context.js';
import { type ConsoleNamespace, PlayerSockets } from '../realtime/player-sockets.js';
import { idsOfPath, rooms } from '../realtime/rooms.js';

/**
 * The /console namespace: signed-in users (access token in the handshake's auth) receive the
 * live status of the screens within their scope. Rooms do the scoping: a console joins the room
 * of its scope's root, and every status is sent to the rooms of all its screen's ancestors.
 */
@WebSocketGateway({ namespace: NAMESPACES.console })
export class ConsoleGateway implements OnGatewayInit<ConsoleNamespace> {
  private readonly logger = new Logger('ConsoleGateway');

  constructor(
    private readonly tokens: AccessTokens,
    private readonly sockets: PlayerSockets,
  ) {}

  afterInit(namespace: ConsoleNamespace): void {
    this.sockets.attachConsoles(namespace);
    namespace.use((socket, next) => {
      const auth = (socket.handshake.auth ?? {}) as { token?: unknown; language?: unknown };
      const language: Language = auth.language === 'en' ? 'en' : 'vi';
      const refuse = (key: Parameters<typeof say>[1]) =>
        next(
          Object.assign(new Error(say(language, key)), { data: { code: 'unauthorised', message: say(language, key) } }),
        );
      if (typeof auth.token !== 'string' || auth.token.length === 0 || auth.token.length > 4096) {
        refuse('protocol.console_unauthorised');
        return;
      }
      this.tokens.principalOf(auth.token).then(
        (principal: Principal) => {
          const room =
            principal.scope.kind === 'everywhere'
              ? rooms.everywhere
              : rooms.scope(idsOfPath(principal.scope.path).at(-1)!);
          void socket.join(room);
          next();
        },
        (error: unknown) => {
          if (error instanceof DomainError) refuse(error.messageKey);
          else {
            this.logger.error(`console sign-in check failed: ${(error as Error).message}`);
            refuse('error.service_unavailable');
          }
        },
      );
    });
  }
}
