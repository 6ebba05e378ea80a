import { combinedRows, firstWindow, moreAvailable, planLoadMore, type PageWindow } from "./core/pages.js";
import { Pacer } from "./core/pacer.js";
import { decideOnClose, defaultBackoff, refreshDelay, type BackoffOptions } from "./core/policy.js";
import {
  parseServerMessage,
  type ClientMessage,
  type ErrorMessage,
  type Filter,
  type Mode,
  type Row,
  type ServerMessage,
} from "./core/protocol.js";
import { subscribeMessage } from "./core/subscribe.js";
import { applyMessage, restartView, rowComparator } from "./core/view.js";

/** The part of the WHATWG WebSocket the client uses. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface ClientOptions {
  /** `ws(s)://host/live`; several URLs (gateway instances) are tried in turn after a 1001 or a lost connection. */
  url: string | readonly string[];
  /** Called on connect, before the token expires (in-band refresh) and after a 4401. */
  getToken: () => string | Promise<string>;
  /** Defaults to the global `WebSocket` (browsers, Node ≥ 22). */
  WebSocket?: WebSocketConstructor;
  backoff?: Partial<BackoffOptions>;
  /** Idle interval between pings; a missing pong within `pongTimeoutMs` counts as a lost connection. */
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  /** How long `sync()` waits for `synced` before rejecting. */
  syncTimeoutMs?: number;
  /** Frames per second the client sends at most (the gateway refuses more than 50 by default). */
  maxMessagesPerSecond?: number;
  random?: () => number;
}

export type ConnectionStatus = "connecting" | "open" | "reconnecting" | "closed" | "error";
export type LiveStatus = "loading" | "live" | "reconnecting" | "error";

export class KeepliveError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "KeepliveError";
  }
}

export interface LiveQuerySpec {
  resource: string;
  /** A single record by id; excludes filter/sort/limit. */
  key?: string;
  filter?: Filter;
  sort?: string[];
  /** Rows per page (default 50). */
  limit?: number;
}

export interface LiveOptions {
  mode?: Mode;
  /** Upper bound of one window's `limit` (the gateway's default maximum is 500). */
  maxLimit?: number;
}

export interface LiveSnapshot<R extends Row = Row> {
  readonly rows: readonly R[];
  readonly status: LiveStatus;
  readonly error?: KeepliveError;
  readonly hasMore: boolean;
  /** The tenant position the view reflects (§4.1), when the gateway sends it. */
  readonly at?: string;
}

export interface LiveQuery<R extends Row = Row> extends LiveSnapshot<R>, AsyncIterable<LiveSnapshot<R>> {
  /** Calls `listener` with the current snapshot now and after every change; returns an unsubscribe function. */
  subscribe(listener: (snapshot: LiveSnapshot<R>) => void): () => void;
  /** Opens the next page of a list (no-op when there is none yet). */
  loadMore(): boolean;
  close(): void;
}

export interface KeepliveClient {
  live<R extends Row = Row>(query: LiveQuerySpec, options?: LiveOptions): LiveQuery<R>;
  /** Resolves once every view of this client reflects the tenant's writes up to `position` (§4.1). */
  sync(position: string): Promise<void>;
  readonly status: ConnectionStatus;
  readonly error?: KeepliveError;
  readonly identity?: { user: string; tenant: string; expiresAt: string };
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  close(): void;
}

interface Sub {
  query: LiveQueryImpl;
  index: number;
}

interface PendingSync {
  position: string;
  resolve: () => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

const OPEN = 1;

export function createClient(options: ClientOptions): KeepliveClient {
  return new Client(options);
}

class Client implements KeepliveClient {
  status: ConnectionStatus = "connecting";
  error?: KeepliveError;
  identity?: { user: string; tenant: string; expiresAt: string };

  private readonly urls: readonly string[];
  private urlIndex = 0;
  private readonly Ws: WebSocketConstructor;
  private readonly backoff: BackoffOptions;
  private readonly random: () => number;
  private ws?: WebSocketLike;
  private authed = false;
  private attempt = 0;
  private freshToken = true;
  private token?: string;
  private closed = false;
  private queryCount = 0;
  private subCount = 0;
  private refCount = 0;
  private readonly queries = new Set<LiveQueryImpl>();
  readonly subs = new Map<string, Sub>();
  private readonly syncs = new Map<string, PendingSync>();
  private readonly statusListeners = new Set<(s: ConnectionStatus) => void>();
  private timers: ReturnType<typeof setTimeout>[] = [];
  private pongTimer?: ReturnType<typeof setTimeout>;
  private outbox: string[] = [];
  private pacer?: Pacer;
  private flushTimer?: ReturnType<typeof setTimeout>;

