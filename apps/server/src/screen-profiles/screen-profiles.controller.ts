import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Roles } from '../common/access.decorators.js';
import { type AuthenticatedContext, Ctx } from '../common/request-context.js';
import { CreateScreenProfileDto, ScreenProfileDto, UpdateScreenProfileDto } from './dto/screen-profile.dto.js';
import { ScreenProfilesService } from './screen-profiles.service.js';

@ApiTags('screen profiles')
@Controller('screen-profiles')
export class ScreenProfilesController {
  constructor(private readonly profiles: ScreenProfilesService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'The kinds of screen creatives are rendered for' })
  @ApiOkResponse({ type: [ScreenProfileDto] })
  list(): Promise<ScreenProfileDto[]> {
    return this.profiles.list();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Add a screen profile (e.g. an LED wall of 1152×576); ready creatives get renditions for it',
  })
  @ApiCreatedResponse({ type: ScreenProfileDto })
  create(@Ctx() ctx: AuthenticatedContext, @Body() dto: CreateScreenProfileDto): Promise<ScreenProfileDto> {
    return this.profiles.create(ctx, dto);
  }

  @Patch(':key')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename a profile, or stop making renditions for it' })
  @ApiOkResponse({ type: ScreenProfileDto })
  update(
    @Ctx() ctx: AuthenticatedContext,
    @Param('key') key: string,
    @Body() dto: UpdateScreenProfileDto,
  ): Promise<ScreenProfileDto> {
    return this.profiles.update(ctx, key, dto);
  }
}
