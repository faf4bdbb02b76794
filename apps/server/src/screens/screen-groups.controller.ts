import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Roles } from '../common/access.decorators.js';
import { ParseId } from '../common/id.pipe.js';
import { type Page, PageQueryDto } from '../common/pagination.js';
import { type AuthenticatedContext, Ctx } from '../common/request-context.js';
import {
  CreateScreenGroupDto,
  ScreenGroupDto,
  ScreenGroupPageDto,
  UpdateScreenGroupDto,
} from './dto/screen-group.dto.js';
import { ScreenGroupsService } from './screen-groups.service.js';

@ApiTags('screens')
@Controller('screen-groups')
export class ScreenGroupsController {
  constructor(private readonly groups: ScreenGroupsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Dynamic screen groups within your scope, with how many screens each holds now' })
  @ApiOkResponse({ type: ScreenGroupPageDto })
  list(@Ctx() ctx: AuthenticatedContext, @Query() query: PageQueryDto): Promise<Page<ScreenGroupDto>> {
    return this.groups.list(ctx, query);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One group; list its screens with GET /api/screens?groupId=' })
  @ApiOkResponse({ type: ScreenGroupDto })
  get(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<ScreenGroupDto> {
    return this.groups.get(ctx, id);
  }

  @Post()
  @Roles('admin', 'operator', 'communications')
  @ApiOperation({ summary: 'A group of every screen matching tags, localities and kinds, now and later' })
  @ApiCreatedResponse({ type: ScreenGroupDto })
  create(@Ctx() ctx: AuthenticatedContext, @Body() dto: CreateScreenGroupDto): Promise<ScreenGroupDto> {
    return this.groups.create(ctx, dto);
  }

  @Patch(':id')
  @Roles('admin', 'operator', 'communications')
  @ApiOperation({ summary: 'Change a group’s name or rule; its screens follow at once' })
  @ApiOkResponse({ type: ScreenGroupDto })
  update(
    @Ctx() ctx: AuthenticatedContext,
    @Param('id', ParseId) id: string,
    @Body() dto: UpdateScreenGroupDto,
  ): Promise<ScreenGroupDto> {
    return this.groups.update(ctx, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin', 'operator', 'communications')
  @ApiOperation({ summary: 'Delete a group (and what was assigned to it)' })
  @ApiNoContentResponse()
  remove(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<void> {
    return this.groups.remove(ctx, id);
  }
}
