/** A LIKE pattern that finds `text` anywhere, with LIKE's own wildcards taken literally (use ESCAPE '\'). */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
