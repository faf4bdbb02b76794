import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeEachEngine } from './support/engines.js';
import { asUser, startSeededApp, type World } from './support/fixtures.js';
import { fixture, mediaFiles, settled } from './support/media.js';
import type { TestApp } from './support/test-app.js';

const MB = 1024 * 1024;

function putChunk(t: TestApp, token: string, id: string, bytes: Buffer, start: number, total: number) {
  return t
    .http()
    .put(`/api/uploads/${id}`)
    .auth(token, { type: 'bearer' })
    .set('Content-Type', 'application/octet-stream')
    .set('Content-Range', `bytes ${start}-${start + bytes.length - 1}/${total}`)
    .send(bytes);
}

/** Sends part of a chunk and then drops the connection, as a flaky link does. */
function brokenChunk(t: TestApp, token: string, id: string, file: Buffer, start: number, length: number, sent: number) {
  return new Promise<void>((resolve) => {
    const url = new URL(`/api/uploads/${id}`, t.url);
    const request = http.request(url, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/octet-stream',
        'content-range': `bytes ${start}-${start + length - 1}/${file.length}`,
        'content-length': String(length),
      },
    });
    request.on('error', () => resolve());
    request.write(file.subarray(start, start + sent), () => {
      setTimeout(() => {
        request.destroy();
        resolve();
      }, 300);
    });
  });
}

interface Received {
  type: string;
  data: Record<string, unknown>;
}