  constructor(private readonly options: ClientOptions) {
    this.urls = typeof options.url === "string" ? [options.url] : [...options.url];
    const Ws = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Ws) throw new KeepliveError("no_websocket", "no WebSocket: pass options.WebSocket");
    this.Ws = Ws;
    this.backoff = { ...defaultBackoff, ...options.backoff };
    this.random = options.random ?? Math.random;
    void this.connect();
  }

  live<R extends Row = Row>(query: LiveQuerySpec, options: LiveOptions = {}): LiveQuery<R> {
    const q = new LiveQueryImpl(this, `q${++this.queryCount}`, query, options);
    this.queries.add(q);
    if (this.authed) q.windows.forEach((_, i) => this.subscribeWindow(q, i));
    return q as unknown as LiveQuery<R>;
  }

  sync(position: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const ref = `s${++this.refCount}`;
      const timer = setTimeout(
        () => this.settleSync(ref, new KeepliveError("sync_timeout", `no synced for ${position}`)),
        this.options.syncTimeoutMs ?? 15_000,
      );
      this.syncs.set(ref, { position, resolve, reject, timer });
      if (this.authed) this.send({ type: "sync", ref, position });
    });
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const q of [...this.queries]) q.close();
    for (const ref of [...this.syncs.keys()]) this.settleSync(ref, new KeepliveError("closed", "client closed"));
    this.clearTimers();
    const ws = this.ws;
    this.detach();
    ws?.close(1000, "client closed");
    this.setStatus("closed");
  }

  // ---- connection --------------------------------------------------------------------------

  private async connect(): Promise<void> {
    if (this.closed) return;
    this.setStatus(this.attempt === 0 && !this.identity ? "connecting" : "reconnecting");
    try {
      if (this.freshToken || this.token === undefined) {
        this.token = await this.options.getToken();
        this.freshToken = false;
      }
    } catch (e) {
      this.retry(1006, `getToken failed: ${String(e)}`);
      return;
    }
    if (this.closed) return;
    let ws: WebSocketLike;
    try {
      ws = new this.Ws(this.urls[this.urlIndex % this.urls.length]!);
    } catch (e) {
      this.retry(1006, String(e));
      return;
    }
    this.ws = ws;
    this.pacer = new Pacer(this.options.maxMessagesPerSecond ?? 40, Date.now());
    ws.onopen = () => this.send({ type: "auth", token: this.token! });
    ws.onmessage = (event) => {
      this.armPing();
      const message = parseServerMessage(typeof event.data === "string" ? event.data : String(event.data));
      if (message) this.receive(message);
    };
    ws.onclose = (event) => this.lost(event.code);
    ws.onerror = () => {};
  }

  private lost(code: number): void {
    this.detach();
    this.retry(code, "connection closed");
  }

  private retry(code: number, reason: string): void {
    if (this.closed) return;
    this.clearTimers();
    this.authed = false;
    const decision = decideOnClose(code, this.attempt, this.backoff, this.random);
    if (decision.action === "stop") {
      this.error = new KeepliveError(decision.code, decision.message);
      for (const q of this.queries) q.fail(this.error);
      this.setStatus("error");
      return;
    }
    this.attempt++;
    if (decision.nextUrl) this.urlIndex++;
    if (decision.freshToken) this.freshToken = true;
    for (const q of this.queries) q.setStatus("reconnecting");
    this.setStatus("reconnecting");
    void reason;
    this.timers.push(setTimeout(() => void this.connect(), decision.delayMs));
  }

  private detach(): void {
    const ws = this.ws;
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = null;
    this.ws = undefined;
    this.outbox = []; // a new connection starts over with auth and resubscribes everything
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.authed = false;
    if (this.pongTimer) clearTimeout(this.pongTimer);
  }

  /** Drops a connection that looks dead (no pong) and reconnects elsewhere. */
  private drop(): void {
    const ws = this.ws;
    this.detach();
    try {
      ws?.close(4000, "no pong");
    } catch {
      /* already closed */
    }
    this.retry(1006, "no pong");
  }

  private armPing(): void {
    if (this.pongTimer) clearTimeout(this.pongTimer);
    const interval = this.options.pingIntervalMs ?? 20_000;
    this.pongTimer = setTimeout(() => {
      this.send({ type: "ping" });
      this.pongTimer = setTimeout(() => this.drop(), this.options.pongTimeoutMs ?? 10_000);
    }, interval);
  }

  private clearTimers(): void {
    this.timers.forEach(clearTimeout);
    this.timers = [];
    if (this.pongTimer) clearTimeout(this.pongTimer);
  }

  send(message: ClientMessage): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== OPEN) return;
    this.outbox.push(JSON.stringify(message));
    this.flush();
  }

  private flush(): void {
    const ws = this.ws;
    while (ws && this.pacer && this.outbox.length && !this.flushTimer) {
      const wait = this.pacer.take(Date.now());
      if (wait > 0) {
        this.flushTimer = setTimeout(() => {
          this.flushTimer = undefined;
          this.flush();
        }, wait);
        return;
      }
      ws.send(this.outbox.shift()!);
    }
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    for (const l of this.statusListeners) l(status);
  }

  private scheduleRefresh(expiresAt: string): void {
    const delay = refreshDelay(Date.parse(expiresAt), Date.now());
    this.timers.push(setTimeout(() => void this.refresh(), Math.min(delay, 2 ** 31 - 1)));
  }

  private async refresh(): Promise<void> {
    const ws = this.ws;
    try {
      const token = await this.options.getToken();
      if (this.ws !== ws || !this.authed) return;
      this.token = token;
      this.send({ type: "auth", token });
    } catch {
      // The gateway closes with 4401 at expiry; the reconnect asks again.
    }
  }

  // ---- messages ----------------------------------------------------------------------------

  private receive(message: ServerMessage): void {
    switch (message.type) {
      case "auth_ok": {
        this.identity = { user: message.user, tenant: message.tenant, expiresAt: message.expires_at };
        this.timers.forEach(clearTimeout);
        this.timers = [];
        this.scheduleRefresh(message.expires_at);
        if (this.authed) return; // an in-band refresh
        this.authed = true;
        this.attempt = 0;
        this.error = undefined;
        this.subs.clear();
        for (const q of this.queries) q.windows.forEach((_, i) => this.subscribeWindow(q, i));
        for (const [ref, s] of this.syncs) this.send({ type: "sync", ref, position: s.position });
        this.setStatus("open");
        return;
      }
      case "synced":
        this.settleSync(message.ref);
        return;
      case "pong":
        return;
      case "error":
        this.receiveError(message);
        return;
      default: {
        const sub = this.subs.get(message.id);
        if (!sub) return; // an earlier subscription of ours, replaced: ignore
        if (message.type === "complete") {
          this.subs.delete(message.id);
          return;
        }
        sub.query.apply(sub.index, message);
      }
    }
  }

  private receiveError(message: ErrorMessage): void {
    if (message.ref !== undefined) {
      this.settleSync(message.ref, new KeepliveError(message.code, message.message));
      return;
    }
    if (message.id !== undefined) {
      const sub = this.subs.get(message.id);
      if (!sub) return;
      this.subs.delete(message.id);
      if (message.code === "rate_limited") {
        this.timers.push(
          setTimeout(() => this.subscribeWindow(sub.query, sub.index), 1000 + this.random() * 4000),
        );
      } else {
        sub.query.fail(new KeepliveError(message.code, message.message));
      }
      return;
    }
    if (message.code === "token_expired") {
      this.freshToken = true;
      void this.refresh();
    } else if (message.code === "bad_request" && /'sync'/.test(message.message)) {
      // A gateway without §4.1: say so instead of waiting for the timeout.
      for (const ref of [...this.syncs.keys()]) {
        this.settleSync(ref, new KeepliveError("unsupported", "this gateway does not support sync"));
      }
    }
  }

  private settleSync(ref: string, error?: Error): void {
    const s = this.syncs.get(ref);
    if (!s) return;
    this.syncs.delete(ref);
    clearTimeout(s.timer);
    if (error) s.reject(error);
    else s.resolve();
  }

  /** (Re)subscribes one window under a fresh id; messages of the replaced id are ignored. */
  subscribeWindow(q: LiveQueryImpl, index: number): void {
    const w = q.windows[index]!;
    if (w.subId) {
      if (this.subs.delete(w.subId)) this.send({ type: "unsubscribe", id: w.subId });
    }
    q.windows[index] = { ...w, view: restartView(w.view), subId: undefined };
    if (!this.authed || q.closed) return;
    const id = `${q.name}.${++this.subCount}`;
    q.windows[index]!.subId = id;
    this.subs.set(id, { query: q, index });
    const message = subscribeMessage(id, q.spec, q.windows[index]!, q.mode);
    this.send(message);
  }

  unsubscribeAll(q: LiveQueryImpl): void {
    for (const w of q.windows) {
      if (w.subId && this.subs.delete(w.subId)) this.send({ type: "unsubscribe", id: w.subId });
    }
    this.queries.delete(q);
  }
}

