import { CloseCodes } from "./protocol.js";

/** Exponential backoff with full jitter: a uniformly random delay in [0, min(cap, base·2^attempt)). */
export interface BackoffOptions {
  readonly baseMs: number;
  readonly capMs: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 250, capMs: 15_000 };

/** Rate-limited sessions (4429) wait at least this long, and back off from a larger base. */
export const rateLimitedFloorMs = 5_000;

export function backoffDelay(
  attempt: number,
  options: BackoffOptions = defaultBackoff,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

export type ReportedCode = "identity_changed" | "frame_too_large";

/** What to do after the socket closed (not at the client's request). */
export type CloseDecision =
  | {
      readonly action: "reconnect";
      readonly delayMs: number;
      /** Ask `getToken()` for a new token before authenticating again. */
      readonly freshToken: boolean;
      /** Try the next URL (another gateway instance) when several are configured. */
      readonly nextUrl: boolean;
    }
  | { readonly action: "stop"; readonly code: ReportedCode; readonly message: string };

/**
 * The close-code policy of `keeplive.v1` (docs/protocol.md, "Reconnecting"). `attempt` counts
 * reconnects since the last successful authentication (0 for the first).
 */
export function decideOnClose(
  code: number,
  attempt: number,
  options: BackoffOptions = defaultBackoff,
  random: () => number = Math.random,
): CloseDecision {
  switch (code) {
    case CloseCodes.GOING_AWAY:
      // A rolling deploy: this instance is going away, another one is ready. At once, elsewhere;
      // only repeated 1001s without a successful session in between back off.
      return {
        action: "reconnect",
        delayMs: attempt === 0 ? 0 : backoffDelay(attempt, options, random),
        freshToken: false,
        nextUrl: true,
      };
    case CloseCodes.UNAUTHENTICATED:
      return {
        action: "reconnect",
        delayMs: attempt === 0 ? 0 : backoffDelay(attempt, options, random),
        freshToken: true,
        nextUrl: false,
      };
    case CloseCodes.IDENTITY_CHANGED:
      return {
        action: "stop",
        code: "identity_changed",
        message: "getToken() returned a token of another user or tenant (close 4403)",
      };
    case CloseCodes.FRAME_TOO_LARGE:
      return {
        action: "stop",
        code: "frame_too_large",
        message: "the gateway refused a frame as too large (close 4413): a client bug, not retried",
      };
    case CloseCodes.RATE_LIMITED:
      return {
        action: "reconnect",
        delayMs:
          rateLimitedFloorMs +
          backoffDelay(attempt, { baseMs: options.baseMs * 8, capMs: options.capMs * 4 }, random),
        freshToken: false,
        nextUrl: false,
      };
    case CloseCodes.SLOW_CONSUMER:
      return {
        action: "reconnect",
        delayMs: backoffDelay(attempt, options, random),
        freshToken: false,
        nextUrl: false,
      };
    default:
      // 1006 (connection lost, instance crashed), 1011, 1012, 1000 from the server, …
      return {
        action: "reconnect",
        delayMs: backoffDelay(attempt, options, random),
        freshToken: false,
        nextUrl: true,
      };
  }
}

/** Milliseconds until the token should be refreshed in-band: a quarter of its remaining life
 * before expiry, at most one minute before. */
export function refreshDelay(expiresAtMs: number, nowMs: number): number {
  const remaining = expiresAtMs - nowMs;
  if (!(remaining > 0)) return 0;
  return Math.max(0, remaining - Math.min(60_000, remaining / 4));
}
