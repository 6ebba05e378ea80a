import type { KeepliveClient, LiveOptions, LiveQuerySpec, LiveSnapshot, Row } from "@keeplive/client";
import { createContext, createElement, useContext, useEffect, useState, type ReactNode } from "react";

const ClientContext = createContext<KeepliveClient | null>(null);

/** Makes a client available to `useLiveQuery` below it. */
export function KeepliveProvider(props: { client: KeepliveClient; children?: ReactNode }) {
  return createElement(ClientContext.Provider, { value: props.client }, props.children);
}

export function useKeeplive(): KeepliveClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error("useLiveQuery needs a <KeepliveProvider client={…}> above it");
  return client;
}

export interface LiveQueryState<R extends Row> extends LiveSnapshot<R> {
  /** Opens the next page (§4.2); false when there is none (yet). */
  loadMore(): boolean;
}

const idle: LiveSnapshot = { rows: [], status: "loading", hasMore: false };

/**
 * A live query for the lifetime of the component (or until the query changes): current rows in
 * sort order, status (`loading`/`live`/`reconnecting`/`error`), `loadMore()`. Pass `null` to
 * subscribe to nothing (e.g. while no conversation is selected).
 */
export function useLiveQuery<R extends Row = Row>(
  query: LiveQuerySpec | null,
  options?: LiveOptions,
): LiveQueryState<R> {
  const client = useKeeplive();
  const key = query ? JSON.stringify([query, options ?? {}]) : "";
  const [state, setState] = useState<{ key: string; snapshot: LiveSnapshot<R>; loadMore: () => boolean }>({
    key,
    snapshot: idle as LiveSnapshot<R>,
    loadMore: () => false,
  });
  useEffect(() => {
    if (!query) {
      setState({ key, snapshot: idle as LiveSnapshot<R>, loadMore: () => false });
      return;
    }
    const live = client.live<R>(query, options);
    const loadMore = () => live.loadMore();
    const off = live.subscribe((snapshot) => setState({ key, snapshot, loadMore }));
    return () => {
      off();
      live.close();
    };
    // The query is compared by value, not identity, so inline objects are fine.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key]);
  const snapshot = state.key === key ? state.snapshot : (idle as LiveSnapshot<R>);
  return { ...snapshot, loadMore: state.key === key ? state.loadMore : () => false };
}
