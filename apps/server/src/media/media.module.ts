import { Global, Logger, Module } from '@nestjs/common';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { locateFfmpeg } from './ffmpeg-locator.js';
import { FfmpegService } from './ffmpeg.service.js';
import { ImageService } from './image.service.js';
import { LocalMediaStorage, MediaStorage } from './media-storage.js';

/** The outside systems media work needs, each behind one class: the store, sharp, ffmpeg. */
@Global()
@Module({
  providers: [
    {
      provide: MediaStorage,
      inject: [APP_CONFIG],
      useFactory: async (config: ResolvedConfig): Promise<MediaStorage> => {
        const storage = new LocalMediaStorage(config.mediaDir);
        await storage.init();
        return storage;
      },
    },
    {
      provide: FfmpegService,
      inject: [APP_CONFIG],
      useFactory: async (config: ResolvedConfig): Promise<FfmpegService> => {
        const binaries = await locateFfmpeg(config.media, config.media.searchPath);
        const logger = new Logger('Media');
        logger.log(
          `ffmpeg ${binaries.ffmpeg.version} from ${binaries.ffmpeg.source} (${binaries.ffmpeg.path}); ` +
            `ffprobe ${binaries.ffprobe.version} from ${binaries.ffprobe.source}`,
        );
        return new FfmpegService(binaries, config.media.nice);
      },
    },
    {
      provide: ImageService,
      inject: [APP_CONFIG],
      useFactory: (config: ResolvedConfig) => new ImageService(config.media.maxImagePixels),
    },
  ],
  exports: [MediaStorage, FfmpegService, ImageService],
})
export class MediaModule {}
