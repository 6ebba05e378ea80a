import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { emptyView, firstWindow, restartView, subscribeMessage } from "../../dist/index.js";

const dir = fileURLToPath(new URL("../../../../docs/schemas/", import.meta.url));
const ajv = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true });
addFormats(ajv);
const files = ["client-message.json", "server-message.json", "kafka/notification.json",
  ...["client", "server"].flatMap((d) => readdirSync(dir + d).map((f) => `${d}/${f}`))];
for (const f of files) ajv.addSchema(JSON.parse(readFileSync(dir + f, "utf8")));
const valid = (id, value) => {
  const ok = ajv.validate(id, value);
  return ok ? true : ajv.errorsText(ajv.errors);
};

describe("JSON Schemas of keeplive.v1", () => {
  test("every schema compiles in strict mode", () => {
    for (const f of files) assert.ok(ajv.getSchema(f), f);
  });

  test("every frame the client builds is a valid client message", () => {
    const spec = { resource: "tickets", filter: { status: { in: ["open", "in_progress"] } }, sort: ["-updated_at"] };
    const frames = [
      { type: "auth", token: "t" },
      { type: "ping" },
      { type: "unsubscribe", id: "q1.1" },
      { type: "sync", ref: "s1", position: "42" },
      subscribeMessage("q1.1", spec, firstWindow(20), "stream"),
      subscribeMessage("q1.2", spec, { after: "a", until: "b", limit: 500, view: restartView({ ...emptyView, etag: "e" }) }, "refetch"),
      subscribeMessage("q2.1", { resource: "tickets", key: "k" }, firstWindow(50), "refetch"),
    ];
    for (const f of frames) assert.equal(valid("client-message.json", f), true, JSON.stringify(f));
  });

  test("a subscribe with key and a list field is refused", () => {
    assert.notEqual(valid("client/subscribe.json", { type: "subscribe", id: "q", resource: "tickets", key: "k", limit: 1 }), true);
  });

  test("the server schemas accept the documented examples and refuse unknown fields", () => {
    assert.equal(valid("server-message.json", { type: "result", id: "q", seq: 1, rows: [{ id: "a", title: "x" }], etag: "e1" }), true);
    // §4.3: every result carries an etag.
    assert.notEqual(valid("server/result.json", { type: "result", id: "q", seq: 1, rows: [] }), true);
    assert.equal(valid("server-message.json", { type: "result", id: "q", seq: 1, unchanged: true, etag: "e", at: "5" }), true);
    assert.notEqual(valid("server/result.json", { type: "result", id: "q", seq: 1, unchanged: true, etag: "e", rows: [] }), true);
    assert.notEqual(valid("server/result.json", { type: "result", id: "q", seq: 1 }), true);
    assert.equal(valid("server-message.json", { type: "delete", id: "q", seq: 3, row: { id: "a" } }), true);
    assert.notEqual(valid("server/delete.json", { type: "delete", id: "q", seq: 3, row: { id: "a", title: "leak" } }), true);
    assert.equal(valid("server-message.json", { type: "error", code: "bad_request", message: "m" }), true);
    assert.notEqual(valid("server/error.json", { type: "error", seq: 2, code: "bad_request", message: "m" }), true);
    assert.notEqual(valid("server/error.json", { type: "error", code: "teapot", message: "m" }), true);
    assert.notEqual(valid("server/pong.json", { type: "pong", extra: 1 }), true);
  });

  test("the Kafka envelope schema accepts a CloudEvents notification", () => {
    const event = {
      specversion: "1.0", id: "6f1c9a64-58a4-4fb8-9d7d-0f5b8a8a5c10", source: "/keeplive/resource-service",
      type: "keeplive.tickets.assign", subject: "r1", time: "2026-12-04T10:00:00Z", datacontenttype: "application/json",
      tenantid: "acme", data: { resource: "tickets", action: "assign", action_type: "update", record_id: "r1",
        topics: ["tickets", "tickets:user:bob"], actor_id: "ann", changed: ["assignee_id"], occurred_at: "2026-12-04T10:00:00Z", position: "17" },
    };
    assert.equal(valid("kafka/notification.json", event), true);
  });
});
