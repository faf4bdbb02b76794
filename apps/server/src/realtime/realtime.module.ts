import { Global, Module } from '@nestjs/common';
import { PlayerSockets } from './player-sockets.js';

/** The socket.io server behind one class, available to every feature that talks to screens or consoles. */
@Global()
@Module({ providers: [PlayerSockets], exports: [PlayerSockets] })
export class RealtimeModule {}
