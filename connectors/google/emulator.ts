/**
 * A local HTTP server speaking the Google My Business API v4 reviews resource as documented
 * (accounts.locations.reviews list/get, updateReply, deleteReply) with Google's error envelope.
 * Used by tests and demo mode.
 *
 * No real review response was ever recorded in public; the Review shape follows the reference
 * docs (PLATFORMS.md §7, test/fixtures/platforms/google/reviews_list.docs.json). Simplifications:
 * no quota unless failNext(429) says so; page tokens are the emulator's own; averageRating is a plain
 * mean; whether an owner reply moves the review's updateTime is a switch (replyBumpsUpdateTime),
 * since the docs do not say; timestamps carry nanoseconds like the API's. Review photos (addReview's
 * `photos`) are listed as reviewMediaItems and served under /media/ (a PNG), for googleusercontent.com.
 */
import { LoopbackEmulator } from '../loopback-server.js';
import http from 'node:http';
import { serveMediaPath } from '../emulator-media.js';
import { OAuthEmulator } from '../oauth-emulator.js';

type Json = Record<string, unknown>;
export type StarRating = 'ONE' | 'TWO' | 'THREE' | 'FOUR' | 'FIVE';
export type GoogleFailStatus = 400 | 401 | 403 | 404 | 429 | 500 | 503;

export interface GoogleLocation {
  accountId: string;
  locationId: string;
  token: string;
  /** The location's name in the owner's lists (Business Information API `title`). */
  title?: string;
}

export interface GoogleReplyRecord {
  accountId: string;
  locationId: string;
  reviewId: string;
  comment: string;
  updateTime: string;
  at: Date;
}

export interface GoogleRequestLogEntry {
  method: string;
  path: string;
  query: string;
  status: number;
}

interface ReviewRecord {
  location: string;
  reviewId: string;
  displayName: string;
  profilePhotoUrl?: string;
  isAnonymous: boolean;
  starRating: StarRating;
  comment?: string;
  createTime: string;
  updateTime: string;
  reply?: { comment: string; updateTime: string };
  /** Photo URLs (reviewMediaItems), served by this emulator under /media/. */
  photos?: string[];
  /** Served verbatim instead of the fields above. */
  raw?: unknown;
}

interface FailRule {
  status: GoogleFailStatus;
  remaining: number;
  path?: RegExp;
  retryAfter?: string;
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const CANONICAL: Record<GoogleFailStatus, [string, string]> = {
  400: ['INVALID_ARGUMENT', 'Request contains an invalid argument.'],
  401: [
    'UNAUTHENTICATED',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
  ],
  403: ['PERMISSION_DENIED', 'The caller does not have permission'],
  404: ['NOT_FOUND', 'Requested entity was not found.'],
  429: [
    'RESOURCE_EXHAUSTED',
    "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute' of service 'mybusiness.googleapis.com' for consumer 'project_number:000000000000'.",
  ],
  500: ['INTERNAL', 'Internal error encountered.'],
  503: ['UNAVAILABLE', 'The service is currently unavailable.'],
};

/** Google's error envelope. */
export function googleErrorBody(status: GoogleFailStatus, message?: string): Json {
  const [canonical, text] = CANONICAL[status];
  return { error: { code: status, message: message ?? text, status: canonical } };
}

const STARS: Record<StarRating, number> = { ONE: 1, TWO: 2, THREE: 3, FOUR: 4, FIVE: 5 };

export class GoogleReviewsEmulator extends LoopbackEmulator {
  readonly replies: GoogleReplyRecord[] = [];
  readonly requestLog: GoogleRequestLogEntry[] = [];
  /** Whether the owner's reply moves the review's updateTime (undocumented either way). */
  replyBumpsUpdateTime = false;

  private readonly maxPageSize: number;
  private nextId = 1;
  private nanoCounter = 0;
  private readonly locations = new Map<string, GoogleLocation>();
  private readonly tokens = new Map<string, string>();
  private readonly revoked = new Set<string>();
  private readonly reviews = new Map<string, ReviewRecord>();
  private readonly failRules: FailRule[] = [];

  /** Tokens from the OAuth flow: their owner manages every location. */
  private readonly ownerTokens = new Set<string>();
  /** Google OAuth 2.0 (o/oauth2/v2/auth, token, revoke), v1/accounts and v1/accounts/{a}/locations (connectors/oauth-emulator.ts). */
  readonly oauth: OAuthEmulator;

