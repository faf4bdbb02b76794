import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { ScreenProfileEntity } from './screen-profile.entity.js';
import { ScreenProfilesController } from './screen-profiles.controller.js';
import { ScreenProfilesService } from './screen-profiles.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([ScreenProfileEntity]), AuditModule],
  controllers: [ScreenProfilesController],
  providers: [ScreenProfilesService],
  exports: [ScreenProfilesService],
})
export class ScreenProfilesModule {}
