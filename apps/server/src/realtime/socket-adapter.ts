import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Duplex } from 'node:stream';
import type { Server, ServerOptions } from 'socket.io';
import type { ResolvedConfig } from '../config/config.module.js';

/**
 * The options socket.io's performance guide asks for with many long-lived players: no
 * per-message compression (CPU and ~300 KB per socket for zlib), no HTTP compression, and the
 * handshake request released once connected (the IncomingMessage would otherwise live as
 * long as the socket). bufferutil and utf-8-validate are installed, so ws uses them.
 */
export const SOCKET_SERVER_OPTIONS: Partial<ServerOptions> = {
  perMessageDeflate: false,
  httpCompression: false,
  // players use websocket only; the console may fall back to long polling behind odd proxies
  transports: ['websocket', 'polling'],
  pingInterval: 25_000,
  pingTimeout: 20_000,
  // a screenshot answer is the largest message (MAX_SCREENSHOT_DATA_URL, under 1 MB)
  maxHttpBufferSize: 1_000_000,
  serveClient: false,
};

/**
 * Builds the socket.io server for Nest's gateways, with the Redis adapter when REDIS_URL is
 * set, so a room emit on one server process reaches sockets held by every other.
 */
export class LoaSocketAdapter extends IoAdapter {
  private readonly realtimeLogger = new Logger('Realtime');
  private redisClients: Redis[] = [];
  private redisAdapter: ReturnType<typeof createAdapter> | null = null;

  constructor(
    app: INestApplicationContext,
    private readonly config: ResolvedConfig,
  ) {
    super(app);
  }

  /**
   * Sets up the adapter's publish and subscribe clients without waiting for Redis: a server
   * starts and serves its own sockets while Redis is down (health says so), and joins the others
   * when Redis comes back. Publishing fails fast meanwhile and is only logged; the subscriber
   * waits and subscribes again by itself after each reconnect.
   */
  connectToRedis(): void {
    if (!this.config.redisUrl) return;
    const publisher = new Redis(this.config.redisUrl, { connectTimeout: 2000, enableOfflineQueue: false });
    const subscriber = new Redis(this.config.redisUrl, { connectTimeout: 2000, maxRetriesPerRequest: null });
    this.redisClients = [publisher, subscriber];
    let warned = false;
    for (const client of this.redisClients) {
      client.on('error', (error: Error) => {
        if (!warned) this.realtimeLogger.warn(`socket.io Redis adapter: ${error.message}; retrying in the background`);
        warned = true;
      });
      client.on('ready', () => {
        if (warned) this.realtimeLogger.log('socket.io Redis adapter: Redis is reachable again');
        warned = false;
      });
    }
    // the adapter calls these without catching: a rejection while Redis is down must not end the process
    this.catchRejections(publisher, ['publish']);
    this.catchRejections(subscriber, ['subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe']);
    this.redisAdapter = createAdapter(publisher, subscriber, {
      key: `${this.config.redisKeyPrefix}socket.io`,
      requestsTimeout: 5000,
    });
    this.realtimeLogger.log('socket.io rooms are shared through Redis');
  }

  private catchRejections(client: Redis, methods: readonly string[]): void {
    const target = client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const method of methods) {
      const original = target[method].bind(client);
      target[method] = (...args: unknown[]) =>
        original(...args).catch((error: Error) => {
          this.realtimeLogger.debug(`socket.io Redis adapter ${method}: ${error.message}`);
          return 0;
        });
    }
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, { ...options, ...SOCKET_SERVER_OPTIONS } as ServerOptions);
    if (this.redisAdapter) server.adapter(this.redisAdapter);
    server.engine.on('connection', (raw: { request: unknown }) => {
      raw.request = null;
    });
    releaseUpgradeRequests(server.engine as unknown as UpgradingEngine);
    return server;
  }

  /**
   * Nest builds a disconnect stream (rxjs) for every socket even when the gateway has no
   * @SubscribeMessage handler; the player gateway has none (plain listeners), and ten thousand
   * idle players would keep ten thousand of those streams.
   */
  override bindMessageHandlers(...args: Parameters<IoAdapter['bindMessageHandlers']>): void {
    const [, handlers] = args;
    if (handlers.length === 0) return;
    super.bindMessageHandlers(...args);
  }

  /**
   * Nest leaves the socket.io server open when the HTTP server is force-closed, but upgraded
   * websockets are not the HTTP server's to close: end them here, so players notice at once.
   */
  override async close(server: Server): Promise<void> {
    if (typeof server.close === 'function') await server.close();
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    // nothing to flush on these two; quit() would wait for ever while Redis is unreachable
    this.redisClients.forEach((client) => client.disconnect());
    this.redisClients = [];
  }
}

type Upgrade = (req: unknown, socket: Duplex, head: Buffer) => void;
interface UpgradingEngine {
  handleUpgrade: Upgrade;
}

/**
 * engine.io answers each websocket upgrade with a stand-in response that listens for the TCP
 * socket's `close` for as long as the socket lives, and so keeps the upgrade's request (headers,
 * raw headers, parsed query: ~2 KB) alive for every connected player. Nothing in Loa listens to
 * that response (no engine.io middleware), so its listener is taken off once the upgrade is handled.
 */
function releaseUpgradeRequests(engine: UpgradingEngine): void {
  const handleUpgrade: Upgrade = engine.handleUpgrade.bind(engine);
  engine.handleUpgrade = (req, socket, head) => {
    const before = new Set(socket.listeners('close'));
    handleUpgrade(req, socket, head);
    for (const added of socket.listeners('close')) {
      // only the response's own listener: a named one (ws's socketOnClose) is left alone
      if (!before.has(added) && added.name === '') socket.removeListener('close', added as () => void);
    }
  };
}
