import type { OperatingWindow, ScreenLayout, ScreenStatus } from '@loa/protocol';
import type { Language } from './i18n.js';

export type Role = 'admin' | 'communications' | 'operator' | 'advertiser';
export type ScreenKind = 'led_outdoor' | 'elevator' | 'transit' | 'web';
export const SCREEN_KINDS: readonly ScreenKind[] = ['led_outdoor', 'elevator', 'transit', 'web'];

export interface Me {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly organisation: { readonly id: string; readonly name: string } | null;
  readonly mustChangePassword: boolean;
  readonly mayTriggerEmergencies: boolean;
}

export interface SignedIn {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly user: Me;
}

/** A screen's status as the API lists it: the live status without what only the socket says. */
export type ScreenStatusView = Omit<ScreenStatus, 'screenId' | 'heldPlaylistVersion'>;

export interface Screen {
  readonly id: string;
  readonly name: string;
  readonly kind: ScreenKind;
  readonly profileKey: string;
  readonly organisationId: string;
  readonly localityId: string;
  readonly venue: string | null;
  readonly address: string | null;
  readonly timezone: string;
  readonly operatingHours: readonly OperatingWindow[] | null;
  readonly layout: ScreenLayout;
  readonly tags: string[];
  readonly paired: boolean;
  readonly manageable: boolean;
  readonly status: ScreenStatusView;
}

export type CreativeKind = 'image' | 'video' | 'audio';
export type ReviewState = 'draft' | 'submitted' | 'approved' | 'rejected';

export interface Rendition {
  readonly id: string;
  readonly purpose: string;
  readonly profiles: readonly string[];
  readonly format: string;
  readonly mimeType: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly byteSize: number;
  readonly url: string;
}

export interface Creative {
  readonly id: string;
  readonly title: string;
  readonly kind: CreativeKind;
  readonly status: 'processing' | 'ready' | 'failed';
  readonly progress: number;
  readonly failure: { readonly message: string } | null;
  readonly review: ReviewState;
  readonly rejectionReason: string | null;
  readonly schedulable: boolean;
  readonly thumbnailUrl: string | null;
  readonly posterUrl: string | null;
  readonly durationSeconds: number | null;
  readonly renditions: readonly Rendition[];
  readonly createdById: string | null;
}

export interface Organisation {
  readonly id: string;
  readonly name: string;
  readonly kind: 'province' | 'district' | 'ward' | 'company';
  readonly parentId: string | null;
  readonly path: string;
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
}

/** An error the server explained: its message is already in the console's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The API as the console uses it: a bearer access token kept in memory, renewed through the
 * httpOnly refresh cookie when it expires, and every answer in the console's language.
 */
export class Api {
  private token: string | null = null;
  private renewing: Promise<SignedIn | null> | null = null;

  constructor(
    private readonly language: () => Language,
    private readonly networkError: () => string,
  ) {}

  get accessToken(): string | null {
    return this.token;
  }

  async login(email: string, password: string): Promise<SignedIn> {
    const signedIn = await this.call<SignedIn>('POST', '/api/auth/login', { email, password }, false);
    this.token = signedIn.accessToken;
    return signedIn;
  }

  /** A new access token from the refresh cookie; null when there is no session. */
  renew(): Promise<SignedIn | null> {
    this.renewing ??= this.call<SignedIn>('POST', '/api/auth/refresh', undefined, false)
      .then((signedIn) => {
        this.token = signedIn.accessToken;
        return signedIn;
      })
      .catch(() => null)
      .finally(() => (this.renewing = null));
    return this.renewing;
  }

  async logout(): Promise<void> {
    await this.call('POST', '/api/auth/logout', undefined, false).catch(() => undefined);
    this.token = null;
  }

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PATCH', path, body);
  }

  /**
   * Uploads a file as multipart form data, telling how much has gone (XMLHttpRequest: fetch
   * cannot report upload progress). Answers the new creative's id.
   */
  upload(
    path: string,
    file: File,
    fields: Record<string, string>,
    onProgress: (fraction: number) => void,
  ): Promise<string> {
    const send = () =>
      new Promise<{ status: number; body: unknown }>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', path);
        xhr.setRequestHeader('Accept-Language', this.language());
        if (this.token) xhr.setRequestHeader('Authorization', `Bearer ${this.token}`);
        xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
        xhr.onload = () => {
          let body: unknown = null;
          try {
            body = JSON.parse(xhr.responseText);
          } catch {
            // not JSON: the status says enough
          }
          resolve({ status: xhr.status, body });
        };
        xhr.onerror = () => reject(new ApiError(0, this.networkError()));
        const form = new FormData();
        for (const [key, value] of Object.entries(fields)) form.append(key, value);
        form.append('file', file, file.name);
        xhr.send(form);
      });
    return send().then(async (answer) => {
      if (answer.status === 401 && (await this.renew())) answer = await send();
      const body = answer.body as { id?: string; message?: string } | null;
      if (answer.status >= 400 || !body?.id) throw new ApiError(answer.status, body?.message ?? String(answer.status));
      return body.id;
    });
  }

  /** A file the API serves behind sign-in (a screenshot), as an object URL. */
  async blob(path: string): Promise<string> {
    const response = await this.send('GET', path, undefined, true);
    return URL.createObjectURL(await response.blob());
  }

  private async call<T>(method: string, path: string, body?: unknown, renewOn401 = true): Promise<T> {
    const response = await this.send(method, path, body, renewOn401);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  private async send(method: string, path: string, body: unknown, renewOn401: boolean): Promise<Response> {
    const attempt = () => {
      const headers: Record<string, string> = { 'Accept-Language': this.language() };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (this.token) headers.Authorization = `Bearer ${this.token}`;
      return fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
      });
    };
    let response: Response;
    try {
      response = await attempt();
      if (response.status === 401 && renewOn401 && (await this.renew())) response = await attempt();
    } catch {
      throw new ApiError(0, this.networkError());
    }
    if (!response.ok) {
      const problem = (await response.json().catch(() => null)) as { message?: string } | null;
      throw new ApiError(response.status, problem?.message ?? response.statusText);
    }
    return response;
  }
}
