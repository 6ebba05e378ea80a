/**
 * The wire messages of `keeplive.v1` (docs/protocol.md). These types are checked against the
 * JSON Schemas in docs/schemas by the package's tests.
 */

export type Row = { id: string; [attribute: string]: unknown };

export type Scalar = string | number | boolean | null;
export type FilterValue = Scalar | { in: Scalar[] };
export type Filter = Record<string, FilterValue>;
export type Mode = "refetch" | "stream";

// ---- client → server -------------------------------------------------------------------------

export interface AuthMessage {
  type: "auth";
  token: string;
}

export interface SubscribeMessage {
  type: "subscribe";
  id: string;
  resource: string;
  key?: string;
  filter?: Filter;
  sort?: string[];
  limit?: number;
  mode?: Mode;
  /** §4.2: exclusive start of the window. */
  after?: string;
  /** §4.2: inclusive end of the window. */
  until?: string;
  /** §4.3: etag of an earlier result of an identical subscription. */
  etag?: string;
}

export interface UnsubscribeMessage {
  type: "unsubscribe";
  id: string;
}

export interface PingMessage {
  type: "ping";
}

/** §4.1 */
export interface SyncMessage {
  type: "sync";
  ref: string;
  position: string;
}

export type ClientMessage =
  | AuthMessage
  | SubscribeMessage
  | UnsubscribeMessage
  | PingMessage
  | SyncMessage;

// ---- server → client -------------------------------------------------------------------------

export interface AuthOkMessage {
  type: "auth_ok";
  user: string;
  tenant: string;
  expires_at: string;
}

export interface ResultMessage {
  type: "result";
  id: string;
  seq: number;
  /** Absent only when `unchanged` is true (§4.3). */
  rows?: Row[];
  at?: string;
  etag?: string;
  unchanged?: true;
  has_more?: boolean;
  next?: string;
}

export interface InsertMessage {
  type: "insert";
  id: string;
  seq: number;
  row: Row;
  at?: string;
}

export interface UpdateMessage {
  type: "update";
  id: string;
  seq: number;
  row: Row;
  at?: string;
}

/** A row left the view; only its id is sent. */
export interface DeleteMessage {
  type: "delete";
  id: string;
  seq: number;
  row: { id: string };
  at?: string;
}

export type RowMessage = InsertMessage | UpdateMessage | DeleteMessage;

export interface CompleteMessage {
  type: "complete";
  id: string;
  seq?: number;
}

export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "unknown_resource"
  | "too_many_subscriptions"
  | "rate_limited"
  | "token_expired"
  | "sync_timeout"
  | "too_many_syncs";

export interface ErrorMessage {
  type: "error";
  id?: string;
  seq?: number;
  ref?: string;
  code: ErrorCode;
  message: string;
}

export interface PongMessage {
  type: "pong";
}

export interface SyncedMessage {
  type: "synced";
  ref: string;
  position: string;
}

export type ServerMessage =
  | AuthOkMessage
  | ResultMessage
  | InsertMessage
  | UpdateMessage
  | DeleteMessage
  | CompleteMessage
  | ErrorMessage
  | PongMessage
  | SyncedMessage;

/** WebSocket close codes of `keeplive.v1`. */
export const CloseCodes = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  ABNORMAL: 1006,
  UNAUTHENTICATED: 4401,
  IDENTITY_CHANGED: 4403,
  SLOW_CONSUMER: 4408,
  FRAME_TOO_LARGE: 4413,
  RATE_LIMITED: 4429,
} as const;

/** Parses one text frame; `undefined` for anything that is not a JSON object with a `type`. */
export function parseServerMessage(text: string): ServerMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const type = (value as { type?: unknown }).type;
  return typeof type === "string" ? (value as ServerMessage) : undefined;
}
