// Compiled by scripts/check-protocol-types.mjs after it generated ./generated/** from
// docs/schemas with json-schema-to-typescript: every wire type of the client must be exactly
// the type its JSON Schema describes (assignable both ways).
import type * as P from "../../src/core/protocol.js";
import type { Auth } from "./generated/client/auth.js";
import type { Ping } from "./generated/client/ping.js";
import type { Subscribe } from "./generated/client/subscribe.js";
import type { Sync } from "./generated/client/sync.js";
import type { Unsubscribe } from "./generated/client/unsubscribe.js";
import type { AuthOk } from "./generated/server/auth_ok.js";
import type { Complete } from "./generated/server/complete.js";
import type { Delete } from "./generated/server/delete.js";
import type { Error as ErrorFrame } from "./generated/server/error.js";
import type { Insert } from "./generated/server/insert.js";
import type { Pong } from "./generated/server/pong.js";
import type { Result } from "./generated/server/result.js";
import type { Synced } from "./generated/server/synced.js";
import type { Update } from "./generated/server/update.js";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const checks: [
  Same<P.AuthMessage, Auth>,
  Same<P.PingMessage, Ping>,
  Same<P.SubscribeMessage, Subscribe>,
  Same<P.SyncMessage, Sync>,
  Same<P.UnsubscribeMessage, Unsubscribe>,
  Same<P.AuthOkMessage, AuthOk>,
  Same<P.CompleteMessage, Complete>,
  Same<P.DeleteMessage, Delete>,
  Same<P.ErrorMessage, ErrorFrame>,
  Same<P.InsertMessage, Insert>,
  Same<P.PongMessage, Pong>,
  Same<P.ResultMessage, Result>,
  Same<P.SyncedMessage, Synced>,
  Same<P.UpdateMessage, Update>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true];
