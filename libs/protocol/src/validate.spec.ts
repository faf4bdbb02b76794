import { describe, expect, it } from '@jest/globals';
import { CONSOLE_EVENTS, MAX_SCREENSHOT_DATA_URL, PLAYER_EVENTS, playIdAt, SERVER_EVENTS } from './messages.js';
import { checkCommandResult, checkHeartbeat, checkHello, checkPlaysBatch } from './validate.js';

const hello = {
  protocol: 1,
  playerVersion: '0.1.0',
  playlistVersion: null,
  screen: { width: 1080, height: 1920, devicePixelRatio: 1 },
  freeBytes: 5_000_000_000,
};

describe('event names', () => {
  it('are unique across both directions', () => {
    const names = [...Object.values(PLAYER_EVENTS), ...Object.values(SERVER_EVENTS), ...Object.values(CONSOLE_EVENTS)];
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('checkHello', () => {
  it('accepts a well-formed hello and copies only known fields', () => {
    const checked = checkHello({ ...hello, extra: 'ignored' });
    expect(checked).toEqual({ ok: true, value: hello });
  });

  it('names every wrong field', () => {
    const checked = checkHello({
      protocol: 0,
      playerVersion: '',
      playlistVersion: 7,
      screen: { width: -1 },
      freeBytes: 'lots',
    });
    expect(checked).toEqual({
      ok: false,
      error: {
        code: 'invalid_message',
        message: 'Invalid message: check protocol, playerVersion, playlistVersion, screen, freeBytes.',
        fields: ['protocol', 'playerVersion', 'playlistVersion', 'screen', 'freeBytes'],
      },
    });
  });

  it('refuses a fraction of a byte', () => {
    expect(checkHello({ ...hello, freeBytes: 1.5 })).toMatchObject({ ok: false, error: { fields: ['freeBytes'] } });
  });

  it('refuses a screen of no size', () => {
    expect(checkHello({ ...hello, screen: { width: 0, height: 1080, devicePixelRatio: 1 } })).toMatchObject({
      ok: false,
      error: { fields: ['screen'] },
    });
  });

  it('refuses what is not an object', () => {
    for (const junk of [null, 'hello', 42, [hello]]) {
      expect(checkHello(junk)).toMatchObject({ ok: false, error: { fields: ['message'] } });
    }
  });
});

describe('checkHeartbeat', () => {
  const playing = {
    creativeId: '3f1c2a7e-8b4d-4c3a-9e2f-1a2b3c4d5e6f',
    renditionSha256: 'a'.repeat(64),
    startedAt: '2020-08-20T08:00:00.000Z',
  };

  it('accepts idle and playing heartbeats', () => {
    expect(
      checkHeartbeat({ playing: null, playlistVersion: null, freeBytes: null, sentAt: '2020-08-20T08:00:01Z' }),
    ).toMatchObject({ ok: true });
    const busy = { playing, playlistVersion: 'f'.repeat(64), freeBytes: 10, sentAt: '2020-08-20T08:00:01+07:00' };
    // older players send no cache report: it is null
    expect(checkHeartbeat(busy)).toEqual({ ok: true, value: { ...busy, cache: null } });
    const cache = { files: 12, bytes: 48_000_000, missing: 1 };
    expect(checkHeartbeat({ ...busy, cache })).toEqual({ ok: true, value: { ...busy, cache } });
  });

  it('refuses malformed fields', () => {
    const checked = checkHeartbeat({
      playing: { ...playing, renditionSha256: 'nope' },
      playlistVersion: 42,
      freeBytes: -1,
      cache: { files: 1.5, bytes: 10, missing: 0 },
      sentAt: 'yesterday',
    });
    expect(checked).toMatchObject({
      ok: false,
      error: { fields: ['playing', 'playlistVersion', 'freeBytes', 'cache', 'sentAt'] },
    });
  });
});

describe('checkCommandResult', () => {
  const jpeg = `data:image/jpeg;base64,${Buffer.from('not really a jpeg').toString('base64')}`;

  it('needs nothing for reload and identify', () => {
    expect(checkCommandResult('reload', undefined)).toEqual({ ok: true, value: {} });
    expect(checkCommandResult('identify', null)).toEqual({ ok: true, value: {} });
  });

  it('accepts an image data URL for a screenshot', () => {
    expect(checkCommandResult('screenshot', { screenshot: jpeg })).toEqual({ ok: true, value: { screenshot: jpeg } });
  });

  it('refuses other data, oversize pictures and missing ones', () => {
    for (const screenshot of [
      'data:text/html;base64,PHNjcmlwdD4=',
      'https://example.com/a.jpg',
      `data:image/jpeg;base64,${'A'.repeat(MAX_SCREENSHOT_DATA_URL)}`,
      undefined,
    ]) {
      expect(checkCommandResult('screenshot', { screenshot })).toMatchObject({
        ok: false,
        error: { fields: ['screenshot'] },
      });
    }
    expect(checkCommandResult('screenshot', 'x')).toMatchObject({ ok: false });
  });
});

describe('playIdAt', () => {
  const random = [0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa, 0x99, 0x88, 0x77, 0x66];

  it('is a UUIDv7 whose first 48 bits are the start in milliseconds', () => {
    const at = Date.UTC(2020, 7, 10, 1, 2, 3, 456);
    const id = playIdAt(at, random);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
    expect(id).toBe(
      `${at.toString(16).padStart(12, '0').slice(0, 8)}-${at.toString(16).padStart(12, '0').slice(8)}-7fee-9dcc-bbaa99887766`,
    );
  });

  it('sorts as text in the order the plays started, so the key index appends', () => {
    const starts = [Date.UTC(2020, 7, 10), Date.UTC(2020, 7, 10) + 1, Date.UTC(2020, 7, 11), Date.UTC(2031, 0, 1)];
    const ids = starts.map((at) => playIdAt(at, random));
    expect([...ids].sort()).toEqual(ids);
  });

  it('passes the plays batch check', () => {
    const id = playIdAt(Date.now(), random);
    const at = new Date().toISOString();
    const play = {
      playId: id,
      creativeId: null,
      renditionSha256: null,
      reason: 'filler',
      campaignId: null,
      donationId: null,
      emergencyId: null,
      entryId: null,
      scheduledStart: at,
      scheduledEnd: at,
      startedAt: at,
      endedAt: at,
      shownSeconds: 0,
      outcome: 'complete',
      note: null,
    };
    expect(checkPlaysBatch({ plays: [play] }).ok).toBe(true);
  });
});
