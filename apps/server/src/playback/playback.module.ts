import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { CreativesModule } from '../creatives/creatives.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { PlaysModule } from '../plays/plays.module.js';
import { ScreensModule } from '../screens/screens.module.js';
import { CommandsService } from './commands.service.js';
import { ConsoleGateway } from './console.gateway.js';
import { PlaylistEntriesController, ScreenPlaybackController } from './playback.controller.js';
import { PlayerGateway } from './player.gateway.js';
import { PlaylistDocumentEntity } from './playlist-document.entity.js';
import { PlaylistEntriesService } from './playlist-entries.service.js';
import { PlaylistEntry } from './playlist-entry.entity.js';
import { PlaylistPublisher } from './playlist-publisher.js';
import { PlaylistSource } from './playlist-source.js';
import { PlaylistTriggers } from './playlist-triggers.js';
import { PlaylistService } from './playlist.service.js';
import { PresenceService } from './presence.service.js';
import { SchedulePlaylistSource } from './schedule-playlist-source.js';
import { ScheduleInputs } from './schedule-world.js';

/** What screens play and how it reaches them: playlists, the push path, the player and console gateways, presence and commands. */
@Module({
  imports: [
    TypeOrmModule.forFeature([PlaylistEntry, PlaylistDocumentEntity]),
    AuditModule,
    AuthModule,
    CreativesModule,
    OrganisationsModule,
    PlaysModule,
    ScreensModule,
  ],
  controllers: [ScreenPlaybackController, PlaylistEntriesController],
  providers: [
    ScheduleInputs,
    { provide: PlaylistSource, useClass: SchedulePlaylistSource },
    PlaylistService,
    PlaylistPublisher,
    PlaylistTriggers,
    PlaylistEntriesService,
    PresenceService,
    CommandsService,
    PlayerGateway,
    ConsoleGateway,
  ],
  exports: [
    PlaylistService,
    PlaylistPublisher,
    PlaylistSource,
    PlaylistTriggers,
    ScheduleInputs,
    PlaylistEntriesService,
  ],
})
export class PlaybackModule {}
