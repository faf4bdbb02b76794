import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { FfmpegService } from '../media/ffmpeg.service.js';

/** Which ffmpeg and ffprobe processing uses, found once at start-up. */
@Injectable()
export class FfmpegIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly ffmpeg: FfmpegService,
  ) {}

  check(key: string) {
    const { ffmpeg, ffprobe } = this.ffmpeg.binaries;
    return this.indicators.check(key).up({
      source: ffmpeg.source,
      version: ffmpeg.version,
      path: ffmpeg.path,
      ffprobe: { source: ffprobe.source, version: ffprobe.version, path: ffprobe.path },
    });
  }
}
