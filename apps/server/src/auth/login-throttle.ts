import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { Clock } from '../clock/clock.js';
import { DomainError } from '../common/errors.js';
import type { LoaRequest } from '../common/request-context.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { RedisConnection } from '../redis/redis.module.js';

export interface ThrottleWindow {
  readonly count: number;
  readonly resetAt: number;
}

/** Counts attempts per key in fixed windows. */
export abstract class ThrottleStore {
  abstract hit(key: string, windowMs: number, now: number): Promise<ThrottleWindow>;
  /** The window's count so far, without counting this look. */
  abstract peek(key: string, now: number): Promise<ThrottleWindow>;
}

/** Counters in this process's memory: enough for one server. */
export class MemoryThrottleStore extends ThrottleStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  hit(key: string, windowMs: number, now: number): Promise<ThrottleWindow> {
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      if (this.windows.size > 10_000) this.sweep(now);
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return Promise.resolve({ ...window });
  }

  peek(key: string, now: number): Promise<ThrottleWindow> {
    const window = this.windows.get(key);
    return Promise.resolve(window && window.resetAt > now ? { ...window } : { count: 0, resetAt: now });
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}

// INCR and the first PEXPIRE in one step, so a window always ends even if a server dies mid-way.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}
`;

/**
 * Counters in Redis, shared by every server behind the load balancer, so the limit holds
 * for the whole deployment. While Redis is unreachable each server falls back to its own
 * counters: sign-in keeps working and stays throttled, per server.
 */
export class RedisThrottleStore extends ThrottleStore {
  private readonly logger = new Logger('LoginThrottle');
  private readonly fallback = new MemoryThrottleStore();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    super();
  }

  async hit(key: string, windowMs: number, now: number): Promise<ThrottleWindow> {
    try {
      const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, `${this.prefix}throttle:${key}`, windowMs)) as [
        number,
        number,
      ];
      return { count, resetAt: now + (ttl > 0 ? ttl : windowMs) };
    } catch (error) {
      this.logger.warn(`Redis throttle counter failed (${(error as Error).message}); counting in memory`);
      return this.fallback.hit(key, windowMs, now);
    }
  }

  async peek(key: string, now: number): Promise<ThrottleWindow> {
    try {
      const redisKey = `${this.prefix}throttle:${key}`;
      const [count, ttl] = await Promise.all([this.redis.get(redisKey), this.redis.pttl(redisKey)]);
      return { count: Number(count ?? 0), resetAt: now + Math.max(0, ttl) };
    } catch {
      return this.fallback.peek(key, now);
    }
  }
}

export function throttleStoreFor(redis: RedisConnection): ThrottleStore {
  return redis.client ? new RedisThrottleStore(redis.client, redis.keyPrefix) : new MemoryThrottleStore();
}

/**
 * Limits sign-in and refresh attempts per client address (LOGIN_THROTTLE_LIMIT per
 * LOGIN_THROTTLE_TTL), answering 429 with Retry-After. Behind a proxy set TRUST_PROXY
 * so the address is the client's, not the proxy's.
 *
 * Written here rather than taken from @nestjs/throttler: that package is CommonJS and
 * requires the pure-ESM @nestjs/common 12, which Jest's loader cannot do on Node 20.
 */
@Injectable()
export class LoginThrottleGuard implements CanActivate {
  constructor(
    private readonly store: ThrottleStore,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<LoaRequest>();
    const response = http.getResponse<Response>();
    const { limit, ttlSeconds } = this.config.loginThrottle;
    const now = this.clock.now().getTime();
    const key = `${context.getClass().name}.${context.getHandler().name}:${request.ip ?? 'unknown'}`;
    const { count, resetAt } = await this.store.hit(key, ttlSeconds * 1000, now);
    response.setHeader('X-RateLimit-Limit', limit);
    response.setHeader('X-RateLimit-Remaining', Math.max(0, limit - count));
    if (count <= limit) return true;
    const seconds = Math.max(1, Math.ceil((resetAt - now) / 1000));
    response.setHeader('Retry-After', seconds);
    throw new DomainError('too_many', 'error.too_many_requests', { seconds });
  }
}
