import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/access.decorators.js';
import { ParseId } from '../common/id.pipe.js';
import type { Page } from '../common/pagination.js';
import { type AuthenticatedContext, Ctx } from '../common/request-context.js';
import { AuditService } from './audit.service.js';
import { AuditEntryDto, AuditEntryPageDto } from './dto/audit-entry.dto.js';
import { AuditQueryDto } from './dto/audit-query.dto.js';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Audit log within your scope, newest first' })
  @ApiOkResponse({ type: AuditEntryPageDto })
  list(@Ctx() ctx: AuthenticatedContext, @Query() query: AuditQueryDto): Promise<Page<AuditEntryDto>> {
    return this.audit.list(ctx, query);
  }

  @Get(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'One audit entry' })
  @ApiOkResponse({ type: AuditEntryDto })
  get(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<AuditEntryDto> {
    return this.audit.get(ctx, id);
  }
}
