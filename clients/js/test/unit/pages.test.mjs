import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { applyMessage, combinedRows, firstWindow, moreAvailable, planLoadMore, rowComparator } from "../../dist/index.js";

const compare = rowComparator(["title"]);
const row = (id) => ({ id, title: id });
function receive(window, message) {
  const applied = applyMessage(window.view, message, compare);
  assert.equal(applied.gap, undefined);
  return { ...window, view: applied.view };
}

describe("pages (keyset windows)", () => {
  test("with cursors, loading more pins the last window to its cursor and opens the next after it", () => {
    let windows = [receive(firstWindow(2), { type: "result", id: "q", seq: 1, rows: [row("a"), row("b")], has_more: true, next: "c-b" })];
    const plan = planLoadMore(windows, 2, 500);
    assert.deepEqual(plan.resubscribe, [0, 1]);
    assert.equal(plan.windows[0].after, undefined);
    assert.equal(plan.windows[0].until, "c-b");
    assert.equal(plan.windows[0].limit, 500);
    assert.equal(plan.windows[1].after, "c-b");
    assert.equal(plan.windows[1].until, undefined);
    assert.equal(plan.windows[1].limit, 2);
    // The pinned window keeps its rows on screen while it is resubscribed.
    assert.deepEqual(combinedRows(plan.windows).map((r) => r.id), ["a", "b"]);
    windows = [
      receive(plan.windows[0], { type: "result", id: "q.2", seq: 1, rows: [row("a"), row("aa"), row("b")], has_more: true, next: "c-b" }),
      receive(plan.windows[1], { type: "result", id: "q.3", seq: 1, rows: [row("c")], has_more: false, next: "c-c" }),
    ];
    // A row inserted into the first page meanwhile stays there: nothing lost, nothing twice.
    assert.deepEqual(combinedRows(windows).map((r) => r.id), ["a", "aa", "b", "c"]);
    assert.equal(moreAvailable(windows, 500), false);
    assert.equal(planLoadMore(windows, 2, 500), undefined);
  });

  test("a pinned window does not resend the etag of a different subscription", () => {
    const w = receive(firstWindow(2), { type: "result", id: "q", seq: 1, rows: [row("a"), row("b")], has_more: true, next: "c-b", etag: "e" });
    const plan = planLoadMore([w], 2, 500);
    assert.equal(plan.windows[0].view.etag, undefined);
  });

  test("without cursors from the gateway, loading more grows the one window's limit", () => {
    const w = receive(firstWindow(2), { type: "result", id: "q", seq: 1, rows: [row("a"), row("b")] });
    assert.equal(moreAvailable([w], 500), true);
    const plan = planLoadMore([w], 2, 500);
    assert.deepEqual(plan.resubscribe, [0]);
    assert.equal(plan.windows.length, 1);
    assert.equal(plan.windows[0].limit, 4);
    assert.equal(plan.windows[0].after, undefined);
  });

  test("a window that is not full has no more rows, and the limit never exceeds the maximum", () => {
    const partial = receive(firstWindow(5), { type: "result", id: "q", seq: 1, rows: [row("a")] });
    assert.equal(planLoadMore([partial], 5, 500), undefined);
    const nearMax = receive(firstWindow(400), { type: "result", id: "q", seq: 1, rows: Array.from({ length: 400 }, (_, i) => row(`r${i}`)) });
    assert.equal(planLoadMore([nearMax], 400, 500).windows[0].limit, 500);
  });

  test("nothing is loaded while the last window has no result yet", () => {
    assert.equal(planLoadMore([firstWindow(2)], 2, 500), undefined);
  });

  test("a row seen in two windows at once (moving between pages) shows once", () => {
    const a = receive(firstWindow(2), { type: "result", id: "q", seq: 1, rows: [row("a"), row("b")] });
    const b = receive(firstWindow(2), { type: "result", id: "q", seq: 1, rows: [row("b"), row("c")] });
    assert.deepEqual(combinedRows([a, b]).map((r) => r.id), ["a", "b", "c"]);
  });
});
