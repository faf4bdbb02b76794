import { formatBytes, type MessageKey } from '@loa/i18n';
import type { Refusal } from '@loa/media-plan';
import { DomainError, type DomainErrorKind } from '../common/errors.js';
import type { FailureReason } from './creative.entity.js';

/** A refusal as a message key and parameters, the shape stored on a failed creative. */
export function failureOf(refusal: Refusal): FailureReason {
  switch (refusal.reason) {
    case 'too_large':
      return {
        reason: 'too_large',
        params: { kind: `media_kind.${refusal.kind}`, limit: formatBytes(refusal.limitBytes) },
      };
    case 'pixel_cap':
      return {
        reason: 'pixel_cap',
        params: { width: refusal.width, height: refusal.height, cap: Math.round(refusal.capPixels / 1e6) },
      };
    case 'duration':
      return {
        reason: 'duration',
        params: {
          seconds: refusal.seconds === null ? '?' : Math.round(refusal.seconds * 10) / 10,
          min: refusal.min,
          max: refusal.max,
        },
      };
    case 'format_not_accepted':
      return { reason: refusal.reason, params: { format: refusal.format } };
    case 'dimensions':
      return { reason: refusal.reason, params: { width: refusal.width, height: refusal.height } };
    case 'video_codec':
    case 'audio_codec':
      return { reason: refusal.reason, params: { codec: refusal.codec } };
    case 'empty':
    case 'not_media':
    case 'svg':
    case 'unreadable':
    case 'no_video_stream':
    case 'no_audio_stream':
      return { reason: refusal.reason, params: {} };
  }
}

function statusKindOf(reason: Refusal['reason']): DomainErrorKind {
  switch (reason) {
    case 'too_large':
      return 'too_large';
    case 'not_media':
    case 'svg':
    case 'format_not_accepted':
      return 'unsupported_media';
    case 'empty':
    case 'unreadable':
    case 'pixel_cap':
    case 'dimensions':
    case 'no_video_stream':
    case 'no_audio_stream':
    case 'video_codec':
    case 'audio_codec':
    case 'duration':
      return 'unprocessable';
  }
}

export const failureMessageKey = (failure: FailureReason): MessageKey => `media.${failure.reason}` as MessageKey;

/** Thrown at upload: 413 too large, 415 not an accepted kind of media, 422 media Loa cannot use. */
export class MediaRefused extends DomainError {
  constructor(readonly refusal: Refusal) {
    const failure = failureOf(refusal);
    super(statusKindOf(refusal.reason), failureMessageKey(failure), failure.params, { reason: refusal.reason });
  }
}
