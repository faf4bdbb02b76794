import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, IsNull, MoreThan, Not, Repository } from 'typeorm';
import { Clock } from '../clock/clock.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import type { RequestContext } from '../common/request-context.js';
import { Session } from './session.entity.js';

export interface IssuedSession {
  readonly session: Session;
  /** The refresh token itself; only its hash is stored. */
  readonly token: string;
}

export type RotationResult =
  | { readonly outcome: 'rotated'; readonly issued: IssuedSession }
  | { readonly outcome: 'invalid' }
  | { readonly outcome: 'reused'; readonly userId: string };

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Two tabs refreshing at once present the same token; the second arrives just after the
 * first rotated it. Within this window a rotated token is refused without alarm.
 */
export const ROTATION_GRACE_MS = 10_000;

/** Refresh-token sessions: issued at sign-in, rotated on every refresh, revoked on sign-out. */
@Injectable()
export class SessionService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  async issue(userId: string, ctx: RequestContext, familyId: string = randomUUID(), manager?: EntityManager) {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const repository = manager ? manager.getRepository(Session) : this.sessions;
    const session = await repository.save(
      repository.create({
        userId,
        tokenHash: hashOf(token),
        familyId,
        expiresAt: new Date(now.getTime() + this.config.refreshTokenTtlSeconds * 1000),
        revokedAt: null,
        userAgent: ctx.userAgent,
        ip: ctx.ip?.slice(0, 64) ?? null,
      }),
    );
    return { session, token } satisfies IssuedSession;
  }

  /**
   * Trades a refresh token for a new one. A token that was already rotated being presented
   * again means it was copied: the whole family is revoked and the user must sign in again.
   */
  async rotate(token: string, ctx: RequestContext): Promise<RotationResult> {
    return this.sessions.manager.transaction(async (manager) => {
      const repository = manager.getRepository(Session);
      const session = await repository.findOne({ where: { tokenHash: hashOf(token) } });
      const now = this.clock.now();
      if (!session || session.expiresAt <= now) return { outcome: 'invalid' } as const;
      if (session.revokedAt) {
        // Reuse means someone else holds the family's live token; a signed-out family is merely invalid.
        const liveElsewhere = await this.isLive(session.familyId, manager);
        const withinGrace = now.getTime() - session.revokedAt.getTime() < ROTATION_GRACE_MS;
        if (!liveElsewhere || withinGrace) return { outcome: 'invalid' } as const;
        await repository.update({ familyId: session.familyId, revokedAt: IsNull() }, { revokedAt: now });
        return { outcome: 'reused', userId: session.userId } as const;
      }
      const revoked = await repository.update({ id: session.id, revokedAt: IsNull() }, { revokedAt: now });
      if (!revoked.affected) return { outcome: 'invalid' } as const;
      const issued = await this.issue(session.userId, ctx, session.familyId, manager);
      return { outcome: 'rotated', issued } as const;
    });
  }

  /** Ends the sign-in this token belongs to: its refresh token and every access token issued from it. */
  async revoke(token: string): Promise<Session | null> {
    const session = await this.sessions.findOne({ where: { tokenHash: hashOf(token) } });
    if (!session || session.revokedAt) return null;
    await this.sessions.update({ familyId: session.familyId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
    return session;
  }

  /** Ends every sign-in of the user, except the one named (the caller's own, e.g. on a password change). */
  async revokeAllOf(userId: string, manager?: EntityManager, exceptFamilyId?: string | null): Promise<void> {
    const repository = manager ? manager.getRepository(Session) : this.sessions;
    await repository.update(
      { userId, revokedAt: IsNull(), ...(exceptFamilyId ? { familyId: Not(exceptFamilyId) } : {}) },
      { revokedAt: this.clock.now() },
    );
  }

  /** Whether the sign-in still has a live refresh token: access tokens issued from it are valid only then. */
  async isLive(familyId: string, manager?: EntityManager): Promise<boolean> {
    const repository = manager ? manager.getRepository(Session) : this.sessions;
    return repository.exists({ where: { familyId, revokedAt: IsNull(), expiresAt: MoreThan(this.clock.now()) } });
  }
}
