import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { FfmpegService } from '../media/ffmpeg.service.js';

export interface DemoPoster {
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly background: string;
  readonly headline: string;
  readonly lines: readonly string[];
}

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** A poster with Vietnamese text, drawn by sharp (librsvg): what the demo campaign shows. */
export function renderPoster(poster: DemoPoster): Promise<Buffer> {
  const { width, height } = poster;
  const em = Math.round(Math.min(width, height * 1.6) / 12);
  const lines = poster.lines
    .map(
      (line, i) =>
        `<text x="50%" y="${Math.round(height * 0.58 + i * em * 0.9)}" font-size="${Math.round(em * 0.5)}">${escapeXml(line)}</text>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="${poster.background}"/>
    <rect x="${width * 0.04}" y="${height * 0.05}" width="${width * 0.92}" height="${height * 0.9}" rx="${em / 2}" fill="none" stroke="#ffffff" stroke-opacity="0.35" stroke-width="${Math.max(2, em / 12)}"/>
    <g font-family="sans-serif" fill="#ffffff" text-anchor="middle">
      <text x="50%" y="${Math.round(height * 0.42)}" font-size="${em}" font-weight="700">${escapeXml(poster.headline)}</text>
      ${lines}
    </g>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A short H.264 clip made by ffmpeg from landscape posters, one after the other: the demo's video. */
export async function renderClip(
  ffmpeg: FfmpegService,
  dir: string,
  frames: readonly Buffer[],
  secondsEach: number,
): Promise<string> {
  const inputs: string[] = [];
  for (const [i, frame] of frames.entries()) {
    const path = join(dir, `demo-frame-${i}.png`);
    await writeFile(path, frame);
    inputs.push('-loop', '1', '-t', String(secondsEach), '-i', path);
  }
  const out = join(dir, 'demo-clip.mp4');
  const concat = frames.map((_, i) => `[${i}:v]scale=1280:720,setsar=1,fps=25[v${i}]`).join(';');
  const joined = frames.map((_, i) => `[v${i}]`).join('');
  await ffmpeg.run([
    '-hide_banner',
    '-nostdin',
    '-y',
    '-loglevel',
    'error',
    ...inputs,
    '-filter_complex',
    `${concat};${joined}concat=n=${frames.length}:v=1:a=0,format=yuv420p[out]`,
    '-map',
    '[out]',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-movflags',
    '+faststart',
    out,
  ]);
  return out;
}

/** The hash and size of a file, as the creative intake wants them. */
export async function described(path: string): Promise<{ sha256: string; byteSize: number }> {
  const bytes = await readFile(path);
  return { sha256: createHash('sha256').update(bytes).digest('hex'), byteSize: (await stat(path)).size };
}
