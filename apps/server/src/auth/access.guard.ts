import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@loa/identity';
import { PUBLIC_KEY, ROLES_KEY } from '../common/access.decorators.js';
import { Forbidden, Unauthenticated } from '../common/errors.js';
import type { LoaRequest } from '../common/request-context.js';
import { AccessTokens } from './access-tokens.js';

/**
 * Runs before every route. Public routes pass; every other route needs a valid access
 * token of an active user whose role the route lists.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const request = context.switchToHttp().getRequest<LoaRequest>();
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new Unauthenticated();
    const principal = await this.tokens.principalOf(match[1]);
    request.principal = principal;
    // A route with no declared roles never opens: the boot check refuses such routes anyway.
    if (!roles || !roles.includes(principal.role)) throw new Forbidden('error.forbidden', { role: principal.role });
    return true;
  }
}
