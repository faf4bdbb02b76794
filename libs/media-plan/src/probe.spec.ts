import { describe, expect, it } from '@jest/globals';
import { displayedSize, parseProbe, parseRational } from './probe.js';

/** ffprobe's JSON for the shared fixtures, trimmed to the fields Loa reads. */
export const MP4_1080P = {
  streams: [
    {
      codec_name: 'h264',
      profile: 'High',
      codec_type: 'video',
      width: 1920,
      height: 1080,
      pix_fmt: 'yuv420p',
      r_frame_rate: '30/1',
      avg_frame_rate: '30/1',
      duration: '6.000000',
      disposition: { attached_pic: 0 },
    },
    {
      codec_name: 'aac',
      profile: 'LC',
      codec_type: 'audio',
      sample_rate: '48000',
      channels: 1,
      r_frame_rate: '0/0',
      avg_frame_rate: '0/0',
      duration: '6.000000',
      disposition: { attached_pic: 0 },
    },
  ],
  format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '6.000000', bit_rate: '5439160' },
};
export const WEBM_PORTRAIT = {
  streams: [
    {
      codec_name: 'vp9',
      profile: 'Profile 1',
      codec_type: 'video',
      width: 1080,
      height: 1920,
      pix_fmt: 'gbrp',
      r_frame_rate: '25/1',
      avg_frame_rate: '25/1',
      disposition: { attached_pic: 0 },
    },
  ],
  format: { format_name: 'matroska,webm', duration: '4.000000', bit_rate: '198992' },
};
export const MP3_WITH_COVER = {
  streams: [
    { codec_name: 'mp3', codec_type: 'audio', sample_rate: '44100', channels: 1, duration: '5.041633' },
    { codec_name: 'mjpeg', codec_type: 'video', width: 600, height: 600, disposition: { attached_pic: 1 } },
  ],
  format: { format_name: 'mp3', duration: '5.041633', bit_rate: '64401' },
};

describe('parseProbe', () => {
  it('reads an H.264 MP4 with audio', () => {
    expect(parseProbe(MP4_1080P)).toEqual({
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationSeconds: 6,
      bitRate: 5439160,
      video: {
        codec: 'h264',
        profile: 'High',
        pixelFormat: 'yuv420p',
        width: 1920,
        height: 1080,
        rotation: 0,
        frameRate: { num: 30, den: 1 },
        constantFrameRate: true,
      },
      audio: { codec: 'aac', channels: 1, sampleRate: 48000 },
    });
  });

  it('takes the duration from the container when the stream has none (WebM)', () => {
    const probe = parseProbe(WEBM_PORTRAIT);
    expect(probe.durationSeconds).toBe(4);
    expect(probe.audio).toBeNull();
    expect(probe.video?.codec).toBe('vp9');
  });

  it('does not take an MP3 cover picture for a video stream', () => {
    const probe = parseProbe(MP3_WITH_COVER);
    expect(probe.video).toBeNull();
    expect(probe.audio?.codec).toBe('mp3');
    expect(probe.durationSeconds).toBeCloseTo(5.041633, 6);
  });

  it('reads rotation from the old rotate tag (clockwise) and from a display matrix (anticlockwise)', () => {
    const phone = (extra: object) =>
      parseProbe({
        streams: [{ codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080, ...extra }],
        format: { format_name: 'mov,mp4', duration: '3' },
      }).video!;
    expect(phone({ tags: { rotate: '90' } }).rotation).toBe(90);
    expect(phone({ side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }] }).rotation).toBe(90);
    expect(phone({ side_data_list: [{ rotation: 90 }] }).rotation).toBe(270);
    expect(phone({ side_data_list: [{ rotation: 180 }] }).rotation).toBe(180);
    expect(displayedSize(phone({ tags: { rotate: '270' } }))).toEqual({ width: 1080, height: 1920 });
    expect(displayedSize(phone({ tags: { rotate: '180' } }))).toEqual({ width: 1920, height: 1080 });
  });

  it('marks a stream whose nominal and average rates differ as variable frame rate', () => {
    const probe = parseProbe({
      streams: [
        {
          codec_type: 'video',
          codec_name: 'h264',
          width: 640,
          height: 360,
          r_frame_rate: '60/1',
          avg_frame_rate: '2997/100',
        },
      ],
      format: { format_name: 'mov,mp4', duration: '10' },
    });
    expect(probe.video?.constantFrameRate).toBe(false);
  });

  it('survives empty or malformed output without throwing', () => {
    expect(parseProbe(null)).toEqual({
      container: 'unknown',
      durationSeconds: null,
      bitRate: null,
      video: null,
      audio: null,
    });
    expect(parseProbe({ streams: 'nope', format: { duration: 'N/A' } }).durationSeconds).toBeNull();
  });
});

describe('parseRational', () => {
  it('parses exact fractions and refuses zero or junk', () => {
    expect(parseRational('30000/1001')).toEqual({ num: 30000, den: 1001 });
    expect(parseRational('0/0')).toBeNull();
    expect(parseRational('25')).toBeNull();
    expect(parseRational(25)).toBeNull();
  });
});
