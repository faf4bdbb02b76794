import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/access.decorators.js';
import { type AuthenticatedContext, Ctx } from '../common/request-context.js';
import { ScheduleWindowQueryDto } from '../campaigns/dto/schedule.dto.js';
import { DeploymentReportDto, PlaysReportDto, PlaysReportQueryDto } from './dto/report.dto.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('plays')
  @Authenticated()
  @ApiOperation({
    summary: 'Plays and airtime within your scope, by campaign, creative, screen, district or day (at most 92 days)',
  })
  @ApiOkResponse({ type: PlaysReportDto })
  plays(@Ctx() ctx: AuthenticatedContext, @Query() query: PlaysReportQueryDto): Promise<PlaysReportDto> {
    return this.reports.plays(ctx, query);
  }

  @Get('deployment')
  @Authenticated()
  @ApiOperation({
    summary: 'Báo cáo kết quả triển khai: by district, screens registered, online now, plays and airtime in the range',
  })
  @ApiOkResponse({ type: DeploymentReportDto })
  deployment(@Ctx() ctx: AuthenticatedContext, @Query() query: ScheduleWindowQueryDto): Promise<DeploymentReportDto> {
    return this.reports.deployment(ctx, query);
  }
}
