import { AuditEntry } from '../audit/audit-entry.entity.js';
import { Session } from '../auth/session.entity.js';
import { Creative } from '../creatives/creative.entity.js';
import { MediaObject } from '../creatives/media-object.entity.js';
import { Rendition } from '../creatives/rendition.entity.js';
import { UploadSession } from '../creatives/upload-session.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
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
];
