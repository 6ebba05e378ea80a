// Shared by the tests that run against a real stack. ClientsOnRealStackEndToEndTest (Java) starts
// the stack and passes its URLs; nothing here starts or fakes a service.
import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import { createClient, createRest } from "../../dist/index.js";

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these tests through ClientsOnRealStackEndToEndTest`);
  return value;
}

export const env = {
  gatewayA: () => required("KEEPLIVE_GATEWAY_A"),
  gatewayB: () => required("KEEPLIVE_GATEWAY_B"),
  proxyB: () => required("KEEPLIVE_PROXY_B"),
  api: () => required("KEEPLIVE_API"),
  control: () => required("KEEPLIVE_CONTROL"),
};

export const live = (httpUrl) => httpUrl.replace(/^http/, "ws").replace(/\/$/, "") + "/live";
export const newTenant = () => `t-${randomUUID().slice(0, 8)}`;

export async function devToken(user, tenant, roles, ttlSeconds = 3600) {
  const response = await fetch(`${env.gatewayA()}/dev/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user, tenant, roles, ttl_seconds: ttlSeconds }),
  });
  if (!response.ok) throw new Error(`dev token: ${response.status}`);
  return (await response.json()).token;
}

/** A user of a tenant: a REST helper and a client factory with their token. */
export function user(name, tenant, role, { ttlSeconds = 3600 } = {}) {
  const getToken = () => devToken(name, tenant, [role], ttlSeconds);
  const tokenOnce = getToken();
  return {
    rest: createRest({ baseUrl: env.api(), getToken: () => tokenOnce }),
    client: (options = {}) =>
      track(createClient({ url: live(env.gatewayA()), getToken, WebSocket, ...options })),
  };
}

const clients = new Set();
function track(client) {
  clients.add(client);
  return client;
}
export function closeAll() {
  for (const c of clients) c.close();
  clients.clear();
}

/** Resolves with the first snapshot of `query` that satisfies `predicate` (no polling, no sleeps). */
export function until(query, predicate, timeoutMs = 10_000, what = "condition") {
  return new Promise((resolve, reject) => {
    let last;
    let off = () => {};
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}; last snapshot: ${JSON.stringify(summary(last))}`));
    }, timeoutMs);
    off = query.subscribe((s) => {
      last = s;
      if (predicate(s)) {
        clearTimeout(timer);
        queueMicrotask(() => off());
        resolve(s);
      }
    });
  });
}

/** Resolves when the client's connection status becomes `status`. */
export function untilStatus(client, status, timeoutMs = 10_000) {
  if (client.status === status) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`client never became ${status} (is ${client.status})`)), timeoutMs);
    const off = client.onStatus((s) => {
      if (s === status) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
}

const summary = (s) => s && { status: s.status, error: s.error?.message, rows: s.rows.map((r) => r.title ?? r.body ?? r.id) };
export const titles = (s) => s.rows.map((r) => r.title);
export const ids = (s) => s.rows.map((r) => r.id);
export const sameIds = (a, b) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

export async function control(action) {
  const response = await fetch(`${env.control()}/${action}`, { method: "POST" });
  if (!response.ok) throw new Error(`control ${action}: ${response.status} ${await response.text()}`);
}

/**
 * A real `ws` WebSocket whose incoming frames pass through `filter` first: the tests use it to
 * lose one message on the way, as a buggy proxy would, and to see what the client sent.
 */
export function filteringWebSocket(filter, sent = [], opened = []) {
  return class FilteringWebSocket {
    constructor(url) {
      this.inner = new WebSocket(url);
      opened.push(url);
      this.onopen = this.onmessage = this.onclose = this.onerror = null;
      this.inner.onopen = (e) => this.onopen?.(e);
      this.inner.onclose = (e) => this.onclose?.(e);
      this.inner.onerror = (e) => this.onerror?.(e);
      this.inner.onmessage = (e) => {
        if (filter(JSON.parse(String(e.data)))) this.onmessage?.(e);
      };
    }
    get readyState() {
      return this.inner.readyState;
    }
    send(data) {
      sent.push(JSON.parse(data));
      this.inner.send(data);
    }
    close(code, reason) {
      this.inner.close(code, reason);
    }
  };
}
