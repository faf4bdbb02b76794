import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { PairingCodeEntity } from './pairing-code.entity.js';
import { PairingService } from './pairing.service.js';
import { ScreenChanges } from './screen-changes.js';
import { ScreensFollowOrganisations } from './screens-follow-organisations.js';
import { ScreenGroup } from './screen-group.entity.js';
import { ScreenPlanRows } from './screen-rows.js';
import { ScreenGroupsController } from './screen-groups.controller.js';
import { ScreenGroupsService } from './screen-groups.service.js';
import { ScreenScreenshot } from './screen-screenshot.entity.js';
import { Screen } from './screen.entity.js';
import { ScreensController } from './screens.controller.js';
import { ScreensService } from './screens.service.js';

/** Screens, their groups and pairing: what operators register and where it stands. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Screen, ScreenGroup, PairingCodeEntity, ScreenScreenshot]),
    AuditModule,
    AuthModule,
    OrganisationsModule,
  ],
  controllers: [ScreensController, ScreenGroupsController],
  providers: [
    ScreensService,
    ScreenGroupsService,
    PairingService,
    ScreenChanges,
    ScreenPlanRows,
    ScreensFollowOrganisations,
  ],
  exports: [ScreensService, ScreenGroupsService, PairingService, ScreenChanges, ScreenPlanRows],
})
export class ScreensModule {}
