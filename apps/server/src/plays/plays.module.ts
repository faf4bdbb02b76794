import { Module } from '@nestjs/common';
import { PlaysService } from './plays.service.js';

/** Proof of play: what players report they played (reports read it). */
@Module({
  providers: [PlaysService],
  exports: [PlaysService],
})
export class PlaysModule {}
