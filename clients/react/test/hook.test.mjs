import assert from "node:assert/strict";
import { test } from "node:test";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { KeepliveProvider, useLiveQuery } from "../dist/index.js";

// The hook's live behaviour runs in real Chromium in the demo's browser tests (the demo is built
// on it); here: its contract before any connection.
function Tickets() {
  const q = useLiveQuery({ resource: "tickets" });
  return createElement("p", null, `${q.status}:${q.rows.length}:${q.hasMore}`);
}

test("useLiveQuery renders the loading state first, without rows", () => {
  const client = { live() { throw new Error("not during server rendering"); } };
  assert.equal(renderToString(createElement(KeepliveProvider, { client }, createElement(Tickets))), "<p>loading:0:false</p>");
});

test("useLiveQuery without a provider says what is missing", () => {
  assert.throws(() => renderToString(createElement(Tickets)), /KeepliveProvider/);
});
