import type { PageWindow } from "./pages.js";
import type { Filter, Mode, SubscribeMessage } from "./protocol.js";

export interface QuerySpec {
  resource: string;
  key?: string;
  filter?: Filter;
  sort?: string[];
}

/**
 * The `subscribe` frame for one window of a live query. Optional fields are sent only when they
 * carry something, so a gateway without §4.2/§4.3 never sees `after`, `until` or `etag` unless it
 * produced cursors or etags itself. A (re)subscription carries the etag of the window's last
 * result, so an unchanged view costs one small `result` with `unchanged: true`.
 */
export function subscribeMessage(id: string, spec: QuerySpec, window: PageWindow, mode: Mode): SubscribeMessage {
  const message: SubscribeMessage = { type: "subscribe", id, resource: spec.resource };
  if (spec.key !== undefined) message.key = spec.key;
  else {
    if (spec.filter) message.filter = spec.filter;
    if (spec.sort) message.sort = spec.sort;
    message.limit = window.limit;
    if (window.after !== undefined) message.after = window.after;
    if (window.until !== undefined) message.until = window.until;
  }
  if (mode !== "refetch") message.mode = mode;
  if (window.view.etag !== undefined) message.etag = window.view.etag;
  return message;
}
