import { Inject, Injectable } from '@nestjs/common';
import { filter, interval, map, merge, type Observable } from 'rxjs';
import { scopeContains } from '@loa/identity';
import type { Principal } from '../common/request-context.js';
import { CreativeEvents } from './creative-events.js';

/** What @Sse sends: `event:` is the type, `data:` the JSON payload. */
export interface ServerSentEvent {
  readonly type?: string;
  readonly data: object | string;
}

/** Proxies close idle connections; a comment-like ping every 25 s keeps the stream open. */
const KEEP_ALIVE_MS = 25_000;

/** The events one signed-in person may see: their own uploads, and creatives within their scope. */
@Injectable()
export class CreativeEventsStream {
  constructor(@Inject(CreativeEvents) private readonly events: CreativeEvents) {}

  for(principal: Principal): Observable<ServerSentEvent> {
    const mine = this.events.stream.pipe(
      filter((addressed) =>
        addressed.userId !== null
          ? addressed.userId === principal.id
          : addressed.organisationPath !== null && scopeContains(principal.scope, addressed.organisationPath),
      ),
      map(({ event }) => ({ type: event.type, data: event })),
    );
    const keepAlive = interval(KEEP_ALIVE_MS).pipe(map(() => ({ type: 'ping', data: {} })));
    return merge(mine, keepAlive);
  }
}