type Window = PageWindow & { subId?: string };

class LiveQueryImpl implements LiveQuery {
  windows: Window[];
  status: LiveStatus = "loading";
  error?: KeepliveError;
  closed = false;
  readonly mode: Mode;
  private readonly compare: ReturnType<typeof rowComparator>;
  private readonly maxLimit: number;
  private readonly pageSize: number;
  private readonly listeners = new Set<(s: LiveSnapshot) => void>();
  private cached?: Row[];

  constructor(
    private readonly client: Client,
    readonly name: string,
    readonly spec: LiveQuerySpec,
    options: LiveOptions,
  ) {
    this.mode = options.mode ?? "refetch";
    this.maxLimit = options.maxLimit ?? 500;
    this.pageSize = spec.limit ?? 50;
    this.compare = rowComparator(spec.sort);
    this.windows = [firstWindow(this.pageSize)];
  }

  get rows(): Row[] {
    return (this.cached ??= combinedRows(this.windows));
  }

  get hasMore(): boolean {
    return this.spec.key === undefined && moreAvailable(this.windows, this.maxLimit);
  }

  get at(): string | undefined {
    return this.windows[this.windows.length - 1]!.view.at;
  }

  apply(index: number, message: Parameters<typeof applyMessage>[1]): void {
    const w = this.windows[index]!;
    const applied = applyMessage(w.view, message, this.compare);
    if (applied.gap) {
      // Never show a view that may be wrong: start this window over.
      this.client.subscribeWindow(this, index);
      return;
    }
    this.windows[index] = { ...w, view: applied.view };
    this.cached = undefined;
    if (this.windows.every((x) => x.view.ready)) this.status = "live";
    this.error = undefined;
    this.emit();
  }