  constructor(opts: { port?: number; maxPageSize?: number } = {}) {
    super(opts.port ?? 0);
    this.oauth = new OAuthEmulator({
      platformName: 'Google Business Profile',
      paths: { authorize: /^\/o\/oauth2\/v2\/auth$/, token: /^\/token$/, revoke: /^\/revoke$/ },
      pkce: 'optional',
      expiresIn: 3599,
      refresh: true,
      identities: () => [{ id: 'owner', label: 'Business owner (emulator)' }],
      grant: (token) => void this.ownerTokens.add(token),
      revoke: (token) => this.revokeToken(token),
      lists: [
        { pattern: /^\/v1\/accounts$/, render: () => ({ status: 200, body: this.accountList() }) },
        { pattern: /^\/v1\/accounts\/([^/]+)\/locations$/, render: (_owner, match) => ({ status: 200, body: this.locationList(decodeURIComponent(match[1]!)) }) },
      ],
    });
    this.maxPageSize = Math.max(1, Math.min(opts.maxPageSize ?? 50, 50));
  }

  addLocation(l: GoogleLocation): void {
    const key = `${l.accountId}/${l.locationId}`;
    this.locations.set(key, l);
    this.tokens.set(l.token, key);
  }

  private accountList(): Record<string, unknown> {
    const ids = [...new Set([...this.locations.values()].map((l) => l.accountId))];
    return { accounts: ids.map((id) => ({ name: `accounts/${id}`, accountName: `Account ${id}`, type: 'LOCATION_GROUP', verificationState: 'VERIFIED' })) };
  }

  private locationList(accountId: string): Record<string, unknown> {
    const locations = [...this.locations.values()].filter((l) => l.accountId === accountId);
    return { locations: locations.map((l) => ({ name: `locations/${l.locationId}`, title: l.title ?? `Location ${l.locationId}` })) };
  }

  /** A review as the reviewer writes it; returns its reviewId. */
  addReview(r: {
    accountId: string;
    locationId: string;
    starRating: StarRating;
    comment?: string;
    displayName?: string;
    isAnonymous?: boolean;
    profilePhotoUrl?: string;
    reviewId?: string;
    createTime?: Date;
    /** How many photos the reviewer added (PNG files this emulator serves). */
    photos?: number;
  }): string {
    const reviewId = r.reviewId ?? this.claimId();
    const at = this.stamp(r.createTime ?? new Date());
    const record: ReviewRecord = {
      location: `${r.accountId}/${r.locationId}`,
      reviewId,
      displayName: r.isAnonymous ? 'A Google User' : (r.displayName ?? 'A Google User'),
      isAnonymous: r.isAnonymous ?? false,
      starRating: r.starRating,
      createTime: at,
      updateTime: at,
    };
    if (r.comment !== undefined) record.comment = r.comment;
    if (r.profilePhotoUrl) record.profilePhotoUrl = r.profilePhotoUrl;
    if (r.photos) record.photos = Array.from({ length: r.photos }, (_, i) => this.mediaUrl(`review-${reviewId}-${i + 1}.jpg`));
    this.reviews.set(reviewId, record);
    return reviewId;
  }

  /** Serves `review` verbatim, ordered by its updateTime (or now when it has none). */
  addRawReview(accountId: string, locationId: string, review: unknown, updateTime: Date = new Date()): void {
    const r = (typeof review === 'object' && review !== null ? review : {}) as Json;
    const reviewId = typeof r.reviewId === 'string' && r.reviewId ? r.reviewId : this.claimId();
    const time = typeof r.updateTime === 'string' ? r.updateTime : this.stamp(updateTime);
    this.reviews.set(reviewId, {
      location: `${accountId}/${locationId}`,
      reviewId,
      displayName: '',
      isAnonymous: false,
      starRating: 'ONE',
      createTime: time,
      updateTime: time,
      raw: review,
    });
  }

  /** The reviewer edits the review: a new updateTime puts it back on top. */
  editReview(reviewId: string, change: { comment?: string; starRating?: StarRating; at?: Date }): string {
    const r = this.reviews.get(reviewId);
    if (!r) throw new Error(`no review ${reviewId}`);
    if (change.comment !== undefined) r.comment = change.comment;
    if (change.starRating) r.starRating = change.starRating;
    r.updateTime = this.stamp(change.at ?? new Date());
    return r.updateTime;
  }

  failNext(status: GoogleFailStatus, opts: { count?: number; path?: RegExp; retryAfter?: number | string } = {}): void {
    const rule: FailRule = { status, remaining: opts.count ?? 1 };
    if (opts.path) rule.path = opts.path;
    if (opts.retryAfter !== undefined) rule.retryAfter = String(opts.retryAfter);
    this.failRules.push(rule);
  }

  clearFailures(): void {
    this.failRules.length = 0;
  }

  /** The grant was revoked or expired: 401 UNAUTHENTICATED. */
  revokeToken(token: string): void {
    this.revoked.add(token);
  }

