// Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core. Each launch gets a fresh
// temporary profile from playwright; nothing is downloaded.
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

export const artifacts = `${process.env.KEEPLIVE_ARTIFACTS ?? "target"}/screenshots`;
mkdirSync(artifacts, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through ClientsOnRealStackEndToEndTest`);
  return value;
}

export const gatewayA = () => required("KEEPLIVE_GATEWAY_A");
export const gatewayB = () => required("KEEPLIVE_GATEWAY_B");
export const api = () => required("KEEPLIVE_API");

export async function control(action) {
  const response = await fetch(`${required("KEEPLIVE_CONTROL")}/${action}`, { method: "POST" });
  if (!response.ok) throw new Error(`control ${action}: ${response.status}`);
}

/** Opens the demo as `user` with `role` in a new browser context (its own cookies and storage). */
export async function openDemo(browser, { gateway = gatewayA(), user, role, tenant }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const url = `${gateway}/?api=${encodeURIComponent(api())}&user=${user}&role=${role}&tenant=${tenant}`;
  await page.goto(url);
  await page.getByTestId("connection").and(page.locator("[data-status=open]")).waitFor({ timeout: 15_000 });
  await page.getByTestId("tickets-status").getByText("live").waitFor({ timeout: 15_000 });
  return { page, context, errors };
}

export const ticketTitles = (page) => page.getByTestId("ticket").locator(".title").allTextContents();

export async function createTicket(page, title) {
  await page.getByTestId("new-title").fill(title);
  await page.getByTestId("new-title").press("Enter");
}
