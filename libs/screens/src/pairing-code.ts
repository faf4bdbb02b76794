/**
 * Pairing codes: what an unpaired screen shows and an operator types. Crockford's base-32
 * alphabet has no two characters that look alike (no I, L, O or U), so six characters carry
 * exactly 30 bits, and what people misread (O for 0, I or L for 1) is read the way they meant.
 */
export const PAIRING_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const PAIRING_CODE_LENGTH = 6;
/** log2(32^6) = 30 bits: one chance in a billion per guess; claims are throttled on top. */
export const PAIRING_CODE_BITS = PAIRING_CODE_LENGTH * Math.log2(PAIRING_ALPHABET.length);

/** A code from random bytes (one byte per character: 256 is a multiple of 32, so no bias). */
export function pairingCodeFrom(random: Uint8Array): string {
  if (random.length < PAIRING_CODE_LENGTH) throw new Error(`need ${PAIRING_CODE_LENGTH} random bytes`);
  let code = '';
  for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += PAIRING_ALPHABET[random[i] % PAIRING_ALPHABET.length];
  return code;
}

const READ_AS: Record<string, string> = { O: '0', I: '1', L: '1', U: 'V' };

/**
 * What an operator typed, as the code it must be: case, spaces and dashes do not matter, and
 * look-alike letters count as the digits they resemble. Null when it cannot be a code.
 */
export function normalisePairingCode(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[OILU]/g, (c) => READ_AS[c]);
  if (cleaned.length !== PAIRING_CODE_LENGTH) return null;
  for (const c of cleaned) if (!PAIRING_ALPHABET.includes(c)) return null;
  return cleaned;
}

/** "7KQ-2MX": three and three, the way the screen shows it and people read it out. */
export function formatPairingCode(code: string): string {
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}
