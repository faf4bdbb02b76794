import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../common/access.decorators.js';
import { MediaFilesService } from './media-files.service.js';

@ApiTags('media')
@Controller('media')
export class MediaFilesController {
  constructor(private readonly files: MediaFilesService) {}

  /**
   * Open to players without a user token: the address is the content's sha256, which only
   * those who were shown it know, and what is behind an address never changes.
   */
  @Get(':sha256')
  @Public()
  @ApiOperation({
    summary: 'A stored file by its sha256: original or rendition, with Range, a strong ETag and immutable caching',
  })
  @ApiOkResponse({ description: 'The bytes (206 for a range, 304 when the ETag matches)' })
  serve(@Param('sha256') sha256: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    return this.files.serve(sha256, request, response);
  }
}
