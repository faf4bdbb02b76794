import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

const MAX_QUERY_CHARS = 500;
const shorten = (query: string) => (query.length > MAX_QUERY_CHARS ? `${query.slice(0, MAX_QUERY_CHARS)}…` : query);

/**
 * TypeORM's messages, through Loa's logger. Query parameters are never logged: they hold
 * password hashes and personal data (TypeORM's own logger prints them to the console).
 */
export class QueryLogger implements TypeOrmLogger {
  private readonly logger = new Logger('Database');

  constructor(private readonly slowQueryMs: number) {}

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    // Unique and foreign-key violations are expected under concurrency and answered 409 upstream.
    this.logger.warn({ query: shorten(query), error: error instanceof Error ? error.message : error }, 'query failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ query: shorten(query), ms: time, thresholdMs: this.slowQueryMs }, 'slow query');
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.log(String(message));
  }
}
