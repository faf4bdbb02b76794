import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Roles } from '../common/access.decorators.js';
import { ParseId } from '../common/id.pipe.js';
import type { Page } from '../common/pagination.js';
import { type AuthenticatedContext, Ctx } from '../common/request-context.js';
import {
  CreateOrganisationDto,
  OrganisationDto,
  OrganisationPageDto,
  OrganisationQueryDto,
  UpdateOrganisationDto,
} from './dto/organisation.dto.js';
import { OrganisationsService } from './organisations.service.js';

@ApiTags('organisations')
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Organisations (localities and companies) within your scope' })
  @ApiOkResponse({ type: OrganisationPageDto })
  list(@Ctx() ctx: AuthenticatedContext, @Query() query: OrganisationQueryDto): Promise<Page<OrganisationDto>> {
    return this.organisations.list(ctx, query);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One organisation; 404 when outside your scope' })
  @ApiOkResponse({ type: OrganisationDto })
  get(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<OrganisationDto> {
    return this.organisations.get(ctx, id);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a province, district, ward/commune or company' })
  @ApiCreatedResponse({ type: OrganisationDto })
  create(@Ctx() ctx: AuthenticatedContext, @Body() dto: CreateOrganisationDto): Promise<OrganisationDto> {
    return this.organisations.create(ctx, dto);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename, recode or move an organisation (its subtree moves with it)' })
  @ApiOkResponse({ type: OrganisationDto })
  update(
    @Ctx() ctx: AuthenticatedContext,
    @Param('id', ParseId) id: string,
    @Body() dto: UpdateOrganisationDto,
  ): Promise<OrganisationDto> {
    return this.organisations.update(ctx, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Delete an organisation that has no children and no users' })
  @ApiNoContentResponse()
  remove(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<void> {
    return this.organisations.remove(ctx, id);
  }
}
