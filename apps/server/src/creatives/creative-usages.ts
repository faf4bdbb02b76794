import { Injectable } from '@nestjs/common';

/** Somewhere a creative is used: a campaign, a screen's assignment, an emergency. */
export interface CreativeUsage {
  readonly kind: string;
  readonly id: string;
  readonly name: string;
}

export type UsageSource = (creativeId: string) => Promise<readonly CreativeUsage[]>;

/**
 * Features that use creatives (schedules, screen assignments, emergencies) register here, so
 * deleting a creative in use is refused with where it is used, without this module knowing them.
 */
@Injectable()
export class CreativeUsages {
  private readonly sources: UsageSource[] = [];

  register(source: UsageSource): void {
    this.sources.push(source);
  }

  async of(creativeId: string): Promise<CreativeUsage[]> {
    const found = await Promise.all(this.sources.map((source) => source(creativeId)));
    return found.flat();
  }
}
