import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { User } from '../users/user.entity.js';
import { AccessGuard } from './access.guard.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { BootstrapAdminService } from './bootstrap-admin.service.js';
import { PasswordHasher } from './password-hasher.js';
import { Session } from './session.entity.js';
import { SessionService } from './session.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([User, Session]),
    AuditModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: ResolvedConfig) => ({ secret: config.authSecret, signOptions: { algorithm: 'HS256' } }),
    }),
    // Applied only where @UseGuards(ThrottlerGuard) asks: sign-in and refresh.
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: ResolvedConfig) => ({
        throttlers: [{ ttl: config.loginThrottle.ttlSeconds * 1000, limit: config.loginThrottle.limit }],
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    SessionService,
    PasswordHasher,
    BootstrapAdminService,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [SessionService, PasswordHasher],
})
export class AuthModule {}