  restoreToken(token: string): void {
    this.revoked.delete(token);
  }

  // ---- helpers ----

  private claimId(): string {
    // Real reviewIds are long opaque strings; these keep that look.
    return `AbFvOq${(this.nextId++).toString().padStart(6, '0')}x-emuReview`;
  }

  /** RFC 3339 with nanoseconds, unique per call, like `2026-11-20T09:15:00.123456789Z`. */
  private stamp(at: Date): string {
    const extra = (this.nanoCounter++ % 1_000_000).toString().padStart(6, '0');
    return `${at.toISOString().slice(0, 23)}${extra}Z`;
  }

  private sortKey(r: ReviewRecord): string {
    const m = /^(.{19})(?:\.(\d{1,9}))?Z$/.exec(r.updateTime);
    return m ? `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}` : r.updateTime;
  }

  private reviewJson(r: ReviewRecord, accountId: string, locationId: string): unknown {
    if (r.raw !== undefined) return r.raw;
    const reviewer: Json = { displayName: r.displayName, isAnonymous: r.isAnonymous };
    if (r.profilePhotoUrl) reviewer.profilePhotoUrl = r.profilePhotoUrl;
    const out: Json = {
      name: `accounts/${accountId}/locations/${locationId}/reviews/${r.reviewId}`,
      reviewId: r.reviewId,
      reviewer,
      starRating: r.starRating,
    };
    if (r.comment !== undefined) out.comment = r.comment;
    out.createTime = r.createTime;
    out.updateTime = r.updateTime;
    if (r.reply) out.reviewReply = { comment: r.reply.comment, updateTime: r.reply.updateTime };
    if (r.photos?.length) out.reviewMediaItems = r.photos.map((googleUrl) => ({ mediaFormat: 'PHOTO', googleUrl }));
    return out;
  }

  // ---- HTTP ----

  protected override onRequest(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): void {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = req.method ?? 'GET';
    if (this.oauth.handle(req, res, rawBody)) {
      this.requestLog.push({ method, path: url.pathname, query: '', status: res.statusCode });
      return;
    }
    const served = serveMediaPath(req, res, url.pathname);
    if (served !== undefined) {
      this.requestLog.push({ method, path: url.pathname, query: url.search.slice(1), status: served });
      return;
    }
    const reply = this.dispatch(req, method, url, rawBody);
    this.requestLog.push({ method, path: url.pathname, query: url.search.slice(1), status: reply.status });
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8', ...reply.headers });
    res.end(JSON.stringify(reply.body));
  }

  private fail(status: GoogleFailStatus, message?: string, headers?: Record<string, string>): Reply {
    const reply: Reply = { status, body: googleErrorBody(status, message) };
    if (headers) reply.headers = headers;
    return reply;
  }

  private dispatch(req: http.IncomingMessage, method: string, url: URL, rawBody: string): Reply {
    const rule = this.failRules.find((r) => r.remaining > 0 && (!r.path || r.path.test(url.pathname)));
    if (rule) {
      rule.remaining--;
      if (rule.remaining === 0) this.failRules.splice(this.failRules.indexOf(rule), 1);
      return this.fail(rule.status, undefined, rule.retryAfter !== undefined ? { 'retry-after': rule.retryAfter } : undefined);
    }
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
    const granted = this.revoked.has(token) ? undefined : (this.tokens.get(token) ?? (this.ownerTokens.has(token) ? 'owner' : undefined));
    if (!granted) return this.fail(401);
    const m = /^\/v4\/accounts\/([^/]+)\/locations\/([^/]+)\/reviews(?:\/([^/]+)(\/reply)?)?$/.exec(url.pathname);
    if (!m) return this.fail(404);
    const [, accountId, locationId, reviewId, reply] = m.map((s) => (s === undefined ? undefined : decodeURIComponent(s)));
    const key = `${accountId}/${locationId}`;
    if (!this.locations.has(key)) return this.fail(404);
    if (granted !== key && granted !== 'owner') return this.fail(403);
    if (!reviewId && method === 'GET') return this.list(key, accountId!, locationId!, url.searchParams);
    const review = reviewId ? this.reviews.get(reviewId) : undefined;
    if (!review || review.location !== key) return this.fail(404);
    if (!reply && method === 'GET') return { status: 200, body: this.reviewJson(review, accountId!, locationId!) };
    if (reply && method === 'PUT') return this.putReply(review, accountId!, locationId!, rawBody);
    if (reply && method === 'DELETE') {
      delete review.reply;
      return { status: 200, body: {} };
    }
    return this.fail(404);
  }

