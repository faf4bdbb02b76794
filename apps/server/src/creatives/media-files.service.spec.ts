import { describe, expect, it } from '@jest/globals';
import { parseRange } from './media-files.service.js';
import { parseContentRange } from './uploads.service.js';

describe('parseRange', () => {
  it('reads one range, an open end and a suffix', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ kind: 'partial', range: { start: 0, end: 99 } });
    expect(parseRange('bytes=900-', 1000)).toEqual({ kind: 'partial', range: { start: 900, end: 999 } });
    expect(parseRange('bytes=-100', 1000)).toEqual({ kind: 'partial', range: { start: 900, end: 999 } });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ kind: 'partial', range: { start: 0, end: 999 } });
    expect(parseRange('bytes=990-5000', 1000)).toEqual({ kind: 'partial', range: { start: 990, end: 999 } });
  });

  it('answers the whole file for no range, several ranges, or nonsense', () => {
    expect(parseRange(undefined, 1000)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=0-1,5-6', 1000)).toEqual({ kind: 'full' });
    expect(parseRange('items=0-1', 1000)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=-', 1000)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=50-10', 1000)).toEqual({ kind: 'full' });
  });

  it('refuses a range past the end', () => {
    expect(parseRange('bytes=1000-', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });
});

describe('parseContentRange', () => {
  it('reads a chunk of a resumable upload', () => {
    expect(parseContentRange('bytes 0-1048575/1073741824')).toEqual({ start: 0, end: 1048575, total: 1073741824 });
  });

  it('refuses what does not describe a chunk inside the file', () => {
    expect(parseContentRange(undefined)).toBeNull();
    expect(parseContentRange('bytes */1000')).toBeNull();
    expect(parseContentRange('bytes 10-5/1000')).toBeNull();
    expect(parseContentRange('bytes 0-1000/1000')).toBeNull();
    expect(parseContentRange('bytes 0-10/*')).toBeNull();
  });
});
