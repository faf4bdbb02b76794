import { Module } from '@nestjs/common';
import { ScreensModule } from '../screens/screens.module.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

/** Reports over proof of play for every role, within its scope. */
@Module({
  imports: [ScreensModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
