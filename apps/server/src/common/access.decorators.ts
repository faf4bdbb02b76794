import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { type Role, ROLES } from '@loa/identity';

export const PUBLIC_KEY = 'loa:public';
export const ROLES_KEY = 'loa:roles';

/** Open to anyone, signed in or not. Every route is either this or @Roles(…). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** Only signed-in users with one of these roles. */
export const Roles = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No valid access token' }),
    ApiForbiddenResponse({ description: `Allowed roles: ${roles.join(', ')}` }),
  );

/** Any signed-in user, whatever the role. */
export const Authenticated = (): MethodDecorator & ClassDecorator => Roles(...ROLES);
