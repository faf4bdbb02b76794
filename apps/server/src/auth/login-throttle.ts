import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { Clock } from '../clock/clock.js';
import { DomainError } from '../common/errors.js';
import type { LoaRequest } from '../common/request-context.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';

/** Counts attempts per key in fixed windows. In memory for one process; a shared store comes with Redis. */
export abstract class ThrottleStore {
  abstract hit(key: string, windowMs: number, now: number): { count: number; resetAt: number };
}

@Injectable()
export class MemoryThrottleStore extends ThrottleStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  hit(key: string, windowMs: number, now: number): { count: number; resetAt: number } {
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      if (this.windows.size > 10_000) this.sweep(now);
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { ...window };
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}

/**
 * Limits sign-in and refresh attempts per client address (LOGIN_THROTTLE_LIMIT per
 * LOGIN_THROTTLE_TTL), answering 429 with Retry-After. Behind a proxy set TRUST_PROXY
 * so the address is the client's, not the proxy's.
 */
@Injectable()
export class LoginThrottleGuard implements CanActivate {
  constructor(
    private readonly store: ThrottleStore,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<LoaRequest>();
    const response = http.getResponse<Response>();
    const { limit, ttlSeconds } = this.config.loginThrottle;
    const now = this.clock.now().getTime();
    const key = `${context.getClass().name}.${context.getHandler().name}:${request.ip ?? 'unknown'}`;
    const { count, resetAt } = this.store.hit(key, ttlSeconds * 1000, now);
    response.setHeader('X-RateLimit-Limit', limit);
    response.setHeader('X-RateLimit-Remaining', Math.max(0, limit - count));
    if (count <= limit) return true;
    const seconds = Math.max(1, Math.ceil((resetAt - now) / 1000));
    response.setHeader('Retry-After', seconds);
    throw new DomainError('too_many', 'error.too_many_requests', { seconds });
  }
}
