import { Injectable, type OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Role } from '@loa/identity';
import { PUBLIC_KEY, ROLES_KEY } from './access.decorators.js';

export interface RouteInfo {
  readonly method: string;
  readonly path: string;
  readonly controller: string;
  readonly handler: string;
  readonly isPublic: boolean;
  readonly roles: readonly Role[] | undefined;
}

const API_PREFIX = 'api';
/** Routes served outside /api (mirrors the exclusion given to setGlobalPrefix). */
export const UNPREFIXED_PATHS = ['/', '/metrics', '/media/:sha256'];

function joinPath(...parts: string[]): string {
  const joined = parts
    .flatMap((p) => p.split('/'))
    .filter((p) => p.length > 0)
    .join('/');
  return `/${joined}`;
}

/**
 * Every HTTP route the app registers, with the access it declares. Used at boot to refuse
 * an undeclared route, and by the test that calls each route without credentials.
 */
@Injectable()
export class RouteInventory implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  routes(): RouteInfo[] {
    const routes: RouteInfo[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance: unknown = wrapper.instance;
      const metatype = wrapper.metatype as (abstract new (...args: never[]) => unknown) | null;
      if (!instance || !metatype) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      const declared = Reflect.getMetadata(PATH_METADATA, metatype) as string | string[] | undefined;
      const controllerPaths = ([] as string[]).concat(declared ?? '/');
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
        const methodPaths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (methodPaths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [handler, metatype]) === true;
        const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [handler, metatype]);
        for (const controllerPath of controllerPaths) {
          for (const methodPath of ([] as string[]).concat(methodPaths)) {
            const local = joinPath(controllerPath, methodPath);
            const path = UNPREFIXED_PATHS.includes(local) ? local : joinPath(API_PREFIX, local);
            routes.push({ method, path, controller: metatype.name, handler: name, isPublic, roles });
          }
        }
      }
    }
    return routes;
  }

  onApplicationBootstrap(): void {
    const undeclared = this.routes().filter((r) => !r.isPublic && (!r.roles || r.roles.length === 0));
    if (undeclared.length > 0) {
      throw new Error(
        `Every route must declare @Public() or @Roles(…); these do not:\n${undeclared
          .map((r) => `  ${r.method} ${r.path} (${r.controller}.${r.handler})`)
          .join('\n')}`,
      );
    }
  }
}
