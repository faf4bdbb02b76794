import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';

/** argon2id behind one class: the only place that knows how passwords are stored. */
@Injectable()
export class PasswordHasher {
  // A real hash of a random value, so that checking an unknown email costs the same time.
  private readonly decoy = argon2.hash(randomBytes(16).toString('hex'), { type: argon2.argon2id });

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash ?? (await this.decoy), password);
    } catch {
      return false;
    }
  }

  /** A one-time password people can read out and type: 4 groups of 4 unambiguous characters. */
  oneTimePassword(): string {
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
    const chars = [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]);
    return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
  }
}
