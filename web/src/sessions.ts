// Sessions: the browser holds one signed, HttpOnly cookie with a random session id, never a token;
// what the session knows (who signed in, their tokens, the sign-in in progress, forms' drafts and
// the CSRF token) is kept on the server, in this process's memory by default or in Redis when
// WEB_REDIS_URL is set, so several replicas share them. Every POST must carry the session's CSRF
// token (`_csrf`), checked before any work.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';

/** Who is signed in, as the provider's ID token and the hub's access token say. */
export interface SignedInUser {
  subject: string;
  name: string;
  email: string;
  /** The role the hub knows the person by (the access token's `role`). */
  role: string;
}

export interface SessionTokens {
  accessToken: string;
  /** When the access token expires (ms since the epoch). */
  expiresAtMs: number;
  refreshToken?: string;
  /** For the provider's sign-out (RP-initiated logout). */
  idToken?: string;
}

export interface SessionData {
  csrf: string;
  user?: SignedInUser;
  tokens?: SessionTokens;
  /** A sign-in in progress: PKCE verifier, state and nonce, and the page to come back to. */
  signIn?: { codeVerifier: string; state: string; nonce: string; returnTo: string };
  /** Form drafts of multi-page journeys (the report-a-crime answers), by journey. */
  drafts?: Record<string, Record<string, string>>;
  /** A message for the next page (GOV.UK notification banner). */
  flash?: { title: string; html?: string; text?: string };
}

export interface SessionStore {
  get(id: string): Promise<SessionData | undefined>;
  set(id: string, data: SessionData, ttlSeconds: number): Promise<void>;
  destroy(id: string): Promise<void>;
  close(): Promise<void>;
}

/** Sessions in this process's memory, forgotten at restart, at most `capacity` (the oldest go first). */
export class MemorySessionStore implements SessionStore {
  private readonly entries = new Map<string, { json: string; expiresAtMs: number }>();
  constructor(private readonly capacity = 50_000) {}

  async get(id: string): Promise<SessionData | undefined> {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= Date.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return JSON.parse(entry.json) as SessionData;
  }

  async set(id: string, data: SessionData, ttlSeconds: number): Promise<void> {
    this.entries.delete(id);
    while (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(id, { json: JSON.stringify(data), expiresAtMs: Date.now() + ttlSeconds * 1000 });
  }

  async destroy(id: string): Promise<void> {
    this.entries.delete(id);
  }

  async close(): Promise<void> {}
}

/** Sessions in Redis under `web:session:<id>`, each expiring `ttlSeconds` after its last change. */
export class RedisSessionStore implements SessionStore {
  private readonly redis: Redis;
  constructor(url: string) {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
    // A Redis that is down makes each page that needs a session fail with the error page; it is
    // logged there. Without a listener ioredis would print every reconnection attempt.
    this.redis.on('error', () => undefined);
  }

  private key(id: string): string {
    return `web:session:${id}`;
  }

  async get(id: string): Promise<SessionData | undefined> {
    const json = await this.redis.get(this.key(id));
    return json === null ? undefined : (JSON.parse(json) as SessionData);
  }

  async set(id: string, data: SessionData, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.key(id), JSON.stringify(data), 'EX', ttlSeconds);
  }

  async destroy(id: string): Promise<void> {
    await this.redis.del(this.key(id));
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

export const sessionCookie = 'session';
const idPattern = /^[A-Za-z0-9_-]{43}$/;

declare module 'fastify' {
  interface FastifyRequest {
    /** The session, loaded from the store; created (and its cookie set) on first use by `session()`. */
    session(): Promise<SessionData>;
    /** The session if the browser has one, without creating it. */
    existingSession(): Promise<SessionData | undefined>;
    /** Saves the session's changes (and sets its cookie). */
    saveSession(data: SessionData): Promise<void>;
    /** Forgets the session, and starts a new one next time (after sign-in and sign-out: no fixation). */
    endSession(): Promise<void>;
  }
}

export interface SessionOptions {
  store: SessionStore;
  secret: string;
  ttlSeconds: number;
  /** Secure cookies: whenever the service's public address is https. */
  secure: boolean;
}

const newId = () => randomBytes(32).toString('base64url');
export const newCsrfToken = () => randomBytes(32).toString('base64url');

/** Sessions and CSRF protection for the app: every POST without the session's `_csrf` gets 403. */
export async function registerSessions(app: FastifyInstance, options: SessionOptions): Promise<void> {
  await app.register(fastifyCookie, { secret: options.secret });
  const state = new WeakMap<FastifyRequest, { id?: string; data?: SessionData; loaded: boolean }>();

  function cookieId(request: FastifyRequest): string | undefined {
    const raw = request.cookies[sessionCookie];
    if (!raw) return undefined;
    const unsigned = request.unsignCookie(raw);
    return unsigned.valid && unsigned.value && idPattern.test(unsigned.value) ? unsigned.value : undefined;
  }

  function setCookie(reply: FastifyReply, id: string): void {
    reply.setCookie(sessionCookie, id, { path: '/', httpOnly: true, secure: options.secure, sameSite: 'lax', signed: true, maxAge: options.ttlSeconds });
  }

  async function load(request: FastifyRequest): Promise<{ id?: string; data?: SessionData; loaded: boolean }> {
    let entry = state.get(request);
    if (!entry) {
      entry = { loaded: false };
      state.set(request, entry);
    }
    if (!entry.loaded) {
      const id = cookieId(request);
      if (id) {
        const data = await options.store.get(id);
        if (data) Object.assign(entry, { id, data });
      }
      entry.loaded = true;
    }
    return entry;
  }

  app.decorateRequest('existingSession', async function (this: FastifyRequest) {
    return (await load(this)).data;
  });
  app.decorateRequest('session', async function (this: FastifyRequest) {
    const entry = await load(this);
    if (!entry.data) {
      entry.id = newId();
      entry.data = { csrf: newCsrfToken() };
      await options.store.set(entry.id, entry.data, options.ttlSeconds);
      const reply = replies.get(this);
      if (reply) setCookie(reply, entry.id);
    }
    return entry.data;
  });
  app.decorateRequest('saveSession', async function (this: FastifyRequest, data: SessionData) {
    const entry = await load(this);
    if (!entry.id) entry.id = newId();
    entry.data = data;
    await options.store.set(entry.id, data, options.ttlSeconds);
    const reply = replies.get(this);
    if (reply) setCookie(reply, entry.id);
  });
  app.decorateRequest('endSession', async function (this: FastifyRequest) {
    const entry = await load(this);
    if (entry.id) await options.store.destroy(entry.id);
    Object.assign(entry, { id: undefined, data: undefined });
    replies.get(this)?.clearCookie(sessionCookie, { path: '/' });
  });

  const replies = new WeakMap<FastifyRequest, FastifyReply>();
  app.addHook('onRequest', async (request, reply) => {
    replies.set(request, reply);
  });

  // CSRF: a form post must carry the token of the session it was rendered in. A post without a
  // session (an expired one, or a forged request from elsewhere) is refused the same way.
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'POST') return;
    const sent = (request.body as Record<string, unknown> | undefined)?._csrf;
    const session = await request.existingSession();
    if (typeof sent !== 'string' || !session || !sameToken(sent, session.csrf)) {
      throw Object.assign(new Error('The form has expired or did not come from this service'), { statusCode: 403 });
    }
  });
  app.addHook('onClose', async () => options.store.close());
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
