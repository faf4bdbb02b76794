import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Sse } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { Authenticated, Roles } from '../common/access.decorators.js';
import { ParseId } from '../common/id.pipe.js';
import type { Page } from '../common/pagination.js';
import { type AuthenticatedContext, Ctx } from '../common/request-context.js';
import { CreativeEventsStream, type ServerSentEvent } from './creative-events-stream.js';
import { CreativeIntakeService } from './creative-intake.service.js';
import { CreativesService } from './creatives.service.js';
import {
  CreativeAcceptedDto,
  CreativeDto,
  CreativePageDto,
  CreativeQueryDto,
  RejectCreativeDto,
  UpdateCreativeDto,
  UploadCreativeFormDto,
} from './dto/creative.dto.js';

@ApiTags('creatives')
@Controller('creatives')
export class CreativesController {
  constructor(
    private readonly creatives: CreativesService,
    private readonly intake: CreativeIntakeService,
    private readonly stream: CreativeEventsStream,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles('admin', 'communications')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadCreativeFormDto })
  @ApiOperation({
    summary: 'Upload a poster, clip or audio file (multipart, field "file"); processing continues in the background',
    description:
      'Checked by content, not by name. 413 too large, 415 not accepted media (including SVG), 422 damaged or out of range. ' +
      'For large clips over unreliable links, use the resumable /api/uploads instead.',
  })
  @ApiAcceptedResponse({ type: CreativeAcceptedDto })
  async upload(@Ctx() ctx: AuthenticatedContext, @Req() request: Request): Promise<CreativeAcceptedDto> {
    const creative = await this.intake.acceptMultipart(ctx, request);
    return { id: creative.id, status: creative.status, url: `/api/creatives/${creative.id}` };
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Creatives within your scope, newest first' })
  @ApiOkResponse({ type: CreativePageDto })
  list(@Ctx() ctx: AuthenticatedContext, @Query() query: CreativeQueryDto): Promise<Page<CreativeDto>> {
    return this.creatives.list(ctx, query);
  }

  @Sse('events')
  @Authenticated()
  @ApiOperation({
    summary: 'Server-sent events: upload and processing progress, ready, failed and review changes within your scope',
  })
  events(@Ctx() ctx: AuthenticatedContext): Observable<ServerSentEvent> {
    return this.stream.for(ctx.principal);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One creative: status, what Loa learnt about it, renditions and thumbnail' })
  @ApiOkResponse({ type: CreativeDto })
  get(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<CreativeDto> {
    return this.creatives.get(ctx, id);
  }

  @Patch(':id')
  @Roles('admin', 'communications')
  @ApiOperation({ summary: 'Edit title, tags, fit, background or validity; an approved creative goes back to review' })
  @ApiOkResponse({ type: CreativeDto })
  update(
    @Ctx() ctx: AuthenticatedContext,
    @Param('id', ParseId) id: string,
    @Body() dto: UpdateCreativeDto,
  ): Promise<CreativeDto> {
    return this.creatives.update(ctx, id, dto);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('admin', 'communications')
  @ApiOperation({ summary: 'Send a ready draft (or a rejected creative) for approval' })
  @ApiOkResponse({ type: CreativeDto })
  submit(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<CreativeDto> {
    return this.creatives.review(ctx, id, 'submitted');
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('admin', 'communications')
  @ApiOperation({ summary: 'Approve a submitted creative; communications staff cannot approve their own submission' })
  @ApiOkResponse({ type: CreativeDto })
  approve(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<CreativeDto> {
    return this.creatives.review(ctx, id, 'approved');
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('admin', 'communications')
  @ApiOperation({ summary: 'Reject a submitted creative, or withdraw an approval, with a reason' })
  @ApiOkResponse({ type: CreativeDto })
  reject(
    @Ctx() ctx: AuthenticatedContext,
    @Param('id', ParseId) id: string,
    @Body() dto: RejectCreativeDto,
  ): Promise<CreativeDto> {
    return this.creatives.review(ctx, id, 'rejected', dto.reason);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin', 'communications')
  @ApiOperation({ summary: 'Delete a creative no schedule uses; files no other creative shares are deleted' })
  @ApiNoContentResponse()
  remove(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<void> {
    return this.creatives.remove(ctx, id);
  }
}
