import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { closeAll, filteringWebSocket, ids, newTenant, sameIds, titles, until, user } from "./support.mjs";

after(closeAll);

describe("@keeplive/client against the real stack: live queries", () => {
  for (const mode of ["refetch", "stream"]) {
    test(`a ${mode} live list follows creates, updates and deletes and equals a fresh query`, async () => {
      const tenant = newTenant();
      const admin = user("ada", tenant, "admin");
      const client = admin.client();
      const q = client.live({ resource: "tickets", filter: { status: { in: ["open", "in_progress"] } }, sort: ["-updated_at"], limit: 50 }, { mode });
      await until(q, (s) => s.status === "live", 10_000, "live");
      assert.deepEqual(q.rows, []);

      const a = (await admin.rest.tickets.create({ title: "first" })).row;
      const b = (await admin.rest.tickets.create({ title: "second" })).row;
      await until(q, (s) => sameIds(ids(s), [a.id, b.id]), 5000, "both rows");
      await admin.rest.tickets.update(a.id, { title: "first, edited" }, { ifMatch: a.version });
      // Sorted by -updated_at: the edited row moves to the top.
      await until(q, (s) => titles(s).join() === "first, edited,second", 5000, "edit on top");
      await admin.rest.tickets.update(b.id, { status: "closed" });
      await until(q, (s) => sameIds(ids(s), [a.id]), 5000, "closed one filtered out");
      await admin.rest.tickets.destroy(a.id);
      const last = await until(q, (s) => s.rows.length === 0, 5000, "deleted");
      const fresh = await admin.rest.tickets.list({ status: ["open", "in_progress"] });
      assert.deepEqual(ids(last), fresh.map((r) => r.id));
      assert.equal(last.status, "live");
    });
  }

  for (const mode of ["refetch", "stream"]) {
    test(`an agent's ${mode} list loses a ticket once it is reassigned to someone else`, async () => {
      const tenant = newTenant();
      const admin = user("ada", tenant, "admin");
      const ann = user("ann", tenant, "agent");
      const q = ann.client().live({ resource: "tickets", sort: ["-updated_at"] }, { mode });
      const t = (await admin.rest.tickets.create({ title: "unassigned, ann may see it" })).row;
      await until(q, (s) => ids(s).includes(t.id), 10_000, "unassigned ticket visible to ann");
      await admin.rest.tickets.assign(t.id, "bob");
      await until(q, (s) => !ids(s).includes(t.id), 5000, "reassigned ticket gone");
      const again = (await admin.rest.tickets.assign(t.id, "ann")).row;
      await until(q, (s) => ids(s).includes(again.id), 5000, "assigned to ann: back");
    });
  }

  test("a member's live conversation empties when they are removed from it", async () => {
    const tenant = newTenant();
    const admin = user("ada", tenant, "admin");
    const ann = user("ann", tenant, "agent");
    const conversation = (await admin.rest.conversations.create({ title: "support", member_ids: ["ann"] })).row;
    const q = ann.client().live({ resource: "messages", filter: { conversation_id: conversation.id }, sort: ["created_at"] }, { mode: "stream" });
    await until(q, (s) => s.status === "live", 10_000, "live");
    await admin.rest.messages.create(conversation.id, { body: "hello ann" });
    await ann.rest.messages.create(conversation.id, { body: "hi" });
    await until(q, (s) => s.rows.map((r) => r.body).join() === "hello ann,hi", 5000, "both messages in order");
    await admin.rest.conversations.removeMember(conversation.id, "ann");
    await until(q, (s) => s.rows.length === 0, 5000, "conversation emptied");
  });

  test("a single-record query of a ticket the user may not see has no row, exactly like a missing one", async () => {
    const tenant = newTenant();
    const admin = user("ada", tenant, "admin");
    const vic = user("vic", tenant, "viewer");
    const hidden = (await admin.rest.tickets.create({ title: "not vic's", assignee_id: "bob" })).row;
    const client = vic.client();
    const invisible = client.live({ resource: "tickets", key: hidden.id });
    const missing = client.live({ resource: "tickets", key: "00000000-0000-4000-8000-000000000000" });
    const own = (await vic.rest.tickets.create({ title: "vic's own" })).row;
    const visible = client.live({ resource: "tickets", key: own.id });
    await until(visible, (s) => s.status === "live" && s.rows.length === 1, 10_000, "own ticket");
    const [a, b] = await Promise.all([until(invisible, (s) => s.status === "live"), until(missing, (s) => s.status === "live")]);
    assert.deepEqual(a.rows, []);
    assert.deepEqual(b.rows, []);
  });

  test("loadMore extends a list page by page without losing or repeating a row, and says when nothing follows", async () => {
    const tenant = newTenant();
    const admin = user("ada", tenant, "admin");
    const made = [];
    for (let i = 1; i <= 5; i++) made.push((await admin.rest.tickets.create({ title: `t${i}` })).row);
    const sent = [];
    const q = admin
      .client({ WebSocket: filteringWebSocket(() => true, sent) })
      .live({ resource: "tickets", sort: ["-updated_at"], limit: 2 });
    let s = await until(q, (x) => x.status === "live" && x.rows.length === 2, 10_000, "first page");
    assert.deepEqual(titles(s), ["t5", "t4"]);
    assert.equal(s.hasMore, true);
    assert.equal(q.loadMore(), true);
    s = await until(q, (x) => x.status === "live" && x.rows.length === 4, 5000, "second page");
    assert.deepEqual(titles(s), ["t5", "t4", "t3", "t2"]);
    // §4.2: the first page is pinned at its last row and the second starts after it.
    const subscribes = sent.filter((m) => m.type === "subscribe");
    assert.ok(subscribes.some((m) => m.until !== undefined && m.after === undefined), "first page pinned with until");
    assert.ok(subscribes.some((m) => m.after !== undefined && m.limit === 2), "second page after the cursor");
    await admin.rest.tickets.create({ title: "t6" }); // newest: lands above the pages
    s = await until(q, (x) => titles(x)[0] === "t6", 5000, "insert above");
    // An edit moves t1 (below both pages) to the top, across every page boundary.
    await admin.rest.tickets.update(made[0].id, { title: "t1 edited" });
    s = await until(q, (x) => titles(x)[0] === "t1 edited", 5000, "moved to the top");
    while (q.loadMore()) {
      s = await until(q, (x) => x.status === "live", 5000, "next page");
    }
    // A window just opened is not ready yet (and says no more until it is): wait for the state the
    // last page settles in, which must be "nothing follows".
    s = await until(q, (x) => x.status === "live" && !x.hasMore && titles(x).length === 6, 5000, "last page");
    assert.deepEqual(titles(s), ["t1 edited", "t6", "t5", "t4", "t3", "t2"]);
    assert.equal(q.loadMore(), false);
  });

  test("async iteration yields the live snapshots until the query is closed", async () => {
    const tenant = newTenant();
    const admin = user("ada", tenant, "admin");
    const q = admin.client().live({ resource: "tickets" });
    const created = admin.rest.tickets.create({ title: "iterated" });
    const seen = [];
    for await (const s of q) {
      seen.push(s.status);
      if (s.rows.some((r) => r.title === "iterated")) q.close();
    }
    await created;
    assert.equal(seen[0], "loading");
    assert.ok(seen.includes("live"));
  });

  test("sync resolves once every view reflects the write whose Keeplive-Position it was given", async () => {
    const tenant = newTenant();
    const admin = user("ada", tenant, "admin");
    const other = user("bob", tenant, "admin");
    const client = admin.client();
    const list = client.live({ resource: "tickets" });
    const streamed = client.live({ resource: "tickets" }, { mode: "stream" });
    await until(list, (s) => s.status === "live", 10_000, "live");
    await until(streamed, (s) => s.status === "live", 10_000, "live");
    for (let i = 0; i < 5; i++) {
      const noise = other.rest.tickets.create({ title: `someone else ${i}` });
      const written = await admin.rest.tickets.create({ title: `read your writes ${i}` });
      assert.match(written.position ?? "", /^[0-9]+$/, "a write answers Keeplive-Position");
      await client.sync(written.position);
      // §4.1: once synced to the write's position, the write is in every view, at once.
      assert.ok(ids(list).includes(written.row.id), `list holds write ${i} when sync resolves`);
      assert.ok(ids(streamed).includes(written.row.id), `stream holds write ${i} when sync resolves`);
      await noise;
    }
  });
});
