import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { bundle } from "../scripts/build.mjs";

test("the committed demo bundle is exactly what the sources build", async () => {
  const committed = readFileSync(new URL("../../../embedded-stack/src/main/resources/keeplive-demo/demo.js", import.meta.url), "utf8");
  assert.ok(committed === (await bundle()), "stale: run `npm run build -w @keeplive/demo` in clients/ and commit the bundle");
});
