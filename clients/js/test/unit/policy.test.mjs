import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { backoffDelay, decideOnClose, refreshDelay } from "../../dist/index.js";

const opts = { baseMs: 100, capMs: 3000 };

describe("backoff with full jitter", () => {
  test("the delay is uniform between zero and the exponential ceiling", () => {
    assert.equal(backoffDelay(0, opts, () => 0), 0);
    assert.equal(backoffDelay(0, opts, () => 0.5), 50);
    assert.equal(backoffDelay(3, opts, () => 0.5), 400);
    assert.ok(backoffDelay(3, opts, () => 0.9999) < 800);
  });

  test("the ceiling is capped, also for very many attempts", () => {
    assert.equal(backoffDelay(10, opts, () => 0.5), 1500);
    assert.equal(backoffDelay(5000, opts, () => 0.5), 1500);
  });

  test("real random delays spread over the whole range", () => {
    const delays = Array.from({ length: 2000 }, () => backoffDelay(4, opts));
    assert.ok(Math.min(...delays) < 160);
    assert.ok(Math.max(...delays) > 1440);
    assert.ok(delays.every((d) => d >= 0 && d < 1600));
  });
});

describe("close-code policy", () => {
  const decide = (code, attempt = 0) => decideOnClose(code, attempt, opts, () => 0.5);

  test("1001 (gateway shutting down) reconnects at once, to the next instance", () => {
    assert.deepEqual(decide(1001), { action: "reconnect", delayMs: 0, freshToken: false, nextUrl: true });
  });

  test("1001 again before any session succeeded backs off", () => {
    assert.ok(decide(1001, 2).delayMs > 0);
  });

  test("4401 reconnects with a new token", () => {
    const d = decide(4401);
    assert.equal(d.action, "reconnect");
    assert.equal(d.freshToken, true);
  });

  test("4403 (another identity) stops and reports", () => {
    assert.deepEqual(decide(4403).action, "stop");
    assert.equal(decide(4403).code, "identity_changed");
  });

  test("4413 (frame too large) stops and reports instead of looping", () => {
    assert.equal(decide(4413).action, "stop");
    assert.equal(decide(4413).code, "frame_too_large");
  });

  test("4408 (slow consumer) reconnects with backoff; the resubscribe follows the reconnect", () => {
    const d = decide(4408, 1);
    assert.equal(d.action, "reconnect");
    assert.equal(d.freshToken, false);
    assert.equal(d.delayMs, 100);
  });

  test("4429 (rate limited) backs off longer than any other reconnect", () => {
    const limited = decideOnClose(4429, 0, opts, () => 0);
    const lost = decideOnClose(1006, 0, opts, () => 0.9999);
    assert.ok(limited.delayMs >= 5000);
    assert.ok(limited.delayMs > lost.delayMs);
  });

  test("a lost connection (1006) reconnects with backoff to the next instance", () => {
    const d = decide(1006, 2);
    assert.deepEqual(d, { action: "reconnect", delayMs: 200, freshToken: false, nextUrl: true });
  });
});

describe("token refresh timing", () => {
  test("a long-lived token is refreshed one minute before expiry", () => {
    assert.equal(refreshDelay(3_600_000, 0), 3_540_000);
  });
  test("a short-lived token is refreshed when a quarter of its life is left", () => {
    assert.equal(refreshDelay(8000, 0), 6000);
  });
  test("an expired token is refreshed at once", () => {
    assert.equal(refreshDelay(1000, 5000), 0);
  });
});
