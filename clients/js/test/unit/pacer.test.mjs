import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Pacer } from "../../dist/index.js";

describe("outgoing pacing", () => {
  test("a burst up to the rate passes at once, the next frame waits for its token", () => {
    const pacer = new Pacer(40, 0);
    for (let i = 0; i < 40; i++) assert.equal(pacer.take(0), 0);
    assert.equal(pacer.take(0), 25);
    assert.equal(pacer.take(25), 0);
  });

  test("over any second no more than the rate plus the initial burst pass", () => {
    const pacer = new Pacer(40, 0);
    let sent = 0;
    for (let t = 0; t <= 1000; t += 5) while (pacer.take(t) === 0) sent++;
    assert.ok(sent <= 81 && sent >= 79, `sent ${sent}`);
  });
});
