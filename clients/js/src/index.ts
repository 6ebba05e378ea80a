export {
  createClient,
  KeepliveError,
  type ClientOptions,
  type ConnectionStatus,
  type KeepliveClient,
  type LiveOptions,
  type LiveQuery,
  type LiveQuerySpec,
  type LiveSnapshot,
  type LiveStatus,
  type WebSocketConstructor,
  type WebSocketLike,
} from "./client.js";
export * from "./core/protocol.js";
export { applyMessage, emptyView, restartView, rowComparator, type ViewState, type Applied } from "./core/view.js";
export { combinedRows, firstWindow, moreAvailable, planLoadMore, type PageWindow, type LoadMorePlan } from "./core/pages.js";
export { backoffDelay, decideOnClose, refreshDelay, defaultBackoff, type BackoffOptions, type CloseDecision } from "./core/policy.js";
export { createRest, RestError, type Rest, type RestOptions, type WriteOptions, type Written } from "./rest.js";
export type { Ticket, Conversation, Message } from "./rest.js";
export { subscribeMessage, type QuerySpec } from "./core/subscribe.js";
export { Pacer } from "./core/pacer.js";
