import { describe, expect, it } from '@jest/globals';
import {
  normaliseAudioArgs,
  posterFrameArgs,
  probeArgs,
  progressSeconds,
  remuxClipArgs,
  transcodeClipArgs,
} from './ffmpeg-args.js';

describe('ffmpeg argument lists', () => {
  it('probes as JSON with format and streams', () => {
    expect(probeArgs('/m/in')).toEqual([
      '-v',
      'error',
      '-print_format',
      'json',
      '-show_format',
      '-show_streams',
      '/m/in',
    ]);
  });

  it('transcodes to H.264 High yuv420p at a constant rate with AAC and faststart', () => {
    expect(transcodeClipArgs('/m/in', '/m/out.mp4', { width: 1080, height: 1920 }, { num: 30000, den: 1001 })).toEqual([
      '-hide_banner',
      '-nostdin',
      '-y',
      '-progress',
      'pipe:1',
      '-nostats',
      '-i',
      '/m/in',
      '-map',
      '0:v:0',
      '-map',
      '0:a:0?',
      '-vf',
      'scale=1080:1920:flags=lanczos,format=yuv420p',
      '-r',
      '30000/1001',
      '-c:v',
      'libx264',
      '-profile:v',
      'high',
      '-preset',
      'veryfast',
      '-crf',
      '21',
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '-ac',
      '2',
      '-map_metadata',
      '-1',
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      '/m/out.mp4',
    ]);
  });

  it('remuxes by copying both streams into an MP4 with the index first', () => {
    expect(remuxClipArgs('/m/in', '/m/out.mp4')).toEqual([
      '-hide_banner',
      '-nostdin',
      '-y',
      '-progress',
      'pipe:1',
      '-nostats',
      '-i',
      '/m/in',
      '-map',
      '0:v:0',
      '-map',
      '0:a:0?',
      '-c',
      'copy',
      '-map_metadata',
      '-1',
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      '/m/out.mp4',
    ]);
  });

  it('takes the poster frame with input seeking (-ss before -i)', () => {
    const args = posterFrameArgs('/m/in', '/m/poster.jpg', 1.5, { width: 1920, height: 1080 });
    expect(args).toEqual([
      '-hide_banner',
      '-nostdin',
      '-y',
      '-ss',
      '1.500',
      '-i',
      '/m/in',
      '-frames:v',
      '1',
      '-vf',
      'scale=1920:1080:flags=lanczos',
      '-q:v',
      '2',
      '-f',
      'image2',
      '/m/poster.jpg',
    ]);
    expect(args.indexOf('-ss')).toBeLessThan(args.indexOf('-i'));
  });

  it('normalises loudness to EBU R128 into AAC or MP3', () => {
    const head = [
      '-hide_banner',
      '-nostdin',
      '-y',
      '-progress',
      'pipe:1',
      '-nostats',
      '-i',
      '/m/in',
      '-map',
      '0:a:0',
      '-vn',
      '-af',
      'loudnorm=I=-23:TP=-1:LRA=7',
      '-ar',
      '48000',
      '-ac',
      '2',
      '-map_metadata',
      '-1',
    ];
    expect(normaliseAudioArgs('/m/in', '/m/out.m4a', 'aac')).toEqual([
      ...head,
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      '/m/out.m4a',
    ]);
    expect(normaliseAudioArgs('/m/in', '/m/out.mp3', 'mp3')).toEqual([
      ...head,
      '-c:a',
      'libmp3lame',
      '-b:a',
      '128k',
      '-f',
      'mp3',
      '/m/out.mp3',
    ]);
  });

  it('reads progress blocks', () => {
    expect(progressSeconds('frame=12\nout_time_us=2500000\nprogress=continue\n')).toBe(2.5);
    expect(progressSeconds('progress=end')).toBeNull();
  });
});
