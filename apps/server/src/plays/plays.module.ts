import { Module } from '@nestjs/common';
import { PlayReportsService } from './play-reports.service.js';
import { PlaysService } from './plays.service.js';

/** Proof of play: what players report they played, and the reports read from it. */
@Module({
  providers: [PlaysService, PlayReportsService],
  exports: [PlaysService, PlayReportsService],
})
export class PlaysModule {}
