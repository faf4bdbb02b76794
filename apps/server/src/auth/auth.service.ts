import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../clock/clock.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { DomainError, Invalid, Unauthenticated } from '../common/errors.js';
import type { AuthenticatedContext, RequestContext } from '../common/request-context.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { User } from '../users/user.entity.js';
import type { AccessTokenClaims } from './access-tokens.js';
import type { AccessTokenDto, ChangePasswordDto, LoginDto, MeDto } from './dto/auth.dto.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionService } from './session.service.js';

export interface SignedIn {
  readonly body: AccessTokenDto;
  readonly refreshToken: string;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  async login(ctx: RequestContext, dto: LoginDto): Promise<SignedIn> {
    const user = await this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.email = :email', { email: dto.email })
      .getOne();
    const ok = await this.passwords.verify(user?.passwordHash ?? null, dto.password);
    const organisationPath = user ? await this.organisationPathOf(user.organisationId) : null;
    if (!user || !ok || !user.active) {
      await this.audit.record(ctx, {
        action: 'auth.login_failed',
        objectType: 'user',
        objectId: user?.id ?? null,
        organisationPath,
        actor: { id: user?.id ?? null, email: dto.email.slice(0, 254) },
        details: { reason: !user ? 'unknown_email' : !ok ? 'wrong_password' : 'disabled' },
      });
      if (user && ok && !user.active) throw new DomainError('unauthenticated', 'auth.account_disabled');
      throw new DomainError('unauthenticated', 'auth.invalid_credentials');
    }
    await this.users.update({ id: user.id }, { lastLoginAt: this.clock.now() });
    const issued = await this.sessions.issue(user.id, ctx);
    await this.audit.record(ctx, {
      action: 'auth.login',
      objectType: 'user',
      objectId: user.id,
      organisationPath,
      actor: { id: user.id, email: user.email },
      details: { sessionId: issued.session.id },
    });
    return { body: await this.accessTokenFor(user, issued.session.familyId), refreshToken: issued.token };
  }

  async refresh(ctx: RequestContext, refreshToken: string | undefined): Promise<SignedIn> {
    if (!refreshToken) throw new DomainError('unauthenticated', 'auth.refresh_invalid');
    const result = await this.sessions.rotate(refreshToken, ctx);
    if (result.outcome === 'reused') {
      const user = await this.users.findOne({ where: { id: result.userId } });
      await this.audit.record(ctx, {
        action: 'auth.refresh_reuse_detected',
        objectType: 'user',
        objectId: result.userId,
        organisationPath: user ? await this.organisationPathOf(user.organisationId) : null,
        actor: { id: result.userId, email: user?.email ?? null },
      });
    }
    if (result.outcome !== 'rotated') throw new DomainError('unauthenticated', 'auth.refresh_invalid');
    const user = await this.users.findOne({ where: { id: result.issued.session.userId } });
    if (!user?.active) {
      await this.sessions.revokeAllOf(result.issued.session.userId);
      throw new DomainError('unauthenticated', 'auth.account_disabled');
    }
    return { body: await this.accessTokenFor(user, result.issued.session.familyId), refreshToken: result.issued.token };
  }

  async logout(ctx: RequestContext, refreshToken: string | undefined): Promise<void> {
    if (!refreshToken) return;
    const session = await this.sessions.revoke(refreshToken);
    if (!session) return;
    const user = await this.users.findOne({ where: { id: session.userId } });
    await this.audit.record(ctx, {
      action: 'auth.logout',
      objectType: 'session',
      objectId: session.id,
      organisationPath: user ? await this.organisationPathOf(user.organisationId) : null,
      actor: { id: session.userId, email: user?.email ?? null },
    });
  }

  async me(ctx: AuthenticatedContext): Promise<MeDto> {
    const user = await this.users.findOne({ where: { id: ctx.principal.id } });
    if (!user) throw new Unauthenticated();
    return this.describe(user);
  }

  /** Changing one's password ends every other sign-in (a stolen one does not outlive it) and keeps this one. */
  async changePassword(ctx: AuthenticatedContext, dto: ChangePasswordDto): Promise<void> {
    const user = await this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.id = :id', { id: ctx.principal.id })
      .getOneOrFail();
    if (!(await this.passwords.verify(user.passwordHash, dto.currentPassword))) {
      throw new Invalid('auth.wrong_current_password');
    }
    if (dto.newPassword === dto.currentPassword) throw new Invalid('auth.password_reused');
    const passwordHash = await this.passwords.hash(dto.newPassword);
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(User).update({ id: user.id }, { passwordHash, mustChangePassword: false });
      await this.sessions.revokeAllOf(user.id, manager, ctx.principal.sessionId);
      await this.audit.record(
        ctx,
        {
          action: 'auth.password_changed',
          objectType: 'user',
          objectId: user.id,
          organisationPath: ctx.principal.scope.kind === 'subtree' ? ctx.principal.scope.path : null,
        },
        manager,
      );
    });
  }

  private async accessTokenFor(user: User, signInId: string): Promise<AccessTokenDto> {
    const claims: AccessTokenClaims = { sub: user.id, sid: signInId };
    const accessToken = await this.jwt.signAsync(claims, {
      algorithm: 'HS256',
      expiresIn: this.config.accessTokenTtlSeconds,
    });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.accessTokenTtlSeconds,
      user: await this.describe(user),
    };
  }

  private async describe(user: User): Promise<MeDto> {
    const organisation = user.organisationId
      ? await this.dataSource.getRepository(Organisation).findOne({ where: { id: user.organisationId } })
      : null;
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      organisation: organisation
        ? { id: organisation.id, name: organisation.name, kind: organisation.kind, path: organisation.path }
        : null,
      mustChangePassword: user.mustChangePassword,
      mayTriggerEmergencies: user.role === 'admin' || user.mayTriggerEmergencies,
    };
  }

  private async organisationPathOf(organisationId: string | null): Promise<string | null> {
    if (!organisationId) return null;
    const organisation = await this.dataSource
      .getRepository(Organisation)
      .findOne({ where: { id: organisationId }, select: { path: true } });
    return organisation?.path ?? null;
  }
}
