import type { ResultMessage, Row, RowMessage } from "./protocol.js";

/**
 * The local view of one subscription, and the pure reducer that applies the server's messages to
 * it. No I/O, no clocks: everything here is tested with node:test alone.
 */
export interface ViewState {
  /** Current rows, in the subscription's sort order. */
  readonly rows: readonly Row[];
  /** `seq` of the last applied message; 0 before the first `result` of this subscription. */
  readonly seq: number;
  /** Whether a `result` has been applied since the (re)subscription. */
  readonly ready: boolean;
  readonly etag?: string;
  readonly at?: string;
  readonly hasMore?: boolean;
  readonly next?: string;
}

export type ViewMessage = ResultMessage | RowMessage;

/** The outcome of applying a message: the new view, or a gap that calls for a resubscribe. */
export type Applied =
  | { readonly view: ViewState; readonly gap?: undefined }
  | { readonly view: ViewState; readonly gap: { readonly expected: number; readonly got: number } };

export const emptyView: ViewState = { rows: [], seq: 0, ready: false };

/** For a resubscription: the rows stay on screen until the fresh result, the seq starts over. */
export function restartView(view: ViewState): ViewState {
  return { ...view, seq: 0, ready: false };
}

/** Compares rows by a sort spec such as `["-updated_at","title"]`, like PostgreSQL's ORDER BY:
 * ascending puts nulls last, descending first; ties are broken by `id` ascending. */
export function rowComparator(sort: readonly string[] = []): (a: Row, b: Row) => number {
  const keys = sort.map((s) =>
    s.startsWith("-") ? { name: s.slice(1), dir: -1 } : { name: s.replace(/^\+/, ""), dir: 1 },
  );
  return (a, b) => {
    for (const { name, dir } of keys) {
      const c = compareValues(a[name], b[name]);
      if (c !== 0) return c * dir;
    }
    return compareValues(a.id, b.id);
  };
}

function compareValues(x: unknown, y: unknown): number {
  const xn = x === null || x === undefined;
  const yn = y === null || y === undefined;
  if (xn || yn) return xn === yn ? 0 : xn ? 1 : -1;
  if (typeof x === "number" && typeof y === "number") return x - y;
  const xs = String(x);
  const ys = String(y);
  return xs < ys ? -1 : xs > ys ? 1 : 0;
}

/**
 * Applies one message of the subscription. A message whose `seq` is not exactly the last one + 1
 * (or a row change before the first `result`) is a gap: the view is left unchanged and the caller
 * must resubscribe — the view is never silently wrong.
 */
export function applyMessage(
  view: ViewState,
  message: ViewMessage,
  compare: (a: Row, b: Row) => number,
): Applied {
  const expected = view.seq + 1;
  if (message.seq !== expected || (message.type !== "result" && !view.ready)) {
    return { view, gap: { expected, got: message.seq } };
  }
  const at = message.at ?? view.at;
  if (message.type === "result") {
    const rows = message.unchanged ? view.rows : [...(message.rows ?? [])];
    return {
      view: {
        rows,
        seq: message.seq,
        ready: true,
        etag: message.etag ?? (message.unchanged ? view.etag : undefined),
        at,
        hasMore: message.has_more ?? (message.unchanged ? view.hasMore : undefined),
        next: message.next ?? (message.unchanged ? view.next : undefined),
      },
    };
  }
  const without = view.rows.filter((r) => r.id !== message.row.id);
  let rows: Row[] = without;
  if (message.type !== "delete") {
    rows = without.slice();
    rows.splice(insertionIndex(without, message.row, compare), 0, message.row);
  }
  // A row change makes the last etag stale: it no longer names these rows.
  return { view: { ...view, rows, seq: message.seq, at, etag: undefined } };
}

function insertionIndex(rows: readonly Row[], row: Row, compare: (a: Row, b: Row) => number) {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(rows[mid]!, row) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
