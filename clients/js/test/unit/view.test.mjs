import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { applyMessage, emptyView, restartView, rowComparator } from "../../dist/index.js";

const byUpdatedDesc = rowComparator(["-updated_at"]);
const t = (id, updated_at, extra = {}) => ({ id, updated_at, ...extra });
const ids = (view) => view.rows.map((r) => r.id);

function run(messages, compare = byUpdatedDesc, view = emptyView) {
  for (const m of messages) {
    const applied = applyMessage(view, m, compare);
    assert.equal(applied.gap, undefined, `unexpected gap at ${JSON.stringify(m)}`);
    view = applied.view;
  }
  return view;
}

describe("view reducer", () => {
  test("a refetch result replaces the whole view", () => {
    const view = run([
      { type: "result", id: "q", seq: 1, rows: [t("a", "2"), t("b", "1")] },
      { type: "result", id: "q", seq: 2, rows: [t("c", "3")] },
    ]);
    assert.deepEqual(ids(view), ["c"]);
    assert.equal(view.seq, 2);
    assert.equal(view.ready, true);
  });

  test("stream inserts land in the subscription's sort order, ties broken by id", () => {
    const view = run([
      { type: "result", id: "q", seq: 1, rows: [t("a", "5"), t("c", "3")] },
      { type: "insert", id: "q", seq: 2, row: t("b", "4") },
      { type: "insert", id: "q", seq: 3, row: t("e", "9") },
      { type: "insert", id: "q", seq: 4, row: t("d", "3") },
      { type: "insert", id: "q", seq: 5, row: t("z", "0") },
    ]);
    assert.deepEqual(ids(view), ["e", "a", "b", "c", "d", "z"]);
  });

  test("a stream update replaces the row and moves it to its new place", () => {
    const view = run([
      { type: "result", id: "q", seq: 1, rows: [t("a", "5"), t("b", "4"), t("c", "3")] },
      { type: "update", id: "q", seq: 2, row: t("c", "6", { title: "now first" }) },
    ]);
    assert.deepEqual(ids(view), ["c", "a", "b"]);
    assert.equal(view.rows[0].title, "now first");
  });

  test("a stream delete removes the row by id", () => {
    const view = run([
      { type: "result", id: "q", seq: 1, rows: [t("a", "5"), t("b", "4")] },
      { type: "delete", id: "q", seq: 2, row: { id: "a" } },
    ]);
    assert.deepEqual(ids(view), ["b"]);
  });

  test("ascending order puts nulls last and descending puts them first, like PostgreSQL", () => {
    const asc = rowComparator(["assignee_id"]);
    const desc = rowComparator(["-assignee_id"]);
    const rows = [t("1", "x", { assignee_id: null }), t("2", "x", { assignee_id: "bob" }), t("3", "x", { assignee_id: "ann" })];
    assert.deepEqual([...rows].sort(asc).map((r) => r.id), ["3", "2", "1"]);
    assert.deepEqual([...rows].sort(desc).map((r) => r.id), ["1", "2", "3"]);
  });

  test("a skipped seq is a gap and leaves the view untouched", () => {
    const view = run([{ type: "result", id: "q", seq: 1, rows: [t("a", "1")] }]);
    const applied = applyMessage(view, { type: "insert", id: "q", seq: 3, row: t("b", "2") }, byUpdatedDesc);
    assert.deepEqual(applied.gap, { expected: 2, got: 3 });
    assert.equal(applied.view, view);
  });

  test("a repeated seq is a gap too", () => {
    const view = run([{ type: "result", id: "q", seq: 1, rows: [] }]);
    assert.ok(applyMessage(view, { type: "result", id: "q", seq: 1, rows: [] }, byUpdatedDesc).gap);
  });

  test("a row change before the first result is a gap", () => {
    const applied = applyMessage(emptyView, { type: "insert", id: "q", seq: 1, row: t("a", "1") }, byUpdatedDesc);
    assert.ok(applied.gap);
  });

  test("after a restart the next subscription's seq starts at 1 and the old rows stay until its result", () => {
    const before = run([
      { type: "result", id: "q", seq: 1, rows: [t("a", "1")] },
      { type: "insert", id: "q", seq: 2, row: t("b", "2") },
    ]);
    const restarted = restartView(before);
    assert.equal(restarted.seq, 0);
    assert.equal(restarted.ready, false);
    assert.deepEqual(ids(restarted), ["b", "a"]);
    const after = run([{ type: "result", id: "q2", seq: 1, rows: [t("c", "3")] }], byUpdatedDesc, restarted);
    assert.deepEqual(ids(after), ["c"]);
  });

  test("an unchanged result keeps the rows and takes the new position", () => {
    const first = run([{ type: "result", id: "q", seq: 1, rows: [t("a", "1")], etag: "e1", at: "10" }]);
    const again = run(
      [{ type: "result", id: "q2", seq: 1, unchanged: true, etag: "e1", at: "12" }],
      byUpdatedDesc,
      restartView(first),
    );
    assert.deepEqual(ids(again), ["a"]);
    assert.equal(again.etag, "e1");
    assert.equal(again.at, "12");
  });

  test("a row change makes the etag stale, so no resubscribe claims rows it does not have", () => {
    const view = run([
      { type: "result", id: "q", seq: 1, rows: [], etag: "e1", at: "1" },
      { type: "insert", id: "q", seq: 2, row: t("a", "1"), at: "2" },
    ]);
    assert.equal(view.etag, undefined);
    assert.equal(view.at, "2");
  });

  test("has_more and next of a result are kept for paging", () => {
    const view = run([{ type: "result", id: "q", seq: 1, rows: [t("a", "1")], has_more: true, next: "c1" }]);
    assert.equal(view.hasMore, true);
    assert.equal(view.next, "c1");
  });
});
