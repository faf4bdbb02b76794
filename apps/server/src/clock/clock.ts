import { type DynamicModule, Global, Injectable, Module } from '@nestjs/common';

/** Time comes from here, so expiries and schedules are tested without waiting. */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

@Global()
@Module({})
export class ClockModule {
  /** The system clock, or the one a test hands in to move time without waiting. */
  static forRoot(clock: Clock = new SystemClock()): DynamicModule {
    return { module: ClockModule, providers: [{ provide: Clock, useValue: clock }], exports: [Clock] };
  }
}
