import { Injectable } from '@nestjs/common';
import { type Observable, Subject } from 'rxjs';

/** A subtree re-rooted: every path that started with `fromPath` now starts with `toPath`. */
export interface OrganisationMoved {
  readonly organisationId: string;
  readonly fromPath: string;
  readonly toPath: string;
}

/**
 * Moves of the organisation tree, for the features that place things by path (screens, their
 * rooms and playlists) without this module knowing them. Published after the move commits.
 */
@Injectable()
export class OrganisationEvents {
  private readonly moves = new Subject<OrganisationMoved>();

  published(moved: OrganisationMoved): void {
    this.moves.next(moved);
  }

  get moved(): Observable<OrganisationMoved> {
    return this.moves.asObservable();
  }
}
