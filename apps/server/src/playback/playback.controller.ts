import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { PlaylistDocument } from '@loa/protocol';
import { Authenticated, Roles } from '../common/access.decorators.js';
import { ParseId } from '../common/id.pipe.js';
import { type AuthenticatedContext, Ctx } from '../common/request-context.js';
import { ScreensService } from '../screens/screens.service.js';
import { CommandsService } from './commands.service.js';
import { CommandResultDto, SendCommandDto } from './dto/command.dto.js';
import {
  CreatePlaylistEntryDto,
  PlaylistDocumentDto,
  PlaylistEntryDto,
  PlaylistEntryQueryDto,
} from './dto/playlist-entry.dto.js';
import { PlaylistEntriesService } from './playlist-entries.service.js';
import { PlaylistService } from './playlist.service.js';

@ApiTags('screens')
@Controller('screens')
export class ScreenPlaybackController {
  constructor(
    private readonly screens: ScreensService,
    private readonly playlists: PlaylistService,
    private readonly commands: CommandsService,
  ) {}

  @Get(':id/playlist')
  @Authenticated()
  @ApiOperation({ summary: 'The playlist document the screen holds now, as its player receives it' })
  @ApiOkResponse({ type: PlaylistDocumentDto })
  async playlist(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<PlaylistDocument | null> {
    const screen = await this.screens.find(ctx, id);
    return this.playlists.current(screen.id, screen.playlistVersion);
  }

  @Post(':id/commands')
  @HttpCode(200)
  @Roles('admin', 'operator')
  @ApiOperation({
    summary: 'Reload, identify (show its name big) or screenshot: waits for the player’s answer (504 on time-out)',
  })
  @ApiOkResponse({ type: CommandResultDto })
  command(
    @Ctx() ctx: AuthenticatedContext,
    @Param('id', ParseId) id: string,
    @Body() dto: SendCommandDto,
  ): Promise<CommandResultDto> {
    return this.commands.send(ctx, id, dto);
  }

  @Get(':id/screenshot')
  @Authenticated()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The last screenshot the screen sent' })
  @ApiProduces('image/jpeg', 'image/webp', 'image/png')
  async screenshot(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<StreamableFile> {
    const shot = await this.commands.screenshot(ctx, id);
    return new StreamableFile(shot.image, { type: shot.mimeType, length: shot.image.length });
  }
}

@ApiTags('screens')
@Controller('playlist-entries')
export class PlaylistEntriesController {
  constructor(private readonly entries: PlaylistEntriesService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'What is assigned to a screen (screenId) or a group (groupId), in order' })
  @ApiOkResponse({ type: [PlaylistEntryDto] })
  list(@Ctx() ctx: AuthenticatedContext, @Query() query: PlaylistEntryQueryDto): Promise<PlaylistEntryDto[]> {
    return this.entries.list(ctx, query);
  }

  @Post()
  @Roles('admin', 'communications', 'operator')
  @ApiOperation({
    summary: 'Assign an approved creative to a screen or a group; its screens get the new playlist at once',
  })
  @ApiCreatedResponse({ type: PlaylistEntryDto })
  create(@Ctx() ctx: AuthenticatedContext, @Body() dto: CreatePlaylistEntryDto): Promise<PlaylistEntryDto> {
    return this.entries.create(ctx, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin', 'communications', 'operator')
  @ApiOperation({ summary: 'Take a creative off a screen or group' })
  @ApiNoContentResponse()
  remove(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<void> {
    return this.entries.remove(ctx, id);
  }
}
