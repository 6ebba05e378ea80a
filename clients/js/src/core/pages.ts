import type { Row } from "./protocol.js";
import { emptyView, restartView, type ViewState } from "./view.js";

/**
 * A list live query is a run of windows (§4.2): `(start, c1], (c1, c2], …, (ck, end)`, one
 * subscription each. Pinning a window to `until` when the next one is opened keeps every visible
 * row in exactly one window, whatever is inserted or deleted meanwhile. Against a gateway that
 * sends no cursors (`has_more` absent), there is one window and "more" means a larger `limit`.
 */
export interface PageWindow {
  readonly after?: string;
  readonly until?: string;
  readonly limit: number;
  readonly view: ViewState;
}

export interface LoadMorePlan {
  readonly windows: readonly PageWindow[];
  /** Indexes of the windows whose subscription must be (re)sent. */
  readonly resubscribe: readonly number[];
}

export function firstWindow(limit: number): PageWindow {
  return { limit, view: emptyView };
}

/** The rows of all windows in order; a row that shows up in two windows (a move in flight) once. */
export function combinedRows(windows: readonly PageWindow[]): Row[] {
  if (windows.length === 1) return windows[0]!.view.rows as Row[];
  const seen = new Set<string>();
  const rows: Row[] = [];
  for (const w of windows) {
    for (const r of w.view.rows) {
      if (!seen.has(r.id)) {
        seen.add(r.id);
        rows.push(r);
      }
    }
  }
  return rows;
}

/** Whether rows follow the last window: the server's `has_more`, else inferred from a full window. */
export function moreAvailable(windows: readonly PageWindow[], maxLimit: number): boolean {
  const last = windows[windows.length - 1]!;
  if (!last.view.ready) return false;
  if (last.view.hasMore !== undefined) return last.view.hasMore;
  return last.view.rows.length >= last.limit && last.limit < maxLimit;
}

/** What `loadMore()` does, or `undefined` when there is nothing (yet) to load. */
export function planLoadMore(
  windows: readonly PageWindow[],
  pageSize: number,
  maxLimit: number,
): LoadMorePlan | undefined {
  const i = windows.length - 1;
  const last = windows[i]!;
  if (!moreAvailable(windows, maxLimit)) return undefined;
  if (last.view.hasMore === true) {
    if (last.view.next === undefined) return undefined;
    const pinned: PageWindow = {
      after: last.after,
      until: last.view.next,
      limit: maxLimit,
      view: { ...restartView(last.view), etag: undefined },
    };
    const next: PageWindow = { after: last.view.next, limit: pageSize, view: emptyView };
    return { windows: [...windows.slice(0, i), pinned, next], resubscribe: [i, i + 1] };
  }
  const grown: PageWindow = {
    ...last,
    limit: Math.min(maxLimit, last.limit + pageSize),
    view: { ...restartView(last.view), etag: undefined },
  };
  return { windows: [...windows.slice(0, i), grown], resubscribe: [i] };
}
