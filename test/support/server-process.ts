import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/**
 * The built server started the way a user starts it (`node apps/server/dist/main.js` with the
 * flags of `npm run start:prod`, which `npm start` runs after building), with nothing but the
 * environment. `npm test` builds first.
 */
export const MAIN = resolve('apps/server/dist/main.js');

/** Node's flags in `npm run start:prod`, read from package.json so the tests start the server as it does. */
export const NODE_FLAGS = nodeFlagsOf(
  (JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts[
    'start:prod'
  ],
);

export function nodeFlagsOf(command: string): string[] {
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'node' || words.at(-1) !== 'apps/server/dist/main.js') {
    throw new Error(`start:prod is not "node [flags] apps/server/dist/main.js": ${command}`);
  }
  return words.slice(1, -1);
}

export interface ServerRun {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** The exit code, or the signal's name when it ended by one. */
  readonly exited: Promise<number | string | null>;
}

export function startServer(cwd: string, env: Record<string, string>): ServerRun {
  const child = spawn(process.execPath, [...NODE_FLAGS, MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string | null>((done) =>
    child.on('exit', (code, signal) => done(code ?? signal)),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** Polls /api/health until it answers, or the time is up; answers the last status and body. */
export async function waitHealthy(
  port: number,
  timeoutMs = 15_000,
): Promise<{ status: number; body: { status?: string } } | undefined> {
  const started = Date.now();
  let health: { status: number; body: { status?: string } } | undefined;
  while (Date.now() - started < timeoutMs) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      health = { status: res.status, body: (await res.json()) as { status?: string } };
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return health;
}
