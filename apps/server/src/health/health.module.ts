import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { FfmpegIndicator } from './ffmpeg.indicator.js';
import { HealthController } from './health.controller.js';
import { MediaDiskIndicator } from './media-disk.indicator.js';
import { Metrics } from './metrics.js';
import { RedisIndicator } from './redis.indicator.js';

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [FfmpegIndicator, MediaDiskIndicator, RedisIndicator, Metrics],
  exports: [Metrics],
})
export class HealthModule {}
