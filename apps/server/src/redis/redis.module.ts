import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';

/**
 * The one Redis connection of this process, present when REDIS_URL is set. Commands fail
 * fast while Redis is unreachable (no offline queue), so callers can fall back instead of hanging.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client: Redis | null;
  readonly keyPrefix: string;
  private healthy = true;

  constructor(@Inject(APP_CONFIG) config: ResolvedConfig) {
    this.keyPrefix = config.redisKeyPrefix;
    this.client = config.redisUrl
      ? new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 })
      : null;
    this.client?.on('error', (error: Error) => {
      if (this.healthy) this.logger.warn(`Redis is unreachable (${error.message}); retrying in the background`);
      this.healthy = false;
    });
    this.client?.on('ready', () => {
      if (!this.healthy) this.logger.log('Redis is reachable again');
      this.healthy = true;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.client) return;
    await this.client.quit().catch(() => this.client?.disconnect());
  }
}

@Global()
@Module({ providers: [RedisConnection], exports: [RedisConnection] })
export class RedisModule {}
