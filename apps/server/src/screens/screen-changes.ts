import { Injectable } from '@nestjs/common';
import { type Observable, Subject } from 'rxjs';
import type { ScreenFacts, ScreenRule } from '@loa/screens';

/**
 * What changed about screens and groups, for the features that follow them (playlists, socket
 * rooms) without the screens module knowing those features. Published after the change commits.
 */
export type ScreenChange =
  | {
      readonly type: 'screen';
      readonly screenId: string;
      readonly before: ScreenFacts | null;
      readonly after: ScreenFacts | null;
    }
  | {
      readonly type: 'group';
      readonly groupId: string;
      readonly before: ScreenRule | null;
      readonly after: ScreenRule | null;
    };

@Injectable()
export class ScreenChanges {
  private readonly subject = new Subject<ScreenChange>();

  publish(change: ScreenChange): void {
    this.subject.next(change);
  }

  get stream(): Observable<ScreenChange> {
    return this.subject.asObservable();
  }
}
