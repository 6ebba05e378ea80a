import type { components } from "./generated/resource-service.js";

/** Row and body types, generated from resource-service's OpenAPI document (`npm run gen:types`). */
type S = components["schemas"];
export type Ticket = S["tickets"];
export type Conversation = S["conversations"];
export type Message = S["messages"];
export type Problem = S["Problem"];

export interface RestOptions {
  /** resource-service base URL, e.g. `http://localhost:8081`. */
  baseUrl: string;
  getToken: () => string | Promise<string>;
  fetch?: typeof fetch;
}

/** The answer to a write: the row (absent for 204) and the write's `Keeplive-Position` (§4.1). */
export interface Written<T> {
  readonly row?: T;
  readonly position?: string;
  readonly status: number;
}

export interface WriteOptions {
  /** Expected `version` (412 when the row changed meanwhile). */
  ifMatch?: number | string;
  /** For creates; one is generated when omitted, so a retried call writes once. */
  idempotencyKey?: string;
}

export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = "RestError";
  }
}

type Query = Record<string, string | number | readonly (string | number)[] | undefined>;

export function createRest(options: RestOptions) {
  const base = options.baseUrl.replace(/\/$/, "");
  const doFetch = options.fetch ?? fetch;

  async function call<T>(method: string, path: string, body?: unknown, write?: WriteOptions, query?: Query) {
    const headers: Record<string, string> = { authorization: `Bearer ${await options.getToken()}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (write?.ifMatch !== undefined) headers["if-match"] = String(write.ifMatch);
    if (write?.idempotencyKey !== undefined) headers["idempotency-key"] = write.idempotencyKey;
    let url = base + path;
    if (query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) {
        if (v !== undefined) params.set(k, Array.isArray(v) ? v.join(",") : String(v));
      }
      const qs = params.toString();
      if (qs) url += `?${qs}`;
    }
    const response = await doFetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new RestError(response.status, json ?? {});
    return {
      row: json as T | undefined,
      position: response.headers.get("keeplive-position") ?? undefined,
      status: response.status,
    } satisfies Written<T>;
  }

  const read = async <T>(path: string, query?: Query) => (await call<T>("GET", path, undefined, undefined, query)).row as T;
  const enc = encodeURIComponent;
  const created = (o?: WriteOptions): WriteOptions => ({
    ...o,
    idempotencyKey: o?.idempotencyKey ?? globalThis.crypto?.randomUUID?.(),
  });

  return {
    tickets: {
      list: (q: { status?: Ticket["status"] | Ticket["status"][]; assignee_id?: string; created_by?: string; sort?: string; limit?: number } = {}) =>
        read<Ticket[]>("/api/tickets", q),
      get: (id: string) => read<Ticket>(`/api/tickets/${enc(id)}`),
      create: (body: S["tickets.create"], o?: WriteOptions) => call<Ticket>("POST", "/api/tickets", body, created(o)),
      update: (id: string, body: S["tickets.update"], o?: WriteOptions) =>
        call<Ticket>("PATCH", `/api/tickets/${enc(id)}`, body, o),
      assign: (id: string, assignee_id: string | null, o?: WriteOptions) =>
        call<Ticket>("POST", `/api/tickets/${enc(id)}/assign`, { assignee_id } satisfies S["tickets.assign"], o),
      destroy: (id: string, o?: WriteOptions) => call<never>("DELETE", `/api/tickets/${enc(id)}`, undefined, o),
      bulkClose: (ids: string[]) => call<unknown>("POST", "/api/tickets/bulk-close", { ids } satisfies S["tickets.close"]),
    },
    conversations: {
      list: () => read<Conversation[]>("/api/conversations"),
      get: (id: string) => read<Conversation>(`/api/conversations/${enc(id)}`),
      create: (body: S["conversations.create"], o?: WriteOptions) =>
        call<Conversation>("POST", "/api/conversations", body, created(o)),
      addMember: (id: string, user_id: string) =>
        call<Conversation>("POST", `/api/conversations/${enc(id)}/members`, { user_id } satisfies S["conversations.add_member"]),
      removeMember: (id: string, userId: string) =>
        call<Conversation>("DELETE", `/api/conversations/${enc(id)}/members/${enc(userId)}`),
    },
    messages: {
      list: (conversationId: string, q: { limit?: number; sort?: string } = {}) =>
        read<Message[]>(`/api/conversations/${enc(conversationId)}/messages`, q),
      get: (id: string) => read<Message>(`/api/messages/${enc(id)}`),
      create: (conversationId: string, body: S["messages.create"], o?: WriteOptions) =>
        call<Message>("POST", `/api/conversations/${enc(conversationId)}/messages`, body, created(o)),
      update: (id: string, body: S["messages.update"], o?: WriteOptions) =>
        call<Message>("PATCH", `/api/messages/${enc(id)}`, body, o),
      destroy: (id: string, o?: WriteOptions) => call<never>("DELETE", `/api/messages/${enc(id)}`, undefined, o),
    },
  };
}

export type Rest = ReturnType<typeof createRest>;
