import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { emptyView, firstWindow, restartView, subscribeMessage } from "../../dist/index.js";

describe("subscribe frames", () => {
  const spec = { resource: "tickets", filter: { status: "open" }, sort: ["-updated_at"] };

  test("a first list subscription names only what the gateway of today understands", () => {
    assert.deepEqual(subscribeMessage("q1.1", spec, firstWindow(20), "refetch"), {
      type: "subscribe", id: "q1.1", resource: "tickets", filter: { status: "open" }, sort: ["-updated_at"], limit: 20,
    });
  });

  test("a resubscription carries the etag of the window's last result", () => {
    const window = { limit: 20, view: restartView({ ...emptyView, ready: true, seq: 4, etag: "e-42" }) };
    assert.equal(subscribeMessage("q1.2", spec, window, "stream").etag, "e-42");
    assert.equal(subscribeMessage("q1.2", spec, window, "stream").mode, "stream");
  });

  test("a page window carries its cursors", () => {
    const m = subscribeMessage("q1.3", spec, { after: "c1", until: "c2", limit: 500, view: emptyView }, "refetch");
    assert.equal(m.after, "c1");
    assert.equal(m.until, "c2");
  });

  test("a single-record subscription sends the key and no list fields", () => {
    assert.deepEqual(subscribeMessage("q2.1", { resource: "tickets", key: "k" }, firstWindow(50), "refetch"), {
      type: "subscribe", id: "q2.1", resource: "tickets", key: "k",
    });
  });
});
