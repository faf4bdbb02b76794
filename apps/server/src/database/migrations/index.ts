import { Foundation1763800000000 } from './1763800000000-foundation.js';

/** Every migration, in order. Listed explicitly: ESM has no glob loading, and order is history. */
export const MIGRATIONS = [Foundation1763800000000];
