import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { api, artifacts, control, createTicket, gatewayA, gatewayB, launch, openDemo, ticketTitles } from "./browser.mjs";

let browser;
before(async () => (browser = await launch()));
after(async () => browser?.close());

const newTenant = () => `demo-${randomUUID().slice(0, 6)}`;
const row = (page, title) => page.getByTestId("ticket").filter({ hasText: title });

describe("the helpdesk demo in real Chromium", () => {
  test("two users in two browser contexts see each other's writes as the read policy allows", async () => {
    const tenant = newTenant();
    const ada = await openDemo(browser, { user: "ada", role: "admin", tenant });
    const ann = await openDemo(browser, { user: "ann", role: "agent", tenant });

    await createTicket(ann.page, "Printer on fire");
    await row(ada.page, "Printer on fire").waitFor();
    await ada.page.getByTestId("latency").getByText("commit→screen").waitFor();

    // ada takes ann's ticket: ann (an agent) still sees it because she created it.
    await row(ada.page, "Printer on fire").click();
    await ada.page.getByTestId("assign-me").click();
    await row(ann.page, "Printer on fire").getByText("ada").waitFor();

    // A ticket ada creates and assigns to herself is not ann's to see; an unassigned one is.
    await createTicket(ada.page, "Payroll export");
    await row(ada.page, "Payroll export").click();
    await ada.page.getByTestId("detail").getByText("Payroll export").waitFor();
    await ada.page.getByTestId("assign-me").click();
    await ada.page.getByTestId("assignee").getByText("ada", { exact: true }).waitFor();
    await createTicket(ada.page, "Coffee machine");
    await row(ann.page, "Coffee machine").waitFor();
    assert.deepEqual((await ticketTitles(ann.page)).sort(), ["Coffee machine", "Printer on fire"]);

    // ann may not close a ticket she neither created nor holds: the page shows the refusal.
    await row(ann.page, "Coffee machine").click();
    await ann.page.getByTestId("detail").getByText("Coffee machine").waitFor();
    await ann.page.getByTestId("close").click();
    await ann.page.getByTestId("error").getByText("403").waitFor();
    // Once she took it (an agent may take an unassigned ticket), she may; ada sees both steps.
    await ann.page.getByTestId("assign-me").click();
    await row(ada.page, "Coffee machine").getByText("ann").waitFor();
    await ann.page.getByTestId("assignee").getByText("ann", { exact: true }).waitFor();
    await ann.page.getByTestId("close").click();
    await row(ada.page, "Coffee machine").getByText("closed").waitFor();

    // A conversation: ada starts it with ann, ann answers, both see the messages live.
    await ada.page.getByTestId("conv-title").fill("Printer follow-up");
    await ada.page.getByTestId("conv-members").fill("ann");
    await ada.page.getByTestId("conv-members").press("Enter");
    await ada.page.getByTestId("chat").waitFor();
    await ann.page.getByTestId("conversation").filter({ hasText: "Printer follow-up" }).click();
    await ada.page.getByTestId("message-body").fill("Is it still burning?");
    await ada.page.getByTestId("message-body").press("Enter");
    await ann.page.getByTestId("message").filter({ hasText: "Is it still burning?" }).waitFor();
    await ann.page.getByTestId("message-body").fill("Only smoke now.");
    await ann.page.getByTestId("message-body").press("Enter");
    await ada.page.getByTestId("message").filter({ hasText: "Only smoke now." }).waitFor();

    await ada.page.screenshot({ path: `${artifacts}/two-users-admin-ada.png`, fullPage: true });
    await ann.page.screenshot({ path: `${artifacts}/two-users-agent-ann.png`, fullPage: true });
    assert.deepEqual([...ada.errors, ...ann.errors], []);
    await ada.context.close();
    await ann.context.close();
  });

  test("a viewer never sees a ticket the policy hides, not even for a moment", async () => {
    const tenant = newTenant();
    const ada = await openDemo(browser, { user: "ada", role: "admin", tenant });
    const vic = await openDemo(browser, { user: "vic", role: "viewer", tenant });
    // Every title that ever enters vic's ticket table is recorded by the page itself.
    await vic.page.evaluate(() => {
      const seen = (window.__seen = new Set());
      const body = document.querySelector("[data-testid=ticket-rows]");
      const record = () => body.querySelectorAll("[data-testid=ticket] .title").forEach((td) => seen.add(td.textContent));
      new MutationObserver(record).observe(body, { childList: true, subtree: true, characterData: true });
      record();
    });
    await createTicket(ada.page, "Secret reorg");
    await createTicket(vic.page, "My laptop is slow");
    await createTicket(ada.page, "Budget 2027");
    await row(ada.page, "Budget 2027").waitFor();
    await row(ada.page, "My laptop is slow").waitFor();
    // ada edits vic's ticket: vic sees the change (she created it) …
    await row(ada.page, "My laptop is slow").click();
    await ada.page.getByTestId("assign-me").click();
    await row(vic.page, "My laptop is slow").getByText("ada").waitFor();
    // … and a write to a hidden ticket after it produces nothing on vic's screen.
    await row(ada.page, "Secret reorg").click();
    await ada.page.getByTestId("detail").getByText("Secret reorg").waitFor();
    await ada.page.getByTestId("close").click();
    await row(ada.page, "Secret reorg").getByText("closed").waitFor();
    await createTicket(vic.page, "Second ticket of vic");
    await row(vic.page, "Second ticket of vic").waitFor();
    const seen = await vic.page.evaluate(() => [...window.__seen].sort());
    assert.deepEqual(seen, ["My laptop is slow", "Second ticket of vic"]);
    await vic.page.screenshot({ path: `${artifacts}/viewer-vic.png`, fullPage: true });
    await ada.context.close();
    await vic.context.close();
  });

  test("the ticket list pages with Load more and filters by status, live", async () => {
    const tenant = newTenant();
    const token = (await (await fetch(`${gatewayA()}/dev/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: "ada", tenant, roles: ["admin"] }),
    })).json()).token;
    const write = (path, body) =>
      fetch(`${api()}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      }).then((r) => r.json());
    for (let i = 1; i <= 12; i++) await write("/api/tickets", { title: `Ticket ${String(i).padStart(2, "0")}` });
    const ada = await openDemo(browser, { user: "ada", role: "admin", tenant });
    await row(ada.page, "Ticket 12").waitFor();
    assert.equal((await ticketTitles(ada.page)).length, 10);
    await ada.page.getByTestId("more").click();
    await row(ada.page, "Ticket 01").waitFor();
    assert.equal((await ticketTitles(ada.page)).length, 12);

    await ada.page.getByTestId("filter").selectOption("closed");
    await ada.page.getByTestId("tickets-status").getByText("live").waitFor();
    assert.deepEqual(await ticketTitles(ada.page), []);
    const closed = await write("/api/tickets", { title: "Closed right away", status: "closed" });
    await row(ada.page, "Closed right away").waitFor();
    assert.deepEqual(await ticketTitles(ada.page), ["Closed right away"]);
    assert.equal(closed.status, "closed");
    await ada.page.screenshot({ path: `${artifacts}/filter-closed.png`, fullPage: true });
    await ada.context.close();
  });

  test("the page recovers by itself after the gateway that served it restarts", async () => {
    const tenant = newTenant();
    await control("gateway-b/start");
    const ann = await openDemo(browser, { gateway: gatewayB(), user: "ann", role: "admin", tenant });
    const ada = await openDemo(browser, { user: "ada", role: "admin", tenant });
    await createTicket(ann.page, "Before the restart");
    await row(ann.page, "Before the restart").waitFor();

    await control("gateway-b/stop");
    await ann.page.locator("[data-testid=connection][data-status=reconnecting]").waitFor({ timeout: 10_000 });
    await ann.page.screenshot({ path: `${artifacts}/restart-reconnecting.png`, fullPage: true });
    await createTicket(ada.page, "While the gateway was down");
    await row(ada.page, "While the gateway was down").waitFor();

    await control("gateway-b/start");
    await ann.page.locator("[data-testid=connection][data-status=open]").waitFor({ timeout: 20_000 });
    await row(ann.page, "While the gateway was down").waitFor({ timeout: 10_000 });
    await createTicket(ada.page, "After the restart");
    await row(ann.page, "After the restart").waitFor({ timeout: 5000 });
    await ann.page.screenshot({ path: `${artifacts}/restart-recovered.png`, fullPage: true });
    await ann.context.close();
    await ada.context.close();
  });
});
