import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { CONSOLE_EVENTS, NAMESPACES, type ScreenStatus, type ServerToConsole } from '@loa/protocol';
import type { Api } from './api.js';
import type { Language } from './i18n.js';

/**
 * Live screen status from the /console namespace: every change to a screen in the user's scope
 * (online, offline, what it plays) arrives within a second or two. Answers the latest status by
 * screen id, to lay over what the list endpoint said.
 */
export function useLiveStatus(api: Api, language: Language): ReadonlyMap<string, ScreenStatus> {
  const [statuses, setStatuses] = useState<ReadonlyMap<string, ScreenStatus>>(new Map());
  useEffect(() => {
    let socket: Socket<ServerToConsole> | null = null;
    let stopped = false;
    const connect = () => {
      if (stopped || !api.accessToken) return;
      socket = io(NAMESPACES.console, {
        transports: ['websocket'],
        auth: (send) => send({ token: api.accessToken ?? '', language }),
      });
      socket.on(CONSOLE_EVENTS.screenStatus, (status: ScreenStatus) =>
        setStatuses((before) => new Map(before).set(status.screenId, status)),
      );
      // an expired access token: renew it, and the next reconnection sends the new one
      socket.on('connect_error', () => void api.renew());
    };
    connect();
    return () => {
      stopped = true;
      socket?.disconnect();
    };
  }, [api, language]);
  return statuses;
}
