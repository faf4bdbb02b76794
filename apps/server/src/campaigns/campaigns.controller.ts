import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Roles } from '../common/access.decorators.js';
import { ParseId } from '../common/id.pipe.js';
import { type AuthenticatedContext, Ctx } from '../common/request-context.js';
import { CampaignsService } from './campaigns.service.js';
import { DonationsService } from './donations.service.js';
import { CampaignDto, CampaignQueryDto, CreateCampaignDto, UpdateCampaignDto } from './dto/campaign.dto.js';
import { CreateDonationDto, DonationDto } from './dto/donation.dto.js';
import { CreateEmergencyDto, EmergencyDto } from './dto/emergency.dto.js';
import {
  CampaignReachDto,
  DonationForecastDto,
  DonationReportDto,
  LoopPolicyDto,
  PutLoopPolicyDto,
  ScheduleWindowQueryDto,
  ScreenScheduleDto,
} from './dto/schedule.dto.js';
import { EmergenciesService } from './emergencies.service.js';
import { LoopPoliciesService } from './loop-policies.service.js';
import { SchedulePreviewService } from './schedule-preview.service.js';

@ApiTags('scheduling')
@Controller('campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly previews: SchedulePreviewService,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Campaigns in your scope (and, for donors, public-service campaigns accepting donations)' })
  @ApiOkResponse({ type: [CampaignDto] })
  list(@Ctx() ctx: AuthenticatedContext, @Query() query: CampaignQueryDto): Promise<CampaignDto[]> {
    return this.campaigns.list(ctx, query);
  }

  @Get(':id')
  @Authenticated()
  @ApiOkResponse({ type: CampaignDto })
  get(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<CampaignDto> {
    return this.campaigns.get(ctx, id);
  }

  @Get(':id/reach')
  @Authenticated()
  @ApiOperation({
    summary: 'Where and how often the campaign will play: plays by locality and kind of screen (at most 31 days)',
  })
  @ApiOkResponse({ type: CampaignReachDto })
  reach(
    @Ctx() ctx: AuthenticatedContext,
    @Param('id', ParseId) id: string,
    @Query() query: ScheduleWindowQueryDto,
  ): Promise<CampaignReachDto> {
    return this.previews.campaignReach(ctx, id, query);
  }

  @Post()
  @Roles('admin', 'communications')
  @ApiOperation({ summary: 'Schedule approved creatives: flight, dayparts, targeting, priority and frequency' })
  @ApiCreatedResponse({ type: CampaignDto })
  create(@Ctx() ctx: AuthenticatedContext, @Body() dto: CreateCampaignDto): Promise<CampaignDto> {
    return this.campaigns.create(ctx, dto);
  }

  @Patch(':id')
  @Roles('admin', 'communications')
  @ApiOperation({ summary: 'Change a campaign (or pause it); affected screens get their new plan at once' })
  @ApiOkResponse({ type: CampaignDto })
  update(
    @Ctx() ctx: AuthenticatedContext,
    @Param('id', ParseId) id: string,
    @Body() dto: UpdateCampaignDto,
  ): Promise<CampaignDto> {
    return this.campaigns.update(ctx, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin', 'communications')
  @ApiOperation({ summary: 'Delete a campaign that received no donated airtime' })
  @ApiNoContentResponse()
  remove(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<void> {
    return this.campaigns.remove(ctx, id);
  }
}

@ApiTags('scheduling')
@Controller('donations')
export class DonationsController {
  constructor(
    private readonly donations: DonationsService,
    private readonly previews: SchedulePreviewService,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Airtime your organisation donated, or received for its campaigns' })
  @ApiOkResponse({ type: [DonationDto] })
  list(@Ctx() ctx: AuthenticatedContext): Promise<DonationDto[]> {
    return this.donations.list(ctx);
  }

  @Get(':id')
  @Authenticated()
  @ApiOkResponse({ type: DonationDto })
  get(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<DonationDto> {
    return this.donations.get(ctx, id);
  }

  @Get(':id/report')
  @Authenticated()
  @ApiOperation({
    summary:
      'What the donation delivered, day by day (Vietnam’s days), from the players’ proof of play (at most 92 days)',
  })
  @ApiOkResponse({ type: DonationReportDto })
  report(
    @Ctx() ctx: AuthenticatedContext,
    @Param('id', ParseId) id: string,
    @Query() query: ScheduleWindowQueryDto,
  ): Promise<DonationReportDto> {
    return this.donations.report(ctx, id, query);
  }

  @Get(':id/forecast')
  @Authenticated()
  @ApiOperation({
    summary:
      'What the donation will deliver, as planned: plays and airtime by campaign, and the shortfall (at most 31 days)',
  })
  @ApiOkResponse({ type: DonationForecastDto })
  forecast(
    @Ctx() ctx: AuthenticatedContext,
    @Param('id', ParseId) id: string,
    @Query() query: ScheduleWindowQueryDto,
  ): Promise<DonationForecastDto> {
    return this.previews.donationForecast(ctx, id, query);
  }

  @Post()
  @Roles('admin', 'advertiser', 'operator')
  @ApiOperation({
    summary: 'Donate seconds per loop or slots per hour on your screens, to a campaign or the pool',
    description:
      'A donation to one campaign is refused while that campaign is paused (409) and when its flight lies ' +
      "outside the donation's dates (400): nothing else would fill the airtime.",
  })
  @ApiCreatedResponse({ type: DonationDto })
  create(@Ctx() ctx: AuthenticatedContext, @Body() dto: CreateDonationDto): Promise<DonationDto> {
    return this.donations.create(ctx, dto);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles('admin', 'advertiser', 'operator')
  @ApiOperation({ summary: 'Withdraw a donation from the next loop on' })
  @ApiOkResponse({ type: DonationDto })
  withdraw(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<DonationDto> {
    return this.donations.withdraw(ctx, id);
  }
}

@ApiTags('scheduling')
@Controller('emergencies')
export class EmergenciesController {
  constructor(private readonly emergencies: EmergenciesService) {}

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: [EmergencyDto] })
  list(@Ctx() ctx: AuthenticatedContext): Promise<EmergencyDto[]> {
    return this.emergencies.list(ctx);
  }

  @Post()
  @Roles('admin', 'communications', 'operator')
  @ApiOperation({
    summary: 'Take over a region’s screens at once (administrators and designated staff)',
  })
  @ApiCreatedResponse({ type: EmergencyDto })
  trigger(@Ctx() ctx: AuthenticatedContext, @Body() dto: CreateEmergencyDto): Promise<EmergencyDto> {
    return this.emergencies.trigger(ctx, dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('admin', 'communications', 'operator')
  @ApiOperation({ summary: 'All clear: the normal schedule resumes at once' })
  @ApiOkResponse({ type: EmergencyDto })
  cancel(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<EmergencyDto> {
    return this.emergencies.cancel(ctx, id);
  }
}

@ApiTags('scheduling')
@Controller('loop-policies')
export class LoopPoliciesController {
  constructor(private readonly policies: LoopPoliciesService) {}

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: [LoopPolicyDto] })
  list(): Promise<LoopPolicyDto[]> {
    return this.policies.list();
  }

  @Put(':key')
  @Roles('admin')
  @ApiOperation({
    summary: 'Set the loop and slot length of a kind of screen ("kind:transit") or a profile ("profile:…")',
  })
  @ApiOkResponse({ type: LoopPolicyDto })
  put(
    @Ctx() ctx: AuthenticatedContext,
    @Param('key') key: string,
    @Body() dto: PutLoopPolicyDto,
  ): Promise<LoopPolicyDto> {
    return this.policies.put(ctx, key, dto);
  }
}

@ApiTags('scheduling')
@Controller('screens')
export class ScreenScheduleController {
  constructor(private readonly previews: SchedulePreviewService) {}

  @Get(':id/schedule')
  @Authenticated()
  @ApiOperation({ summary: 'What the screen will play between two instants (at most 7 days), play by play' })
  @ApiOkResponse({ type: ScreenScheduleDto })
  schedule(
    @Ctx() ctx: AuthenticatedContext,
    @Param('id', ParseId) id: string,
    @Query() query: ScheduleWindowQueryDto,
  ): Promise<ScreenScheduleDto> {
    return this.previews.screenSchedule(ctx, id, query);
  }
}
