import type { MediaCacheReport, PlaylistDocument, PlaylistItem, RenditionRef } from '@loa/protocol';

const MEDIA = 'loa-media';
const CONCURRENCY = 2;

/**
 * Downloads every file the plan needs before it is needed, two at a time, keeps only those whose
 * sha256 matches (where the browser can hash), and evicts what the plan no longer uses. Answers
 * what it then holds of the plan (null where the browser has no Cache API).
 */
export async function fillMediaCache(wanted: readonly RenditionRef[]): Promise<MediaCacheReport | null> {
  if (typeof caches === 'undefined') return null;
  const cache = await caches.open(MEDIA);
  const keep = new Set(wanted.map((r) => new URL(r.url, location.href).href));
  for (const request of await cache.keys()) {
    if (!keep.has(request.url)) await cache.delete(request);
  }
  const missing: RenditionRef[] = [];
  const held = new Set<RenditionRef>();
  for (const r of wanted) {
    if (await cache.match(r.url)) held.add(r);
    else missing.push(r);
  }
  let next = 0;
  const worker = async () => {
    while (next < missing.length) {
      const rendition = missing[next++];
      try {
        const response = await fetch(rendition.url);
        if (!response.ok) continue;
        const body = await response.arrayBuffer();
        if (!(await matches(body, rendition.sha256))) continue;
        await cache.put(
          rendition.url,
          new Response(body, {
            headers: { 'Content-Type': rendition.mimeType, 'Content-Length': String(body.byteLength) },
          }),
        );
        held.add(rendition);
      } catch {
        // offline or interrupted: the next playlist or reconnect tries again
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  let bytes = 0;
  held.forEach((r) => (bytes += r.byteSize));
  return { files: held.size, bytes, missing: wanted.length - held.size };
}

/** Room left for the cache, where the browser says. */
export async function freeBytes(): Promise<number | null> {
  try {
    const { quota, usage } = await navigator.storage.estimate();
    return quota === undefined || usage === undefined ? null : Math.max(0, Math.floor(quota - usage));
  } catch {
    return null;
  }
}

/**
 * The whole, verified file for this URL from the media cache; 'network' where the browser has no
 * Cache API (plain http: nothing can be kept, so the file is played from the server); null when it
 * is not downloaded (yet).
 */
export async function cachedFile(url: string): Promise<Blob | 'network' | null> {
  if (typeof caches === 'undefined') return 'network';
  const hit = await caches.open(MEDIA).then((c) => c.match(url));
  return hit ? hit.blob() : null;
}

async function matches(body: ArrayBuffer, sha256: string): Promise<boolean> {
  // crypto.subtle exists only in secure contexts (https, localhost): elsewhere, trust the hash-named URL
  if (typeof crypto === 'undefined' || !crypto.subtle) return true;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('') === sha256;
}

/** The file of each item the player would pick, to download ahead. */
export function renditionsOf(
  document: PlaylistDocument,
  pick: (item: PlaylistItem) => RenditionRef | null,
): RenditionRef[] {
  const out: RenditionRef[] = [];
  for (const item of document.items) {
    const chosen = pick(item);
    if (chosen) out.push(chosen);
  }
  return out;
}
