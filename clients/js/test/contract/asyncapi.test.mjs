import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { Parser, fromFile } from "@asyncapi/parser";

const docs = fileURLToPath(new URL("../../../../docs/", import.meta.url));

test("the AsyncAPI document parses and validates without errors or warnings", async () => {
  const { document, diagnostics } = await fromFile(new Parser(), docs + "asyncapi.yaml").parse();
  const problems = diagnostics.filter((d) => d.severity <= 1 && d.code !== "asyncapi-latest-version");
  assert.deepEqual(problems.map((d) => `${d.code}: ${d.message} at ${d.path.join(".")}`), []);
  assert.ok(document, "no document");
  assert.equal(document.version(), "3.0.0");
});

test("the AsyncAPI document covers the WebSocket channel with every message schema, and the Kafka topic", async () => {
  const { document } = await fromFile(new Parser(), docs + "asyncapi.yaml").parse();
  const live = document.channels().get("live");
  assert.equal(live.address(), "/live");
  const names = live.messages().all().map((m) => m.id()).sort();
  const schemas = ["client", "server"].flatMap((d) => readdirSync(docs + "schemas/" + d).map((f) => f.replace(".json", ""))).sort();
  assert.deepEqual(names, schemas);
  const kafka = document.channels().get("notifications");
  assert.equal(kafka.address(), "keeplive.notifications");
  assert.equal(kafka.messages().all().length, 1);
  assert.ok(kafka.messages().all()[0].payload().required().includes("tenantid"));
});
