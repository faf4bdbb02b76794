import { type DragEvent, useCallback, useEffect, useRef, useState } from 'react';
import { formatBytes } from '@loa/i18n';
import type { Creative, CreativeKind, Page, ReviewState } from '../api.js';
import { useLanguage } from '../i18n.js';
import { useSession } from '../session.js';

interface Upload {
  readonly key: string;
  readonly name: string;
  progress: number;
  creativeId: string | null;
  error: string | null;
}

const POLL_MS = 1000;

/** The media library: drop many files, watch each upload and its processing, send drafts for approval. */
export function Media() {
  const { t } = useLanguage();
  const { api } = useSession();
  const [items, setItems] = useState<Creative[] | null>(null);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [kind, setKind] = useState<CreativeKind | ''>('');
  const [review, setReview] = useState<ReviewState | ''>('');
  const [q, setQ] = useState('');
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const load = useCallback(() => {
    const query = new URLSearchParams({ pageSize: '100' });
    if (kind) query.set('kind', kind);
    if (review) query.set('review', review);
    if (q.trim()) query.set('q', q.trim());
    return api.get<Page<Creative>>(`/api/creatives?${query.toString()}`).then(
      (page) => setItems(page.items),
      (problem: Error) => setError(problem.message),
    );
  }, [api, kind, review, q]);

  useEffect(() => void load(), [load]);
  // while anything is being processed, look again every second: its progress bar moves
  const busy = (items ?? []).some((c) => c.status === 'processing') || uploads.some((u) => u.progress < 1 && !u.error);
  useEffect(() => {
    if (!busy) return;
    const timer = window.setInterval(() => void load(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [busy, load]);

  const add = (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      const upload: Upload = {
        key: `${file.name}-${Math.random()}`,
        name: file.name,
        progress: 0,
        creativeId: null,
        error: null,
      };
      setUploads((all) => [upload, ...all]);
      const update = (change: Partial<Upload>) =>
        setUploads((all) => all.map((u) => (u.key === upload.key ? { ...u, ...change } : u)));
      api
        .upload('/api/creatives', file, { title: file.name.replace(/\.[^.]+$/, '') }, (progress) =>
          update({ progress }),
        )
        .then(
          (creativeId) => {
            update({ progress: 1, creativeId });
            void load();
          },
          (problem: Error) => update({ error: problem.message }),
        );
    }
  };

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    add(event.dataTransfer.files);
  };

  const submit = async (id: string) => {
    try {
      await api.post(`/api/creatives/${id}/submit`);
      await load();
    } catch (problem) {
      setError((problem as Error).message);
    }
  };

  const known = new Set((items ?? []).map((c) => c.id));
  return (
    <section>
      <h1>{t('media.title')}</h1>
      <div
        className={`dropzone ${dragging ? 'over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
      >
        <p>{t('media.drop')}</p>
        <button type="button" onClick={() => input.current?.click()}>
          {t('media.choose')}
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          accept="image/*,video/*,audio/*"
          data-testid="upload"
          onChange={(e) => {
            add(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      {uploads
        .filter((u) => u.error || !u.creativeId || !known.has(u.creativeId))
        .map((u) => (
          <div className="upload" key={u.key}>
            <span>{u.name}</span>
            {u.error ? (
              <span className="error" role="alert">
                {u.error}
              </span>
            ) : (
              <Progress label={t('media.uploading', { percent: Math.round(u.progress * 100) })} value={u.progress} />
            )}
          </div>
        ))}
      <div className="filters">
        <input type="search" placeholder={t('media.search')} value={q} onChange={(e) => setQ(e.target.value)} />
        <select value={kind} onChange={(e) => setKind(e.target.value as CreativeKind | '')}>
          <option value="">{t('media.allKinds')}</option>
          {(['image', 'video', 'audio'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
        <select value={review} onChange={(e) => setReview(e.target.value as ReviewState | '')}>
          <option value="">{t('media.allReviews')}</option>
          {(['draft', 'submitted', 'approved', 'rejected'] as const).map((r) => (
            <option key={r} value={r}>
              {t(`review.${r}`)}
            </option>
          ))}
        </select>
      </div>
      {error && <p className="error">{error}</p>}
      {items === null && !error && <p className="muted">{t('common.loading')}</p>}
      {items?.length === 0 && <p className="empty">{t('media.empty')}</p>}
      <div className="grid">
        {(items ?? []).map((c) => (
          <article key={c.id} className="tile" data-creative-id={c.id}>
            <CreativeThumbnail creative={c} />
            <strong>{c.title}</strong>
            <span className="muted">
              {t(`kind.${c.kind}`)}
              {c.durationSeconds ? ` · ${Math.round(c.durationSeconds)} s` : ''}
            </span>
            {c.status === 'processing' && (
              <Progress label={t('media.processing', { percent: Math.round(c.progress * 100) })} value={c.progress} />
            )}
            {c.status === 'failed' && <span className="error">{c.failure?.message ?? t('media.failed')}</span>}
            {c.status === 'ready' && (
              <span className="muted">{t('media.renditions', { count: c.renditions.length })}</span>
            )}
            <span className={`badge review-${c.review}`} data-review={c.review}>
              {t(`review.${c.review}`)}
            </span>
            {c.rejectionReason && <span className="error">{c.rejectionReason}</span>}
            {c.status === 'ready' && c.renditions.length > 0 && <RenditionPreviews creative={c} />}
            {c.status === 'ready' && (c.review === 'draft' || c.review === 'rejected') && (
              <button type="button" onClick={() => void submit(c.id)}>
                {t('media.submit')}
              </button>
            )}
          </article>
        ))}
      </div>
    </section>
  );
}

/** The files made for each screen profile, to look at before approving: each as a screen will show it. */
function RenditionPreviews({ creative }: { creative: Creative }) {
  const { t } = useLanguage();
  const [open, setOpen] = useState(false);
  const shown = creative.renditions.filter((r) => r.purpose === 'display' || r.purpose === 'audio');
  return (
    <div className="renditions">
      <button type="button" className="link" onClick={() => setOpen(!open)}>
        {open ? t('media.hidePreviews') : t('media.previews')}
      </button>
      {open &&
        shown.map((r) => (
          <figure key={r.id} data-rendition-id={r.id}>
            {r.mimeType.startsWith('image/') ? (
              <img className="thumb" alt="" loading="lazy" src={r.url} />
            ) : r.mimeType.startsWith('video/') ? (
              <video className="thumb" src={r.url} muted controls preload="metadata" />
            ) : (
              <audio src={r.url} controls preload="none" />
            )}
            <figcaption>
              {r.profiles.length > 0
                ? t('media.profiles', { profiles: r.profiles.join(', ') })
                : t('media.allProfiles')}
              <br />
              <span className="muted">
                {r.width && r.height ? `${r.width} × ${r.height} · ` : ''}
                {r.format.toUpperCase()} · {formatBytes(r.byteSize)}
              </span>
            </figcaption>
          </figure>
        ))}
    </div>
  );
}

export function Progress({ label, value }: { label: string; value: number }) {
  return (
    <div className="progress" role="progressbar" aria-valuenow={Math.round(value * 100)} aria-label={label}>
      <div style={{ width: `${Math.round(value * 100)}%` }} />
      <span>{label}</span>
    </div>
  );
}

export function CreativeThumbnail({ creative }: { creative: Creative }) {
  const src = creative.thumbnailUrl ?? creative.posterUrl;
  return src ? <img className="thumb" alt="" loading="lazy" src={src} /> : <div className="thumb" />;
}
