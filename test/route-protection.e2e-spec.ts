import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Public } from '../apps/server/src/common/access.decorators.js';
import { RouteInventory } from '../apps/server/src/common/route-inventory.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const SOME_ID = '5b3c1f0e-2d4a-4c8e-9f1a-0b2c3d4e5f60';

describe('every route is either public or protected', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => t?.close());

  it('lists the routes the app registers', () => {
    const routes = t.app.get(RouteInventory).routes();
    const names = routes.map((r) => `${r.method} ${r.path}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /api/auth/login',
        'GET /api/users',
        'GET /api/users/:id',
        'PATCH /api/organisations/:id',
        'GET /api/audit',
        'GET /api/health',
        'GET /metrics',
      ]),
    );
    expect(routes.length).toBeGreaterThanOrEqual(18);
  });

  it('answers 401 without credentials, and with a forged token, on every non-public route', async () => {
    const routes = t.app.get(RouteInventory).routes();
    const checked: string[] = [];
    for (const route of routes) {
      const path = route.path.replace(/:(\w+)/g, SOME_ID);
      const call = () => t.http()[route.method.toLowerCase() as 'get'](path).send({});
      const anonymous = await call();
      if (route.isPublic) continue;
      expect([route.method, route.path, anonymous.status]).toEqual([route.method, route.path, 401]);
      expect(anonymous.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      expect(anonymous.body.message).toMatch(/sign in/i);
      const forged = await call().set(
        'Authorization',
        'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmVkLXdpdGgtYW5vdGhlci1zZWNyZXQ',
      );
      expect([route.path, forged.status]).toEqual([route.path, 401]);
      checked.push(`${route.method} ${route.path}`);
    }
    expect(checked.length).toBeGreaterThanOrEqual(12);
  });

  it('opens to the public only the routes meant for it', () => {
    const open = t.app
      .get(RouteInventory)
      .routes()
      .filter((r) => r.isPublic)
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    // Adding a public route is a decision: this list changes with it, in review.
    expect(open).toEqual([
      'GET /',
      'GET /api/health',
      'GET /media/:sha256',
      'GET /metrics',
      'POST /api/auth/login',
      'POST /api/auth/logout',
      'POST /api/auth/refresh',
    ]);
  });

  it('refuses to boot with a route that declares neither @Public() nor @Roles()', async () => {
    @Controller('forgotten')
    class ForgottenController {
      @Get()
      open() {
        return 'anyone?';
      }
      @Get('fine')
      @Public()
      fine() {
        return 'ok';
      }
    }
    const module = await Test.createTestingModule({
      imports: [DiscoveryModule],
      controllers: [ForgottenController],
      providers: [RouteInventory],
    }).compile();
    const app = module.createNestApplication({ logger: false });
    await expect(app.init()).rejects.toThrow(/GET \/api\/forgotten \(ForgottenController\.open\)/);
    await app.close();
  });
});
