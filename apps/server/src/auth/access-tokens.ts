import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { EVERYWHERE, type Role, subtreeScope } from '@loa/identity';
import { DomainError, Unauthenticated } from '../common/errors.js';
import type { Principal } from '../common/request-context.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { User } from '../users/user.entity.js';
import { SessionService } from './session.service.js';

export interface AccessTokenClaims {
  sub: string;
  /** The sign-in (session family) the token was issued from: signing out ends its access tokens too. */
  sid: string;
}

/**
 * Who an access token belongs to, checked against the database each time, so a deactivated
 * account, a changed role or an ended sign-in take effect at once. HTTP routes and the console
 * socket namespace both ask here.
 */
@Injectable()
export class AccessTokens {
  constructor(
    private readonly jwt: JwtService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly sessions: SessionService,
  ) {}

  async principalOf(token: string): Promise<Principal> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, { algorithms: ['HS256'] });
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
