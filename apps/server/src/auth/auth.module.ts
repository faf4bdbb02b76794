import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { User } from '../users/user.entity.js';
import { AccessGuard } from './access.guard.js';
import { AccessTokens } from './access-tokens.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { BootstrapAdminService } from './bootstrap-admin.service.js';
import { LoginThrottleGuard, ThrottleStore, throttleStoreFor } from './login-throttle.js';
import { RedisConnection } from '../redis/redis.module.js';
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
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    AccessTokens,
    SessionService,
    PasswordHasher,
    BootstrapAdminService,
    LoginThrottleGuard,
    { provide: ThrottleStore, useFactory: throttleStoreFor, inject: [RedisConnection] },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [SessionService, PasswordHasher, AccessTokens, ThrottleStore],
})
export class AuthModule {}
