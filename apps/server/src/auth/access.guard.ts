import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { EVERYWHERE, type Role, subtreeScope } from '@loa/identity';
import { PUBLIC_KEY, ROLES_KEY } from '../common/access.decorators.js';
import { DomainError, Forbidden, Unauthenticated } from '../common/errors.js';
import type { LoaRequest, Principal } from '../common/request-context.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { User } from '../users/user.entity.js';
import { SessionService } from './session.service.js';

export interface AccessTokenClaims {
  sub: string;
  /** The sign-in (session family) the token was issued from: signing out ends its access tokens too. */
  sid: string;
}

/**
 * Runs before every route. Public routes pass; every other route needs a valid access
 * token of an active user whose role the route lists. The user is read from the database
 * on each request, so a deactivated account or a changed role takes effect at once.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly sessions: SessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const request = context.switchToHttp().getRequest<LoaRequest>();
    const principal = await this.authenticate(request);
    request.principal = principal;
    // A route with no declared roles never opens: the boot check refuses such routes anyway.
    if (!roles || !roles.includes(principal.role)) throw new Forbidden('error.forbidden', { role: principal.role });
    return true;
  }

  private async authenticate(request: LoaRequest): Promise<Principal> {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new Unauthenticated();
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(match[1], { algorithms: ['HS256'] });
    } catch (error) {
      const expired = (error as { name?: string }).name === 'TokenExpiredError';
      throw new Unauthenticated(expired ? 'error.token_expired' : 'error.unauthenticated');
    }
    const row = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .leftJoin(Organisation, 'organisation', 'organisation.id = user.organisationId')
      .select(['user.id AS id', 'user.email AS email', 'user.role AS role', 'user.active AS active'])
      .addSelect(['user.organisationId AS "organisationId"', 'organisation.path AS "organisationPath"'])
      .where('user.id = :id', { id: claims.sub })
      .getRawOne<{
        id: string;
        email: string;
        role: Role;
        active: boolean | number;
        organisationId: string | null;
        organisationPath: string | null;
      }>();
    if (!row) throw new Unauthenticated();
    if (!row.active) throw new DomainError('unauthenticated', 'auth.account_disabled');
    if (typeof claims.sid !== 'string' || !(await this.sessions.isLive(claims.sid))) {
      throw new DomainError('unauthenticated', 'auth.refresh_invalid');
    }
    return {
      id: row.id,
      email: row.email,
      role: row.role,
      organisationId: row.organisationId,
      scope: row.organisationPath ? subtreeScope(row.organisationPath) : EVERYWHERE,
      sessionId: claims.sid,
    };
  }
}
