import 'reflect-metadata';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { ConfigError, parseConfig } from './config/config.schema.js';

/**
 * Connections waiting to be accepted. When every player of a network reconnects at once (a
 * server restart, a network coming back), Node's default of 511 overflows and the kernel drops
 * the players' SYNs, which they send again only after 1, 3 and 7 s (bench:fanout's storm). The
 * kernel caps it at net.core.somaxconn.
 */
const LISTEN_BACKLOG = 4096;

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await createApp(config);
  // Nest hands these to http.Server.listen(port, host, backlog); its own type stops at the host
  const listen = app.listen.bind(app) as unknown as (port: number, host: string, backlog: number) => Promise<unknown>;
  await listen(config.port, config.host, LISTEN_BACKLOG);
  const address = app.getHttpServer().address() as AddressInfo;
  new Logger('Loa').log(
    `Loa is listening on port ${address.port} (${config.database.type}, media in ${config.mediaDir}); API docs at /api/docs`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Loa failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
