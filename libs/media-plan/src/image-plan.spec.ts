import { describe, expect, it } from '@jest/globals';
import { fitWithin } from './geometry.js';
import { planImageRenditions, thumbnailSize } from './image-plan.js';
import { DEFAULT_SCREEN_PROFILES, profileProblem } from './screen-profiles.js';

describe('planImageRenditions', () => {
  it('gives a 4K poster one canvas per profile shape and size', () => {
    const plans = planImageRenditions({ width: 3840, height: 2160 }, DEFAULT_SCREEN_PROFILES, 'contain', '#000000');
    expect(plans.map((p) => [p.profiles.join('+'), p.width, p.height])).toEqual([
      ['led-768x384', 768, 384],
      ['led-1920x960', 1920, 960],
      ['elevator-1080x1920', 1080, 1920],
      ['transit-1920x1080', 1920, 1080],
      ['uhd-3840x2160', 3840, 2160],
    ]);
    expect(plans.every((p) => p.fit === 'contain' && p.background === '#000000')).toBe(true);
  });

  it('never makes a canvas larger than the source can fill, and shares equal canvases', () => {
    const plans = planImageRenditions({ width: 1920, height: 1080 }, DEFAULT_SCREEN_PROFILES, 'contain', '#ffffff');
    expect(plans.map((p) => [p.profiles.join('+'), p.width, p.height])).toEqual([
      ['led-768x384', 768, 384],
      ['led-1920x960', 1920, 960],
      ['elevator-1080x1920', 1080, 1920],
      ['transit-1920x1080+uhd-3840x2160', 1920, 1080],
    ]);
  });

  it('covers with the box inside the image', () => {
    // a portrait poster covering a wide LED: the canvas is the LED's shape, shrunk so the source fills it
    const plans = planImageRenditions(
      { width: 1080, height: 1920 },
      [{ key: 'led', name: 'LED', width: 1920, height: 960 }],
      'cover',
      '#000000',
    );
    expect(plans).toEqual([{ profiles: ['led'], width: 1080, height: 540, fit: 'cover', background: '#000000' }]);
  });
});

describe('sizes', () => {
  it('fits without enlarging', () => {
    expect(fitWithin({ width: 1280, height: 720 }, { width: 3840, height: 2160 })).toEqual({
      width: 1280,
      height: 720,
    });
    expect(thumbnailSize({ width: 1080, height: 1920 })).toEqual({ width: 180, height: 320 });
  });

  it('checks profiles', () => {
    expect(profileProblem({ key: 'led-1152x576', name: 'x', width: 1152, height: 576 })).toBeNull();
    expect(profileProblem({ key: 'Bad Key', name: 'x', width: 100, height: 100 })).toMatch(/key/);
    expect(profileProblem({ key: 'huge', name: 'x', width: 100000, height: 100 })).toMatch(/7680/);
    expect(profileProblem({ key: 'frac', name: 'x', width: 10.5, height: 100 })).toMatch(/whole/);
  });
});