  setStatus(status: LiveStatus): void {
    if (this.closed || this.status === status) return;
    this.status = status;
    this.emit();
  }

  fail(error: KeepliveError): void {
    this.error = error;
    this.setStatus("error");
    this.emit();
  }

  loadMore(): boolean {
    if (this.closed || this.spec.key !== undefined) return false;
    const plan = planLoadMore(this.windows, this.pageSize, this.maxLimit);
    if (!plan) return false;
    const old = this.windows;
    this.windows = plan.windows.map((w, i) => ({ ...w, subId: old[i]?.subId }));
    for (const i of plan.resubscribe) this.client.subscribeWindow(this, i);
    this.cached = undefined;
    this.status = "loading";
    this.emit();
    return true;
  }

  snapshot(): LiveSnapshot {
    return { rows: this.rows, status: this.status, error: this.error, hasMore: this.hasMore, at: this.at };
  }

  subscribe(listener: (snapshot: LiveSnapshot) => void): () => void {
    this.listeners.add(listener);
    listener(this.snapshot());
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    const s = this.snapshot();
    for (const l of this.listeners) l(s);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.unsubscribeAll(this);
    this.emit();
    this.listeners.clear();
  }

  [Symbol.asyncIterator](): AsyncIterator<LiveSnapshot> {
    let latest: LiveSnapshot | undefined = this.snapshot();
    let wake: (() => void) | undefined;
    const off = this.subscribe((s) => {
      latest = s;
      wake?.();
    });
    return {
      next: async () => {
        while (!latest && !this.closed) await new Promise<void>((r) => (wake = r));
        wake = undefined;
        if (!latest) {
          off();
          return { done: true, value: undefined };
        }
        const value = latest;
        latest = undefined;
        return { done: false, value };
      },
      return: async () => {
        off();
        return { done: true, value: undefined };
      },
    };
  }
}
