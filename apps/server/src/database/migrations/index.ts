import { Foundation1763800000000 } from './1763800000000-foundation.js';
import { MediaLibrary1763900000000 } from './1763900000000-media-library.js';
import { Screens1764000000000 } from './1764000000000-screens.js';
import { Scheduler1764100000000 } from './1764100000000-scheduler.js';
import { Plays1764200000000 } from './1764200000000-plays.js';
import { PlayIndexes1764300000000 } from './1764300000000-play-indexes.js';
import { Zones1764400000000 } from './1764400000000-zones.js';
import { PlayerCache1764500000000 } from './1764500000000-player-cache.js';
import { ScreenPlaylists1764600000000 } from './1764600000000-screen-playlists.js';
import { ScreenRevision1764700000000 } from './1764700000000-screen-revision.js';

/** Every migration, in order. Listed explicitly: ESM has no glob loading, and order is history. */
export const MIGRATIONS = [
  Foundation1763800000000,
  MediaLibrary1763900000000,
  Screens1764000000000,
  Scheduler1764100000000,
  Plays1764200000000,
  PlayIndexes1764300000000,
  Zones1764400000000,
  PlayerCache1764500000000,
  ScreenPlaylists1764600000000,
  ScreenRevision1764700000000,
];
