import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import type { AppConfig } from './config.schema.js';

export const APP_CONFIG = Symbol('AppConfig');
export type ResolvedConfig = AppConfig & { readonly authSecret: string };

/**
 * The validated config object, injected as APP_CONFIG. @nestjs/config carries the same
 * object for libraries that expect a ConfigService; it never reads the environment itself.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: ResolvedConfig): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, ignoreEnvVars: true, load: [() => ({ loa: config })] })],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG, ConfigModule],
    };
  }
}
