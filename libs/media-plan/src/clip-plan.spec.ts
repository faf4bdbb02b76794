import { describe, expect, it } from '@jest/globals';
import { planClipRenditions, posterFrameSize, posterFrameTime, remuxBlocker, targetFrameRate } from './clip-plan.js';
import { parseProbe } from './probe.js';
import { MP4_1080P, WEBM_PORTRAIT } from './probe.spec.js';
import { DEFAULT_SCREEN_PROFILES } from './screen-profiles.js';

const h264 = (
  overrides: Record<string, unknown> = {},
  audio: Record<string, unknown> | null = { codec_type: 'audio', codec_name: 'aac' },
) =>
  parseProbe({
    streams: [
      {
        codec_type: 'video',
        codec_name: 'h264',
        profile: 'High',
        pix_fmt: 'yuv420p',
        width: 1920,
        height: 1080,
        r_frame_rate: '30/1',
        avg_frame_rate: '30/1',
        ...overrides,
      },
      ...(audio ? [audio] : []),
    ],
    format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '30' },
  });

describe('targetFrameRate', () => {
  it('keeps 30 fps and below, divides higher rates evenly', () => {
    expect(targetFrameRate({ num: 25, den: 1 })).toEqual({ num: 25, den: 1 });
    expect(targetFrameRate({ num: 30000, den: 1001 })).toEqual({ num: 30000, den: 1001 });
    expect(targetFrameRate({ num: 50, den: 1 })).toEqual({ num: 25, den: 1 });
    expect(targetFrameRate({ num: 60, den: 1 })).toEqual({ num: 30, den: 1 });
    expect(targetFrameRate({ num: 60000, den: 1001 })).toEqual({ num: 30000, den: 1001 });
    expect(targetFrameRate({ num: 120, den: 1 })).toEqual({ num: 30, den: 1 });
    expect(targetFrameRate(null)).toEqual({ num: 30, den: 1 });
  });
});

describe('remuxBlocker', () => {
  it('lets a compliant H.264 High yuv420p CFR MP4 with AAC through', () => {
    expect(remuxBlocker(parseProbe(MP4_1080P))).toBeNull();
    expect(remuxBlocker(h264({}, null))).toBeNull();
  });

  it('names what stops a copy', () => {
    expect(remuxBlocker(parseProbe(WEBM_PORTRAIT))).toBe('container matroska,webm');
    expect(remuxBlocker(h264({ codec_name: 'hevc' }))).toBe('video codec hevc');
    expect(remuxBlocker(h264({ profile: 'High 10' }))).toBe('H.264 profile High 10');
    expect(remuxBlocker(h264({ pix_fmt: 'yuv422p' }))).toBe('pixel format yuv422p');
    expect(remuxBlocker(h264({ r_frame_rate: '60/1', avg_frame_rate: '60/1' }))).toBe('frame rate above 30');
    expect(remuxBlocker(h264({ avg_frame_rate: '2400/100' }))).toBe('variable frame rate');
    expect(remuxBlocker(h264({ tags: { rotate: '90' } }))).toBe('rotated picture');
    expect(remuxBlocker(h264({}, { codec_type: 'audio', codec_name: 'mp3' }))).toBe('audio codec mp3');
  });
});

describe('planClipRenditions', () => {
  it('plans one MP4 per distinct size, never above the source, remuxing at the source size', () => {
    const plans = planClipRenditions(parseProbe(MP4_1080P), DEFAULT_SCREEN_PROFILES);
    expect(plans).toEqual([
      { profiles: ['led-768x384'], width: 684, height: 384, frameRate: { num: 30, den: 1 }, action: 'transcode' },
      { profiles: ['led-1920x960'], width: 1708, height: 960, frameRate: { num: 30, den: 1 }, action: 'transcode' },
      {
        profiles: ['elevator-1080x1920'],
        width: 1080,
        height: 608,
        frameRate: { num: 30, den: 1 },
        action: 'transcode',
      },
      {
        profiles: ['transit-1920x1080', 'uhd-3840x2160'],
        width: 1920,
        height: 1080,
        frameRate: { num: 30, den: 1 },
        action: 'remux',
      },
    ]);
  });

  it('transcodes a portrait VP9 clip to every size, keeping its aspect', () => {
    const plans = planClipRenditions(parseProbe(WEBM_PORTRAIT), DEFAULT_SCREEN_PROFILES);
    expect(plans.map((p) => [p.width, p.height, p.action])).toEqual([
      [216, 384, 'transcode'],
      [540, 960, 'transcode'],
      [1080, 1920, 'transcode'],
      [608, 1080, 'transcode'],
    ]);
    expect(plans[2].profiles).toEqual(['elevator-1080x1920', 'uhd-3840x2160']);
  });

  it('uses the displayed size of a rotated clip', () => {
    const plans = planClipRenditions(h264({ tags: { rotate: '90' } }), [
      { key: 'elevator', name: 'e', width: 1080, height: 1920 },
    ]);
    expect(plans).toEqual([
      { profiles: ['elevator'], width: 1080, height: 1920, frameRate: { num: 30, den: 1 }, action: 'transcode' },
    ]);
  });

  it('refuses a probe without video', () => {
    expect(() => planClipRenditions(parseProbe({ streams: [], format: {} }), DEFAULT_SCREEN_PROFILES)).toThrow(
      /video stream/,
    );
  });
});

describe('poster frame', () => {
  it('is taken a quarter in, at most 5 s, at the start of tiny clips', () => {
    expect(posterFrameTime(6)).toBe(1.5);
    expect(posterFrameTime(30)).toBe(5);
    expect(posterFrameTime(0.4)).toBe(0);
    expect(posterFrameTime(null)).toBe(0);
  });

  it('keeps the picture shape within 1920 with even sides', () => {
    expect(posterFrameSize({ width: 3840, height: 2160 })).toEqual({ width: 1920, height: 1080 });
    expect(posterFrameSize({ width: 1080, height: 1920 })).toEqual({ width: 1080, height: 1920 });
    expect(posterFrameSize({ width: 641, height: 359 })).toEqual({ width: 642, height: 360 });
  });
});
