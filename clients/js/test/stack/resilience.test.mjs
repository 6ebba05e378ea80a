import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import WebSocket from "ws";
import { createClient } from "../../dist/index.js";
import { closeAll, control, devToken, env, filteringWebSocket, ids, live, newTenant, until, untilStatus, user } from "./support.mjs";

after(closeAll);

describe("@keeplive/client against the real stack: failures", () => {
  test("a client whose gateway shuts down (1001) reconnects at once to another instance and converges", async (t) => {
    t.after(() => control("gateway-b/start"));
    const tenant = newTenant();
    const admin = user("ada", tenant, "admin");
    const opened = [];
    const client = admin.client({
      url: [live(env.gatewayB()), live(env.gatewayA())],
      WebSocket: filteringWebSocket(() => true, [], opened),
    });
    const q = client.live({ resource: "tickets", sort: ["-updated_at"] }, { mode: "stream" });
    const before = (await admin.rest.tickets.create({ title: "before" })).row;
    await until(q, (s) => ids(s).includes(before.id), 10_000, "before");
    assert.deepEqual(opened, [live(env.gatewayB())]);

    const reconnecting = until(q, (s) => s.status === "reconnecting", 10_000, "reconnecting");
    await control("gateway-b/stop");
    await reconnecting;
    const closedAt = Date.now();
    await untilStatus(client, "open", 5000);
    const reconnectMs = Date.now() - closedAt;
    assert.ok(reconnectMs < 3000, `reconnected at once (took ${reconnectMs} ms)`);
    const moved = (await admin.rest.tickets.create({ title: "on the other instance" })).row;
    await until(q, (s) => s.status === "live" && ids(s).includes(moved.id) && ids(s).includes(before.id), 5000, "caught up elsewhere");
    assert.deepEqual(opened, [live(env.gatewayB()), live(env.gatewayA())]);
    const afterwards = (await admin.rest.tickets.create({ title: "after" })).row;
    await until(q, (s) => ids(s).includes(afterwards.id), 2000, "live again");
  });

  test("after a gateway restart the client resubscribes with etags and an unchanged list costs no rows", async (t) => {
    t.after(() => control("gateway-b/start"));
    await control("gateway-b/start");
    const tenant = newTenant();
    const admin = user("ada", tenant, "admin");
    for (let i = 0; i < 3; i++) await admin.rest.tickets.create({ title: `kept ${i}` });
    const sent = [];
    const received = [];
    const client = admin.client({
      url: [live(env.gatewayB()), live(env.gatewayA())],
      WebSocket: filteringWebSocket((m) => received.push(m) > 0, sent),
    });
    const q = client.live({ resource: "tickets", sort: ["-updated_at"], limit: 10 });
    const before = await until(q, (s) => s.status === "live" && s.rows.length === 3, 10_000, "live");
    const reconnecting = until(q, (s) => s.status === "reconnecting", 10_000, "reconnecting");
    await control("gateway-b/stop");
    await reconnecting;
    const resumed = await until(q, (s) => s.status === "live", 10_000, "live again");
    assert.deepEqual(ids(resumed), ids(before));
    const resubscribe = sent.filter((m) => m.type === "subscribe").at(-1);
    assert.ok(resubscribe.etag, "the resubscription carries the etag of the last result");
    const answer = received.filter((m) => m.type === "result" && m.id === resubscribe.id).at(-1);
    assert.equal(answer.unchanged, true);
    assert.equal(answer.rows, undefined);
    assert.equal(answer.has_more, false);
    const fresh = (await admin.rest.tickets.create({ title: "after" })).row;
    await until(q, (s) => ids(s).includes(fresh.id) && s.rows.length === 4, 5000, "live after resume");
  });

  test("a client whose gateway dies (connections reset) reconnects to another instance and converges", async (t) => {
    t.after(() => control("proxy/restore"));
    await control("gateway-b/start");
    const tenant = newTenant();
    const admin = user("ada", tenant, "admin");
    const client = admin.client({ url: [live(env.proxyB()), live(env.gatewayA())] });
    const q = client.live({ resource: "tickets" });
    await until(q, (s) => s.status === "live", 10_000, "live via B");
    const reconnecting = until(q, (s) => s.status === "reconnecting", 10_000, "reconnecting");
    await control("proxy/cut");
    await reconnecting;
    const t1 = (await admin.rest.tickets.create({ title: "after the crash" })).row;
    await until(q, (s) => s.status === "live" && ids(s).includes(t1.id), 10_000, "converged on A");
  });

  test("a client refreshes its token in-band before it expires and keeps its one connection", async () => {
    const tenant = newTenant();
    const admin = user("ada", tenant, "admin");
    let calls = 0;
    let thirdToken;
    const third = new Promise((resolve) => (thirdToken = resolve));
    const opened = [];
    const client = createClient({
      url: live(env.gatewayA()),
      getToken: () => {
        if (++calls === 3) thirdToken();
        return devToken("ada", tenant, ["admin"], 4);
      },
      WebSocket: filteringWebSocket(() => true, [], opened),
    });
    try {
      const q = client.live({ resource: "tickets" });
      await until(q, (s) => s.status === "live", 10_000, "live");
      // Three tokens of 4 s each: the session is then well past the first one's expiry.
      await third;
      const t1 = (await admin.rest.tickets.create({ title: "after expiry" })).row;
      await until(q, (s) => ids(s).includes(t1.id), 5000, "still live");
      assert.equal(opened.length, 1, "no reconnect was needed");
      assert.equal(client.status, "open");
    } finally {
      client.close();
    }
  });

  test("a client whose refresh fails is closed with 4401 and comes back with a new token", async () => {
    const tenant = newTenant();
    const admin = user("ada", tenant, "admin");
    let calls = 0;
    const opened = [];
    const client = createClient({
      url: live(env.gatewayA()),
      getToken: async () => {
        calls++;
        if (calls === 1) return devToken("ada", tenant, ["admin"], 2);
        if (calls === 2) throw new Error("identity provider down");
        return devToken("ada", tenant, ["admin"], 3600);
      },
      WebSocket: filteringWebSocket(() => true, [], opened),
    });
    try {
      const q = client.live({ resource: "tickets" });
      await until(q, (s) => s.status === "live", 10_000, "live");
      await until(q, (s) => s.status === "reconnecting", 10_000, "closed at expiry");
      const t1 = (await admin.rest.tickets.create({ title: "after re-login" })).row;
      await until(q, (s) => s.status === "live" && ids(s).includes(t1.id), 10_000, "back");
      assert.equal(opened.length, 2);
      assert.ok(calls >= 3);
    } finally {
      client.close();
    }
  });

  test("a lost message (seq gap) makes the client resubscribe instead of showing a wrong view", async () => {
    const tenant = newTenant();
    const admin = user("ada", tenant, "admin");
    let dropped = 0;
    const sent = [];
    const dropFirstInsert = (m) => !(m.type === "insert" && dropped++ === 0);
    const client = createClient({
      url: live(env.gatewayA()),
      getToken: () => devToken("ada", tenant, ["admin"]),
      WebSocket: filteringWebSocket(dropFirstInsert, sent),
    });
    try {
      const q = client.live({ resource: "tickets", sort: ["-updated_at"] }, { mode: "stream" });
      await until(q, (s) => s.status === "live", 10_000, "live");
      const lost = (await admin.rest.tickets.create({ title: "its insert is lost" })).row;
      const next = (await admin.rest.tickets.create({ title: "the next one" })).row;
      await until(q, (s) => ids(s).includes(lost.id) && ids(s).includes(next.id), 5000, "both rows after the resync");
      assert.equal(dropped >= 2, true);
      const subscribes = sent.filter((m) => m.type === "subscribe");
      assert.equal(subscribes.length, 2, "one resubscribe");
      assert.notEqual(subscribes[0].id, subscribes[1].id);
      assert.ok(sent.some((m) => m.type === "unsubscribe" && m.id === subscribes[0].id));
    } finally {
      client.close();
    }
  });
  test("a token of another user on refresh is closed with 4403 and the client stops and reports instead of retrying", async () => {
    const tenant = newTenant();
    let calls = 0;
    const opened = [];
    const client = createClient({
      url: live(env.gatewayA()),
      getToken: () => (++calls === 1 ? devToken("ada", tenant, ["admin"], 4) : devToken("mallory", tenant, ["admin"])),
      WebSocket: filteringWebSocket(() => true, [], opened),
    });
    try {
      const q = client.live({ resource: "tickets" });
      await until(q, (s) => s.status === "live", 10_000, "live");
      const failed = await until(q, (s) => s.status === "error", 10_000, "stopped");
      assert.equal(failed.error.code, "identity_changed");
      assert.equal(client.status, "error");
      assert.equal(opened.length, 1, "no reconnect after 4403");
    } finally {
      client.close();
    }
  });

  test("a frame the gateway refuses as too large (4413) stops the client with a report, not a reconnect loop", async () => {
    const tenant = newTenant();
    const opened = [];
    const client = createClient({
      url: live(env.gatewayA()),
      getToken: () => devToken("ada", tenant, ["admin"]),
      WebSocket: filteringWebSocket(() => true, [], opened),
    });
    try {
      const small = client.live({ resource: "tickets" });
      await until(small, (s) => s.status === "live", 10_000, "live");
      const huge = client.live({ resource: "tickets", filter: { title: { in: Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(700, "x")) } } });
      const failed = await until(huge, (s) => s.status === "error", 10_000, "stopped");
      assert.equal(failed.error.code, "frame_too_large");
      assert.equal(small.status, "error");
      assert.equal(opened.length, 1, "no reconnect after 4413");
    } finally {
      client.close();
    }
  });
  test("a client with ninety live queries subscribes them all without being rate limited", async () => {
    const tenant = newTenant();
    const admin = user("ada", tenant, "admin");
    const received = [];
    const client = createClient({
      url: live(env.gatewayA()),
      getToken: () => devToken("ada", tenant, ["admin"]),
      WebSocket: filteringWebSocket((m) => (received.push(m), true)),
    });
    try {
      const t1 = (await admin.rest.tickets.create({ title: "seen by all ninety" })).row;
      const queries = Array.from({ length: 90 }, (_, i) => client.live({ resource: "tickets", key: t1.id }, { mode: i % 2 ? "stream" : "refetch" }));
      await Promise.all(queries.map((q, i) => until(q, (s) => s.status === "live" && s.rows.length === 1, 20_000, `query ${i}`)));
      assert.deepEqual(received.filter((m) => m.type === "error").map((m) => m.code), []);
    } finally {
      client.close();
    }
  });

  test("a connection that stops answering is dropped after a missing pong and replaced", async () => {
    const tenant = newTenant();
    const admin = user("ada", tenant, "admin");
    const opened = [];
    let deaf = false;
    const client = createClient({
      url: live(env.gatewayA()),
      getToken: () => devToken("ada", tenant, ["admin"]),
      // The first connection turns deaf (as behind a dead load balancer): nothing arrives any more.
      WebSocket: filteringWebSocket(() => !(deaf && opened.length === 1), [], opened),
      pingIntervalMs: 300,
      pongTimeoutMs: 500,
    });
    try {
      const q = client.live({ resource: "tickets" });
      await until(q, (s) => s.status === "live", 10_000, "live");
      deaf = true;
      await until(q, (s) => s.status === "reconnecting", 5000, "dropped");
      const t1 = (await admin.rest.tickets.create({ title: "after the silence" })).row;
      await until(q, (s) => s.status === "live" && ids(s).includes(t1.id), 10_000, "replaced");
      assert.equal(opened.length, 2);
    } finally {
      client.close();
    }
  });
});
