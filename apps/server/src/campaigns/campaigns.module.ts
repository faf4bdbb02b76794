import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { CreativesModule } from '../creatives/creatives.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { PlaybackModule } from '../playback/playback.module.js';
import { PlaysModule } from '../plays/plays.module.js';
import { ScreensModule } from '../screens/screens.module.js';
import { Campaign, CampaignCreativeEntity } from './campaign.entity.js';
import {
  CampaignsController,
  DonationsController,
  EmergenciesController,
  LoopPoliciesController,
  ScreenScheduleController,
} from './campaigns.controller.js';
import { CampaignsService } from './campaigns.service.js';
import { Donation } from './donation.entity.js';
import { DonationsService } from './donations.service.js';
import { EmergenciesService } from './emergencies.service.js';
import { Emergency } from './emergency.entity.js';
import { LoopPoliciesService } from './loop-policies.service.js';
import { LoopPolicyEntity } from './loop-policy.entity.js';
import { SchedulePreviewService } from './schedule-preview.service.js';
import { SchedulingChecks } from './scheduling-checks.js';

/** Scheduling: campaigns, donated airtime, emergency takeovers, loop policies and previews (the engine is libs/scheduler). */
@Module({
  imports: [
    TypeOrmModule.forFeature([Campaign, CampaignCreativeEntity, Donation, Emergency, LoopPolicyEntity]),
    AuditModule,
    CreativesModule,
    OrganisationsModule,
    PlaybackModule,
    PlaysModule,
    ScreensModule,
  ],
  controllers: [
    CampaignsController,
    DonationsController,
    EmergenciesController,
    LoopPoliciesController,
    ScreenScheduleController,
  ],
  providers: [
    SchedulingChecks,
    CampaignsService,
    DonationsService,
    EmergenciesService,
    LoopPoliciesService,
    SchedulePreviewService,
  ],
  exports: [CampaignsService, DonationsService],
})
export class CampaignsModule {}
