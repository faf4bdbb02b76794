import { statfs } from 'node:fs/promises';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';

/** Free space where media is stored: uploads and renditions fail long before the disk is full. */
@Injectable()
export class MediaDiskIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  async check(key: string) {
    const indicator = this.indicators.check(key);
    try {
      const stats = await statfs(this.config.mediaDir);
      const freeBytes = stats.bavail * stats.bsize;
      const details = { path: this.config.mediaDir, freeBytes, minFreeBytes: this.config.healthMinFreeDiskBytes };
      return freeBytes >= this.config.healthMinFreeDiskBytes ? indicator.up(details) : indicator.down(details);
    } catch (error) {
      return indicator.down({ path: this.config.mediaDir, message: (error as Error).message });
    }
  }
}
