import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { CreativesModule } from '../creatives/creatives.module.js';
import { MediaModule } from '../media/media.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { PlaybackModule } from '../playback/playback.module.js';
import { ScreensModule } from '../screens/screens.module.js';
import { UsersModule } from '../users/users.module.js';
import { DemoSeeder } from './demo-seeder.service.js';

/** The demo on first start; it imports AuthModule so the first administrator exists before it runs. */
@Module({
  imports: [
    AuthModule,
    OrganisationsModule,
    UsersModule,
    MediaModule,
    CreativesModule,
    ScreensModule,
    CampaignsModule,
    PlaybackModule,
  ],
  providers: [DemoSeeder],
})
export class DemoModule {}