  private list(key: string, accountId: string, locationId: string, q: URLSearchParams): Reply {
    const size = Number(q.get('pageSize') ?? '50');
    if (!Number.isInteger(size) || size < 1 || size > 50) return this.fail(400, 'pageSize must be between 1 and 50.');
    const orderBy = q.get('orderBy') ?? 'updateTime desc';
    if (!['updateTime desc', 'rating', 'rating desc'].includes(orderBy)) return this.fail(400, `Invalid orderBy: ${orderBy.slice(0, 40)}`);
    const all = [...this.reviews.values()].filter((r) => r.location === key);
    if (all.length === 0) return { status: 200, body: {} };
    const byTime = (a: ReviewRecord, b: ReviewRecord) => (this.sortKey(a) < this.sortKey(b) ? 1 : this.sortKey(a) > this.sortKey(b) ? -1 : a.reviewId < b.reviewId ? 1 : -1);
    const sorted =
      orderBy === 'updateTime desc'
        ? all.sort(byTime)
        : all.sort((a, b) => (STARS[a.starRating] - STARS[b.starRating]) * (orderBy === 'rating' ? 1 : -1) || byTime(a, b));
    let offset = 0;
    const token = q.get('pageToken');
    if (token) {
      const n = Number(Buffer.from(token, 'base64url').toString().replace(/^page:/, ''));
      if (!Number.isInteger(n) || n < 0) return this.fail(400, 'Invalid page token.');
      offset = n;
    }
    const limit = Math.min(size, this.maxPageSize);
    const page = sorted.slice(offset, offset + limit);
    const body: Json = {};
    if (page.length) body.reviews = page.map((r) => this.reviewJson(r, accountId, locationId));
    const rated = all.filter((r) => r.raw === undefined);
    if (rated.length) body.averageRating = Math.round((rated.reduce((s, r) => s + STARS[r.starRating], 0) / rated.length) * 10) / 10;
    body.totalReviewCount = all.length;
    if (offset + limit < sorted.length) body.nextPageToken = Buffer.from(`page:${offset + limit}`).toString('base64url');
    return { status: 200, body };
  }

  private putReply(review: ReviewRecord, accountId: string, locationId: string, rawBody: string): Reply {
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : {};
    } catch {
      return this.fail(400, 'Invalid JSON payload received.');
    }
    const comment = typeof body === 'object' && body !== null ? (body as Json).comment : undefined;
    if (typeof comment !== 'string' || !comment) return this.fail(400, 'Reply comment is required.');
    const updateTime = this.stamp(new Date());
    review.reply = { comment, updateTime };
    if (this.replyBumpsUpdateTime) review.updateTime = updateTime;
    this.replies.push({ accountId, locationId, reviewId: review.reviewId, comment, updateTime, at: new Date() });
    return { status: 200, body: { comment, updateTime } };
  }
}

/** Demo content for one location: six reviews, mostly Dutch, one French, one English, one rating only. */
export function seedDemo(emulator: GoogleReviewsEmulator, account: { accountId: string; locationId: string; accessToken: string }): string[] {
  emulator.addLocation({ accountId: account.accountId, locationId: account.locationId, token: account.accessToken });
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);
  const base = { accountId: account.accountId, locationId: account.locationId };
  return [
    emulator.addReview({ ...base, starRating: 'FOUR', displayName: 'An Peeters', createTime: hoursAgo(30), comment: 'Vriendelijk onthaal. Kan je op zaterdag ook terecht voor een nieuwe identiteitskaart, of enkel op afspraak in de week?' }),
    emulator.addReview({
      ...base,
      starRating: 'ONE',
      displayName: 'Jonas Van den Broeck',
      createTime: hoursAgo(26),
      comment: 'Op 3 november een afspraak gehad voor mijn omgevingsvergunning (dossier OMV-2026-0457). Er werd beloofd dat ik binnen de week teruggebeld zou worden, ik heb nooit iets gehoord. Ik dien hierbij formeel klacht in.',
    }),
    emulator.addReview({ ...base, starRating: 'TWO', displayName: 'Sofie Maes', createTime: hoursAgo(20), comment: 'Anderhalf uur gewacht en maar één loket open. Dat moet toch beter kunnen.' }),
    emulator.addReview({ ...base, starRating: 'THREE', displayName: 'Marie Dubois', createTime: hoursAgo(12), comment: "Personnel aimable, mais aucune information en français sur le site pour prendre rendez-vous. Dommage." }),
    emulator.addReview({ ...base, starRating: 'FIVE', displayName: 'Oliver Grant', createTime: hoursAgo(6), comment: 'Quick and friendly help registering my new address. Thank you!' }),
    emulator.addReview({ ...base, starRating: 'FIVE', isAnonymous: true, createTime: hoursAgo(2) }),
  ];
}
