import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CreativesModule } from './creatives/creatives.module.js';
import { type Clock, ClockModule } from './clock/clock.js';
import { RouteInventory } from './common/route-inventory.js';
import { AppConfigModule, type ResolvedConfig } from './config/config.module.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { HealthModule } from './health/health.module.js';
import { MediaModule } from './media/media.module.js';
import { RedisModule } from './redis/redis.module.js';
import { RootController } from './root/root.controller.js';
import { OrganisationsModule } from './organisations/organisations.module.js';
import { PlaybackModule } from './playback/playback.module.js';
import { CampaignsModule } from './campaigns/campaigns.module.js';
import { DemoModule } from './demo/demo.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { ScreensModule } from './screens/screens.module.js';
import { ScreenProfilesModule } from './screen-profiles/screen-profiles.module.js';
import { UsersModule } from './users/users.module.js';

/** What a test may replace; production uses none of it. */
export interface AppOptions {
  readonly clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot(config: ResolvedConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions(config.database)),
        DiscoveryModule,
        ClockModule.forRoot(options.clock),
        RedisModule,
        AuditModule,
        AuthModule,
        OrganisationsModule,
        UsersModule,
        MediaModule,
        ScreenProfilesModule,
        CreativesModule,
        RealtimeModule,
        ScreensModule,
        PlaybackModule,
        CampaignsModule,
        DemoModule,
        ReportsModule,
        HealthModule,
      ],
      controllers: [RootController],
      providers: [RouteInventory],
    };
  }
}
