import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import { AppModule, type AppOptions } from './app.module.js';
import { HttpExceptionFilter, notFoundFallback } from './common/http-exception.filter.js';
import { UNPREFIXED_PATHS } from './common/route-inventory.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/config.schema.js';
import { withAuthSecret } from './config/secret.js';
import { Metrics } from './health/metrics.js';
import { createRootLogger, PinoNestLogger, requestLogger } from './logging.js';
import { LoaSocketAdapter } from './realtime/socket-adapter.js';

/** apps/server/{src,dist}/app.factory → player/dist at the root of the repository. */
const PLAYER_DIR = fileURLToPath(new URL('../../../player/dist', import.meta.url));
/** The web console, built by `npm run build` into apps/console/dist. */
const CONSOLE_DIR = fileURLToPath(new URL('../../../apps/console/dist', import.meta.url));

/** Builds the whole server, configured as in production; main.ts and the tests both use it. */
export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<NestExpressApplication> {
  const resolved = withAuthSecret(config);
  mkdirSync(resolved.mediaDir, { recursive: true });
  const logger = createRootLogger(resolved);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(resolved, options), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
    // open event streams and idle keep-alive sockets must not hold a shutdown up
    forceCloseConnections: true,
  });
  app.use(requestLogger(logger));
  app.set('trust proxy', resolved.trustProxy);
  app.disable('x-powered-by');
  app.use(app.get(Metrics).middleware);
  app.use(cookieParser());
  // the browser player, built by `npm run build` into player/dist; screens open /player
  app.useStaticAssets(PLAYER_DIR, { prefix: '/player', index: 'index.html', fallthrough: true });
  // the console: its hashed assets for a year, and its page for every address it routes itself
  app.useStaticAssets(join(CONSOLE_DIR, 'assets'), { prefix: '/assets', immutable: true, maxAge: '365d' });
  app.use(consolePage(join(CONSOLE_DIR, 'index.html')));
  app.setGlobalPrefix('api', { exclude: UNPREFIXED_PATHS });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();
  const sockets = new LoaSocketAdapter(app, resolved);
  sockets.connectToRedis();
  app.useWebSocketAdapter(sockets);
  const document = openApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: 'Loa API',
    swaggerOptions: { persistAuthorization: true },
  });
  await app.init();
  // after init, so it sits behind every route Nest registered
  app.use(notFoundFallback);
  return app;
}

/** Paths the server answers itself; everything else a browser asks for is a page of the console. */
const SERVER_PATHS = /^\/(api|media|player|socket\.io|metrics|assets)(\/|$)/;

/**
 * The console's single page for the addresses it routes in the browser (/screens, /pair?code=…),
 * asked for by a browser (Accept: text/html). Without a built console the server's own routes
 * answer (/ leads to the API documentation).
 */
function consolePage(indexFile: string) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (
      (request.method !== 'GET' && request.method !== 'HEAD') ||
      SERVER_PATHS.test(request.path) ||
      // a browser's navigation names text/html; API clients and fetches do not
      !(request.get('accept') ?? '').includes('text/html') ||
      !existsSync(indexFile)
    ) {
      next();
      return;
    }
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(indexFile);
  };
}

export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Loa API')
    .setDescription(
      'Loa, the digital-signage CMS: creatives, screens, campaigns and proof of play. ' +
        'Sign in with POST /api/auth/login and send the access token as a Bearer token. ' +
        'Errors are {statusCode, error, message}; send Accept-Language: vi for Vietnamese messages.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .addCookieAuth('loa_refresh')
    .build();
  return SwaggerModule.createDocument(app, config);
}
