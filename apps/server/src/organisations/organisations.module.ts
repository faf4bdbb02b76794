import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { OrganisationEvents } from './organisation-events.js';
import { Organisation } from './organisation.entity.js';
import { OrganisationsController } from './organisations.controller.js';
import { OrganisationsService } from './organisations.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Organisation]), AuditModule],
  controllers: [OrganisationsController],
  providers: [OrganisationsService, OrganisationEvents],
  exports: [OrganisationsService, OrganisationEvents],
})
export class OrganisationsModule {}