/** Listens to the console's server-sent events. */
function listen(t: TestApp, token: string) {
  const events: Received[] = [];
  const url = new URL('/api/creatives/events', t.url);
  const request = http.get(
    url,
    { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } },
    (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type && data) events.push({ type, data: JSON.parse(data) as Record<string, unknown> });
        }
      });
    },
  );
  request.on('error', () => undefined);
  return { events, close: () => request.destroy() };
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeEachEngine('media library: resumable uploads and live events', (engine) => {
  let t: TestApp;
  let w: World;
  const clip = readFileSync(fixture('clip-1080p-6s.mp4'));

  beforeAll(async () => {
    ({ t, w } = await startSeededApp(engine));
  });

  afterAll(async () => {
    await t?.close();
  });

  it('survives a dropped connection mid-chunk and resumes from the bytes that arrived', async () => {
    const stream = listen(t, w.commsA.token);
    const created = await asUser(t, w.commsA.token).post('/api/uploads', {
      fileName: 'bluezone-6s.mp4',
      byteSize: clip.length,
      title: 'Hướng dẫn cài Bluezone',
      tags: ['bluezone'],
    });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`/api/uploads/${created.body.id}`);
    expect(created.body).toMatchObject({ offset: 0, byteSize: clip.length, creativeId: null });
    const id = created.body.id as string;

    const first = await putChunk(t, w.commsA.token, id, clip.subarray(0, MB), 0, clip.length);
    expect(first.status).toBe(200);
    expect(first.body.offset).toBe(MB);

    const replay = await putChunk(t, w.commsA.token, id, clip.subarray(0, MB), 0, clip.length);
    expect(replay.status).toBe(409);
    expect(replay.body.message).toMatch(/Resume from byte 1048576/);

    await brokenChunk(t, w.commsA.token, id, clip, MB, MB, 300 * 1024);
    const offset = await until(async () => {
      const res = await asUser(t, w.commsA.token).get(`/api/uploads/${id}`);
      return res.body.offset > MB ? (res.body.offset as number) : undefined;
    });
    expect(offset).toBe(MB + 300 * 1024);

    // someone else's upload does not exist for you
    expect((await asUser(t, w.commsB.token).get(`/api/uploads/${id}`)).status).toBe(404);

    const rest = await putChunk(t, w.commsA.token, id, clip.subarray(offset), offset, clip.length);
    expect(rest.status).toBe(200);
    expect(rest.body.offset).toBe(clip.length);
    expect(rest.body.creativeId).toEqual(expect.any(String));
    const creative = await settled(t, w.commsA.token, rest.body.creativeId as string);
    expect(creative).toMatchObject({
      status: 'ready',
      kind: 'video',
      title: 'Hướng dẫn cài Bluezone',
      byteSize: clip.length,
    });
    expect(creative.sha256).toBe(createHash('sha256').update(clip).digest('hex'));

    const done = await putChunk(t, w.commsA.token, id, clip.subarray(0, 10), 0, clip.length);
    expect(done.status).toBe(409);

    await until(() => (stream.events.some((e) => e.type === 'creative.ready') ? true : undefined));
    stream.close();
    const types = new Set(stream.events.map((e) => e.type));
    expect(types.has('upload.progress')).toBe(true);
    expect(types.has('creative.processing')).toBe(true);
    const progress = stream.events.filter((e) => e.type === 'upload.progress').map((e) => e.data.receivedBytes);
    expect(progress).toEqual([MB, MB + 300 * 1024, clip.length]);
    expect(stream.events.find((e) => e.type === 'creative.ready')?.data.creativeId).toBe(creative.id);
  });

  it('shows nobody else the events of creatives outside their scope', async () => {
    const outsider = listen(t, w.commsB.token);
    const insider = listen(t, w.provinceAdmin.token);
    await new Promise((r) => setTimeout(r, 200));
    const res = await t
      .http()
      .post('/api/creatives')
      .auth(w.commsA.token, { type: 'bearer' })
      .attach('file', fixture('led-768x384.webp'));
    await until(() =>
      insider.events.some((e) => e.type === 'creative.ready' && e.data.creativeId === res.body.id) ? true : undefined,
    );
    outsider.close();
    insider.close();
    expect(outsider.events.filter((e) => e.type !== 'ping')).toEqual([]);
  });

  it('refuses bad chunks with clear messages', async () => {
    const created = await asUser(t, w.commsA.token).post('/api/uploads', { fileName: 'a.mp4', byteSize: clip.length });
    const id = created.body.id as string;
    const wrongTotal = await putChunk(t, w.commsA.token, id, clip.subarray(0, 100), 0, clip.length + 1);
    expect(wrongTotal.status).toBe(400);
    expect(wrongTotal.body.message).toMatch(/differs from the \d+ bytes announced/);
    const noRange = await t
      .http()
      .put(`/api/uploads/${id}`)
      .auth(w.commsA.token, { type: 'bearer' })
      .set('Content-Type', 'application/octet-stream')
      .send(clip.subarray(0, 100));
    expect(noRange.status).toBe(400);
    expect(noRange.body.message).toMatch(/Content-Range/);
    expect((await asUser(t, w.commsA.token).delete(`/api/uploads/${id}`)).status).toBe(204);
    expect((await asUser(t, w.commsA.token).get(`/api/uploads/${id}`)).status).toBe(404);
    const huge = await asUser(t, w.commsA.token).post('/api/uploads', { fileName: 'x.mp4', byteSize: 3 * 1024 ** 3 });
    expect(huge.status).toBe(413);
    expect(
      (await asUser(t, w.operatorWardA.token).post('/api/uploads', { fileName: 'x.mp4', byteSize: 10 })).status,
    ).toBe(403);
  });

  it('refuses a file that is not media at its first chunk and keeps none of it', async () => {
    const before = mediaFiles(t);
    const program = readFileSync('/bin/ls');
    const created = await asUser(t, w.commsA.token).post('/api/uploads', {
      fileName: 'clip.mp4',
      byteSize: program.length,
    });
    const id = created.body.id as string;
    const res = await putChunk(t, w.commsA.token, id, program.subarray(0, 100 * 1024), 0, program.length);
    expect(res.status).toBe(415);
    expect((await asUser(t, w.commsA.token).get(`/api/uploads/${id}`)).status).toBe(404);
    expect(mediaFiles(t)).toEqual(before);
  });
});
