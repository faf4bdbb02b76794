import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../common/access.decorators.js';
import { FfmpegIndicator } from './ffmpeg.indicator.js';
import { MediaDiskIndicator } from './media-disk.indicator.js';
import { RedisIndicator } from './redis.indicator.js';
import { Metrics } from './metrics.js';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly mediaDisk: MediaDiskIndicator,
    private readonly ffmpeg: FfmpegIndicator,
    private readonly redis: RedisIndicator,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  @Get('health')
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: database reachable, media disk has room, ffmpeg found, Redis answers (when configured)',
  })
  check() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 3000 }),
      () => this.mediaDisk.check('media_disk'),
      () => this.ffmpeg.check('ffmpeg'),
      ...(this.redis.configured ? [() => this.redis.check('redis')] : []),
    ]);
  }

  @Get('metrics')
  @Public()
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics (HTTP latency, process)' })
  async scrape(): Promise<string> {
    return this.metrics.render();
  }
}
