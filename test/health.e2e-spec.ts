import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeEachEngine } from './support/engines.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describeEachEngine('health, metrics and OpenAPI', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('reports the database and the media disk', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details.database.status).toBe('up');
    expect(res.body.details.media_disk.status).toBe('up');
    expect(res.body.details.media_disk.freeBytes).toBeGreaterThan(0);
  });

  it('goes unhealthy (503) when the media disk has less room than required', async () => {
    const starved = await startTestApp(engine, { HEALTH_MIN_FREE_DISK: '1000TB' });
    try {
      const res = await starved.http().get('/api/health').expect(503);
      expect(res.body.details.details.media_disk.status).toBe('down');
      expect(res.body.message).toBe('The server is not ready.');
    } finally {
      await starved.close();
    }
  });

  it('exposes Prometheus metrics with a latency histogram by route pattern', async () => {
    await t.http().get('/api/organisations/00000000-0000-4000-8000-000000000000').expect(401);
    const res = await t.http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/process_cpu_seconds_total/);
    expect(res.text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/organisations\/:id",status_code="401"\} 1/,
    );
  });

  it('serves a valid OpenAPI 3 document listing auth, users, organisations and audit', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const paths = Object.keys(res.body.paths);
    for (const path of [
      '/api/auth/login',
      '/api/auth/refresh',
      '/api/auth/me',
      '/api/users',
      '/api/users/{id}',
      '/api/organisations',
      '/api/organisations/{id}',
      '/api/audit',
    ]) {
      expect(paths).toContain(path);
    }
    await t.http().get('/api/docs').expect(200).expect('content-type', /html/);
  });

  it('serves the console’s page for the addresses a browser opens, and leaves the API its own answers', async () => {
    const html = 'text/html,application/xhtml+xml';
    for (const path of ['/', '/screens', '/pair?code=7KQ2MX']) {
      const page = await t.http().get(path).set('Accept', html).expect(200);
      expect(page.headers['content-type']).toMatch(/html/);
      expect(page.text).toContain('<div id="root">');
    }
    // the API, media and the player answer as before, even to a browser
    const missing = await t.http().get('/api/nope').set('Accept', html).expect(404);
    expect(missing.body.message).toMatch(/no GET \/api\/nope/);
    await t
      .http()
      .get(`/media/${'a'.repeat(64)}`)
      .set('Accept', html)
      .expect(404);
    expect((await t.http().get('/player/').set('Accept', html).expect(200)).text).toContain('pairing-code');
    // a script asking for JSON at an unknown address still gets the API's 404
    await t.http().get('/screens').set('Accept', 'application/json').expect(404);
  });

  it('echoes a request id, or makes one', async () => {
    const given = await t.http().get('/api/health').set('X-Request-Id', 'trace-123').expect(200);
    expect(given.headers['x-request-id']).toBe('trace-123');
    const made = await t.http().get('/api/health').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
