import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { ScreenProfilesModule } from '../screen-profiles/screen-profiles.module.js';
import { CreativeEvents } from './creative-events.js';
import { CreativeEventsStream } from './creative-events-stream.js';
import { CreativeIntakeService } from './creative-intake.service.js';
import { CreativeProcessor } from './creative-processor.js';
import { CreativeUsages } from './creative-usages.js';
import { Creative } from './creative.entity.js';
import { CreativesController } from './creatives.controller.js';
import { CreativesService } from './creatives.service.js';
import { MediaFilesController } from './media-files.controller.js';
import { MediaFilesService } from './media-files.service.js';
import { MediaJobs } from './media-jobs.js';
import { MediaObject } from './media-object.entity.js';
import { MediaObjectsService } from './media-objects.service.js';
import { Rendition } from './rendition.entity.js';
import { UploadSession } from './upload-session.entity.js';
import { UploadsController } from './uploads.controller.js';
import { UploadsService } from './uploads.service.js';

/** The media library: upload, check, process, store, serve and review creatives. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Creative, Rendition, MediaObject, UploadSession]),
    AuditModule,
    OrganisationsModule,
    ScreenProfilesModule,
  ],
  controllers: [CreativesController, UploadsController, MediaFilesController],
  providers: [
    CreativesService,
    CreativeIntakeService,
    CreativeProcessor,
    CreativeEvents,
    CreativeEventsStream,
    CreativeUsages,
    MediaJobs,
    MediaObjectsService,
    MediaFilesService,
    UploadsService,
  ],
  exports: [CreativesService, CreativeIntakeService, CreativeUsages, CreativeEvents, MediaJobs],
})
export class CreativesModule {}
