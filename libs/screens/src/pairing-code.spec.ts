import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  formatPairingCode,
  normalisePairingCode,
  PAIRING_ALPHABET,
  PAIRING_CODE_BITS,
  pairingCodeFrom,
} from './pairing-code.js';

describe('pairing codes', () => {
  it('carry at least 30 bits in six characters with no look-alikes', () => {
    expect(PAIRING_CODE_BITS).toBeGreaterThanOrEqual(30);
    expect(new Set(PAIRING_ALPHABET).size).toBe(32);
    for (const lookAlike of ['O', 'I', 'L', 'U']) expect(PAIRING_ALPHABET).not.toContain(lookAlike);
  });

  it('read back as themselves, however they are typed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), fc.boolean(), (bytes, spaced) => {
        const code = pairingCodeFrom(bytes);
        expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{6}$/);
        const typed = spaced ? ` ${formatPairingCode(code).toLowerCase()} ` : code.toLowerCase();
        expect(normalisePairingCode(typed)).toBe(code);
      }),
    );
  });

  it('use every character equally often (256 random values map evenly onto 32)', () => {
    const counts = new Map<string, number>();
    for (let b = 0; b < 256; b++) {
      const c = pairingCodeFrom(Uint8Array.from([b, 0, 0, 0, 0, 0]))[0];
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect([...counts.values()].every((n) => n === 8)).toBe(true);
  });

  it('read look-alike letters as the digits people meant', () => {
    expect(normalisePairingCode('O1L-IU2')).toBe('0111V2');
  });

  it('refuse what cannot be a code', () => {
    for (const input of ['', '12345', '1234567', 'ABC#12', 'ẮBC123']) expect(normalisePairingCode(input)).toBeNull();
  });
});
