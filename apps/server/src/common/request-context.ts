import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { type Language, negotiateLanguage } from '@loa/i18n';
import type { Role, Scope } from '@loa/identity';

/** The signed-in user as the guard resolved them for this request. */
export interface Principal {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly organisationId: string | null;
  readonly scope: Scope;
  /** The sign-in (session family) this request's access token belongs to. */
  readonly sessionId: string;
}

/** Who is asking, from where, in which language: what services need to act and to audit. */
export interface RequestContext {
  readonly principal: Principal | null;
  readonly ip: string | null;
  readonly requestId: string | null;
  readonly userAgent: string | null;
  readonly language: Language;
}

export type LoaRequest = Request & { principal?: Principal; id?: string | number };

export function requestContextOf(request: LoaRequest): RequestContext {
  return {
    principal: request.principal ?? null,
    ip: request.ip ?? null,
    requestId: request.id === undefined ? null : String(request.id),
    userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
    language: negotiateLanguage(request.headers['accept-language']),
  };
}

/** Request context for a route that requires a signed-in user. */
export interface AuthenticatedContext extends RequestContext {
  readonly principal: Principal;
}

export const Ctx = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestContext => {
  return requestContextOf(ctx.switchToHttp().getRequest<LoaRequest>());
});

/** Loa itself acting, not on anyone's request: start-up tasks and background jobs. */
export const SYSTEM_CONTEXT: RequestContext = Object.freeze({
  principal: null,
  ip: null,
  requestId: null,
  userAgent: null,
  language: 'en',
});
