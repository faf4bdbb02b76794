import { AuditEntry } from '../audit/audit-entry.entity.js';
import { Campaign, CampaignCreativeEntity } from '../campaigns/campaign.entity.js';
import { Donation } from '../campaigns/donation.entity.js';
import { Emergency } from '../campaigns/emergency.entity.js';
import { LoopPolicyEntity } from '../campaigns/loop-policy.entity.js';
import { Session } from '../auth/session.entity.js';
import { Creative } from '../creatives/creative.entity.js';
import { MediaObject } from '../creatives/media-object.entity.js';
import { Rendition } from '../creatives/rendition.entity.js';
import { UploadSession } from '../creatives/upload-session.entity.js';
import { PlaylistDocumentEntity } from '../playback/playlist-document.entity.js';
import { ScreenPlaylist } from '../playback/screen-playlist.entity.js';
import { PlaylistEntry } from '../playback/playlist-entry.entity.js';
import { PairingCodeEntity } from '../screens/pairing-code.entity.js';
import { ScreenGroup } from '../screens/screen-group.entity.js';
import { ScreenScreenshot } from '../screens/screen-screenshot.entity.js';
import { Screen } from '../screens/screen.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { PlayEntity } from '../plays/play.entity.js';
import { ScreenProfileEntity } from '../screen-profiles/screen-profile.entity.js';
import { User } from '../users/user.entity.js';

export const ENTITIES = [
  Organisation,
  User,
  Session,
  AuditEntry,
  ScreenProfileEntity,
  MediaObject,
  Creative,
  Rendition,
  UploadSession,
  Screen,
  ScreenGroup,
  PairingCodeEntity,
  ScreenScreenshot,
  PlaylistEntry,
  PlaylistDocumentEntity,
  ScreenPlaylist,
  Campaign,
  CampaignCreativeEntity,
  Donation,
  Emergency,
  LoopPolicyEntity,
  PlayEntity,
];
