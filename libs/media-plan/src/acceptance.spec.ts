import { describe, expect, it } from '@jest/globals';
import { checkImageHeader, checkProbe, checkSize, classifyUpload, type MediaLimits } from './acceptance.js';
import { parseProbe } from './probe.js';
import { MP3_WITH_COVER, MP4_1080P, WEBM_PORTRAIT } from './probe.spec.js';

const LIMITS: MediaLimits = {
  maxImageBytes: 50 * 1024 ** 2,
  maxClipBytes: 2 * 1024 ** 3,
  maxAudioBytes: 200 * 1024 ** 2,
  maxImagePixels: 100_000_000,
  maxDurationSeconds: 7200,
};
const bytes = (text: string) => new TextEncoder().encode(text);

describe('classifyUpload', () => {
  it('takes the kind from the detected type, not a name', () => {
    expect(classifyUpload({ ext: 'jpg', mime: 'image/jpeg' }, bytes('x'))).toEqual({
      kind: 'image',
      format: 'jpeg',
      mime: 'image/jpeg',
    });
    expect(classifyUpload({ ext: 'mov', mime: 'video/quicktime' }, bytes('x'))).toEqual({
      kind: 'video',
      format: 'mov',
      mime: 'video/quicktime',
    });
    expect(classifyUpload({ ext: 'mkv', mime: 'video/x-matroska' }, bytes('x'))).toMatchObject({
      kind: 'video',
      format: 'mkv',
    });
    expect(classifyUpload({ ext: 'wav', mime: 'audio/wav' }, bytes('x'))).toMatchObject({
      kind: 'audio',
      format: 'wav',
    });
    expect(classifyUpload({ ext: 'ogg', mime: 'audio/ogg' }, bytes('x'))).toMatchObject({
      kind: 'audio',
      format: 'ogg',
    });
  });

  it('refuses what is not media, and names formats it does not accept', () => {
    expect(classifyUpload(undefined, new Uint8Array())).toEqual({ reason: 'empty' });
    expect(classifyUpload(undefined, bytes('plain text'))).toEqual({ reason: 'not_media' });
    expect(classifyUpload({ ext: 'elf', mime: 'application/x-elf' }, bytes('\x7fELF'))).toEqual({
      reason: 'not_media',
    });
    expect(classifyUpload({ ext: 'pdf', mime: 'application/pdf' }, bytes('%PDF'))).toEqual({ reason: 'not_media' });
    expect(classifyUpload({ ext: 'tif', mime: 'image/tiff' }, bytes('II*'))).toEqual({
      reason: 'format_not_accepted',
      format: 'TIF',
    });
    expect(classifyUpload({ ext: 'avi', mime: 'video/vnd.avi' }, bytes('RIFF'))).toEqual({
      reason: 'format_not_accepted',
      format: 'AVI',
    });
  });

  it('recognises SVG however it starts', () => {
    expect(
      classifyUpload(undefined, bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')),
    ).toEqual({ reason: 'svg' });
    expect(classifyUpload(undefined, bytes('\uFEFF<?xml version="1.0"?>\n<!-- made by hand -->\n<svg>'))).toEqual({
      reason: 'svg',
    });
    expect(
      classifyUpload({ ext: 'xml', mime: 'application/xml' }, bytes('<?xml version="1.0"?><!DOCTYPE x><svg></svg>')),
    ).toEqual({ reason: 'svg' });
  });
});

describe('limits', () => {
  it('checks bytes by kind', () => {
    expect(checkSize('image', 0, LIMITS)).toEqual({ reason: 'empty' });
    expect(checkSize('image', 50 * 1024 ** 2, LIMITS)).toBeNull();
    expect(checkSize('image', 50 * 1024 ** 2 + 1, LIMITS)).toEqual({
      reason: 'too_large',
      kind: 'image',
      limitBytes: 50 * 1024 ** 2,
    });
    expect(checkSize('video', 60 * 1024 ** 2, LIMITS)).toBeNull();
  });

  it('caps pixels from the header', () => {
    expect(checkImageHeader({ width: 10000, height: 10000 }, LIMITS)).toBeNull();
    expect(checkImageHeader({ width: 10001, height: 10000 }, LIMITS)).toEqual({
      reason: 'pixel_cap',
      width: 10001,
      height: 10000,
      capPixels: 100_000_000,
    });
    expect(checkImageHeader({ width: 0, height: 10 }, LIMITS)).toEqual({ reason: 'unreadable' });
  });
});

describe('checkProbe', () => {
  it('accepts the fixtures', () => {
    expect(checkProbe('video', parseProbe(MP4_1080P), LIMITS)).toBeNull();
    expect(checkProbe('video', parseProbe(WEBM_PORTRAIT), LIMITS)).toBeNull();
    expect(checkProbe('audio', parseProbe(MP3_WITH_COVER), LIMITS)).toBeNull();
  });

  it('refuses a clip without video, an odd codec, and durations out of range', () => {
    expect(checkProbe('video', parseProbe(MP3_WITH_COVER), LIMITS)).toEqual({ reason: 'no_video_stream' });
    expect(checkProbe('audio', parseProbe(WEBM_PORTRAIT), LIMITS)).toEqual({ reason: 'no_audio_stream' });
    const mpeg2 = { ...MP4_1080P, streams: [{ ...MP4_1080P.streams[0], codec_name: 'mpeg2video' }] };
    expect(checkProbe('video', parseProbe(mpeg2), LIMITS)).toEqual({ reason: 'video_codec', codec: 'mpeg2video' });
    const long = { ...MP4_1080P, format: { ...MP4_1080P.format, duration: '7200.5' } };
    expect(checkProbe('video', parseProbe(long), LIMITS)).toEqual({
      reason: 'duration',
      seconds: 7200.5,
      min: 0.5,
      max: 7200,
    });
    const blip = { ...MP4_1080P, format: { ...MP4_1080P.format, duration: '0.1' } };
    expect(checkProbe('video', parseProbe(blip), LIMITS)).toMatchObject({ reason: 'duration', seconds: 0.1 });
  });
});
