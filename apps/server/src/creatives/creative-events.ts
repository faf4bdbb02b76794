import { Injectable } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';

/**
 * What the console shows while media moves: upload and processing progress, and state
 * changes. Published in-process; a second server instance will relay them over Redis.
 */
export type CreativeEvent =
  | { type: 'upload.progress'; uploadId: string; receivedBytes: number; byteSize: number }
  | { type: 'creative.processing'; creativeId: string; progress: number; stage: string }
  | { type: 'creative.ready'; creativeId: string }
  | { type: 'creative.failed'; creativeId: string; reason: string }
  | { type: 'creative.review'; creativeId: string; review: string };

export interface AddressedEvent {
  readonly event: CreativeEvent;
  /** Who may see it: the creative's organisation path, or the one user whose upload it is. */
  readonly organisationPath: string | null;
  readonly userId: string | null;
}

@Injectable()
export class CreativeEvents {
  private readonly subject = new Subject<AddressedEvent>();

  publish(event: CreativeEvent, audience: { organisationPath?: string | null; userId?: string | null }): void {
    this.subject.next({ event, organisationPath: audience.organisationPath ?? null, userId: audience.userId ?? null });
  }

  get stream(): Observable<AddressedEvent> {
    return this.subject.asObservable();
  }
}
