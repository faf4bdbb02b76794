import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Roles } from '../common/access.decorators.js';
import { ParseId } from '../common/id.pipe.js';
import type { Page } from '../common/pagination.js';
import { type AuthenticatedContext, Ctx } from '../common/request-context.js';
import {
  ClaimedScreenDto,
  ClaimScreenDto,
  CreateScreenDto,
  ReplaceDeviceDto,
  ScreenDto,
  ScreenPageDto,
  ScreenQueryDto,
  UpdateScreenDto,
} from './dto/screen.dto.js';
import { PairingService } from './pairing.service.js';
import { ScreensService } from './screens.service.js';

@ApiTags('screens')
@Controller('screens')
export class ScreensController {
  constructor(
    private readonly screens: ScreensService,
    private readonly pairing: PairingService,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Screens owned or standing within your scope, with live status' })
  @ApiOkResponse({ type: ScreenPageDto })
  list(@Ctx() ctx: AuthenticatedContext, @Query() query: ScreenQueryDto): Promise<Page<ScreenDto>> {
    return this.screens.list(ctx, query);
  }

  @Post('claim')
  @Roles('admin', 'operator')
  @ApiOperation({
    summary: 'Pair the player showing this code: to a new screen (give its fields) or to an existing one (screenId)',
  })
  @ApiCreatedResponse({ type: ClaimedScreenDto })
  claim(@Ctx() ctx: AuthenticatedContext, @Body() dto: ClaimScreenDto): Promise<ClaimedScreenDto> {
    return this.pairing.claim(ctx, dto);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One screen; 404 when outside your scope' })
  @ApiOkResponse({ type: ScreenDto })
  get(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<ScreenDto> {
    return this.screens.get(ctx, id);
  }

  @Post()
  @Roles('admin', 'operator')
  @ApiOperation({ summary: 'Register a screen before its player is paired' })
  @ApiCreatedResponse({ type: ScreenDto })
  create(@Ctx() ctx: AuthenticatedContext, @Body() dto: CreateScreenDto): Promise<ScreenDto> {
    return this.screens.create(ctx, dto);
  }

  @Patch(':id')
  @Roles('admin', 'operator')
  @ApiOperation({ summary: 'Change what a screen is, where it stands, its owner, hours or tags' })
  @ApiOkResponse({ type: ScreenDto })
  update(
    @Ctx() ctx: AuthenticatedContext,
    @Param('id', ParseId) id: string,
    @Body() dto: UpdateScreenDto,
  ): Promise<ScreenDto> {
    return this.screens.update(ctx, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin', 'operator')
  @ApiOperation({ summary: 'Delete a screen; its player goes back to pairing' })
  @ApiNoContentResponse()
  remove(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<void> {
    return this.screens.remove(ctx, id);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @Roles('admin', 'operator')
  @ApiOperation({ summary: "Revoke the paired device's token: it is disconnected at once and shows a pairing code" })
  @ApiOkResponse({ type: ScreenDto })
  revoke(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<ScreenDto> {
    return this.screens.revokeDevice(ctx, id);
  }

  @Post(':id/replace-device')
  @HttpCode(200)
  @Roles('admin', 'operator')
  @ApiOperation({ summary: 'Move this screen to the new hardware showing this code; the old device is cut off' })
  @ApiOkResponse({ type: ClaimedScreenDto })
  replaceDevice(
    @Ctx() ctx: AuthenticatedContext,
    @Param('id', ParseId) id: string,
    @Body() dto: ReplaceDeviceDto,
  ): Promise<ClaimedScreenDto> {
    return this.pairing.replaceDevice(ctx, id, dto.code);
  }
}
