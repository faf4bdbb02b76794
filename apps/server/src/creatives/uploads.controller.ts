import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../common/access.decorators.js';
import { ParseId } from '../common/id.pipe.js';
import { type AuthenticatedContext, Ctx } from '../common/request-context.js';
import { CreateUploadDto, UploadDto } from './dto/upload.dto.js';
import { UploadsService } from './uploads.service.js';

@ApiTags('creatives')
@Controller('uploads')
@Roles('admin', 'communications')
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @Post()
  @ApiOperation({
    summary: 'Begin a resumable upload',
    description:
      'Then PUT the file in chunks to the returned url with Content-Range: bytes start-end/total. ' +
      'After a break, GET the upload: "offset" is where to go on. The last chunk answers with creativeId.',
  })
  @ApiCreatedResponse({ type: UploadDto })
  async create(
    @Ctx() ctx: AuthenticatedContext,
    @Body() dto: CreateUploadDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UploadDto> {
    const upload = await this.uploads.create(ctx, dto);
    response.setHeader('Location', upload.url);
    return upload;
  }

  @Get(':id')
  @ApiOperation({ summary: 'How much of the upload arrived: resume from "offset"' })
  @ApiOkResponse({ type: UploadDto })
  get(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<UploadDto> {
    return this.uploads.get(ctx, id);
  }

  @Put(':id')
  @HttpCode(200)
  @ApiConsumes('application/octet-stream')
  @ApiHeader({ name: 'Content-Range', required: true, example: 'bytes 0-8388607/1073741824' })
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOperation({ summary: 'Send the next chunk; 409 with the right offset if it does not start where the server is' })
  @ApiOkResponse({ type: UploadDto })
  append(
    @Ctx() ctx: AuthenticatedContext,
    @Param('id', ParseId) id: string,
    @Req() request: Request,
  ): Promise<UploadDto> {
    return this.uploads.append(ctx, id, request);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Abandon an upload and delete what arrived' })
  @ApiNoContentResponse()
  cancel(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<void> {
    return this.uploads.cancel(ctx, id);
  }
}
