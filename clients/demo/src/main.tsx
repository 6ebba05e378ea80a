import { createClient, createRest, RestError, type ConnectionStatus, type KeepliveClient, type Rest, type Ticket, type Conversation, type Message } from "@keeplive/client";
import { KeepliveProvider, useLiveQuery } from "@keeplive/react";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { createRoot } from "react-dom/client";

// A small helpdesk on @keeplive/client: every list on this page is a live query, every button a
// REST write through the typed helper. Open it twice, as two users, and watch policy at work.

type Role = "admin" | "agent" | "viewer";
interface Identity {
  user: string;
  tenant: string;
  role: Role;
}

const params = new URLSearchParams(location.search);
const apiBase = params.get("api") ?? `${location.protocol}//${location.hostname}:8081`;
const liveUrl = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/live`;

async function devToken(id: Identity): Promise<string> {
  const response = await fetch("/dev/token", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user: id.user, tenant: id.tenant, roles: [id.role], ttl_seconds: 900 }),
  });
  if (!response.ok) throw new Error(`POST /dev/token: ${response.status}`);
  return (await response.json()).token;
}

function App() {
  const [identity, setIdentity] = useState<Identity | null>(() => {
    const user = params.get("user");
    return user ? { user, tenant: params.get("tenant") ?? "acme", role: (params.get("role") as Role) ?? "agent" } : null;
  });
  const session = useMemo(() => {
    if (!identity) return null;
    let token: Promise<string> | undefined;
    const getToken = () => (token = devToken(identity));
    const client = createClient({ url: liveUrl, getToken, backoff: { capMs: 4000 } });
    const rest = createRest({ baseUrl: apiBase, getToken: () => token ?? getToken() });
    return { client, rest };
  }, [identity]);
  useEffect(() => () => session?.client.close(), [session]);

  return (
    <>
      <header>
        <h1>Keeplive helpdesk</h1>
        <SignIn identity={identity} onSignIn={setIdentity} />
        {session && <Connection client={session.client} />}
      </header>
      {session && identity ? (
        <KeepliveProvider client={session.client}>
          <Desk key={`${identity.user}/${identity.tenant}/${identity.role}`} rest={session.rest} identity={identity} />
        </KeepliveProvider>
      ) : (
        <p className="hint">Pick a user and a role. Open a second window as someone else to see policy-filtered live updates.</p>
      )}
    </>
  );
}

function SignIn({ identity, onSignIn }: { identity: Identity | null; onSignIn: (i: Identity) => void }) {
  const [user, setUser] = useState(identity?.user ?? "alice");
  const [tenant, setTenant] = useState(identity?.tenant ?? "acme");
  const [role, setRole] = useState<Role>(identity?.role ?? "agent");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSignIn({ user: user.trim(), tenant: tenant.trim(), role });
  };
  return (
    <form className="signin" onSubmit={submit}>
      <label>
        user <input name="user" value={user} onChange={(e) => setUser(e.target.value)} size={8} list="users" />
      </label>
      <datalist id="users">
        <option value="alice" />
        <option value="bob" />
        <option value="carol" />
        <option value="vic" />
      </datalist>
      <label>
        role
        <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <option>admin</option>
          <option>agent</option>
          <option>viewer</option>
        </select>
      </label>
      <label>
        tenant <input name="tenant" value={tenant} onChange={(e) => setTenant(e.target.value)} size={8} />
      </label>
      <button type="submit">{identity ? "Switch" : "Sign in"}</button>
      {identity && (
        <span className="me" data-testid="me">
          {identity.user} · {identity.role} · {identity.tenant}
        </span>
      )}
    </form>
  );
}

function Connection({ client }: { client: KeepliveClient }) {
  const [status, setStatus] = useState<ConnectionStatus>(client.status);
  useEffect(() => {
    setStatus(client.status);
    return client.onStatus(setStatus);
  }, [client]);
  const label = status === "open" ? "live" : status;
  return (
    <span className={`conn conn-${status}`} data-testid="connection" data-status={status} title={client.error?.message}>
      <i /> {label}
    </span>
  );
}

const statuses = ["open", "in_progress", "closed"] as const;

function Desk({ rest, identity }: { rest: Rest; identity: Identity }) {
  const [filter, setFilter] = useState<string>("");
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string>("");
  const [latency, setLatency] = useState<number | null>(null);
  const tickets = useLiveQuery<Ticket>({
    resource: "tickets",
    sort: ["-updated_at"],
    limit: 10,
    ...(filter ? { filter: { status: filter } } : {}),
  });
  useLatency(tickets.rows, setLatency);

  const act = async (what: () => Promise<unknown>) => {
    setError("");
    try {
      await what();
    } catch (e) {
      setError(e instanceof RestError ? `${e.status}: ${e.message}` : String(e));
    }
  };

  return (
    <main>
      <section className="tickets">
        <h2>
          Tickets <small data-testid="tickets-status">{tickets.status}</small>
        </h2>
        <div className="bar">
          <label>
            status
            <select data-testid="filter" value={filter} onChange={(e) => setFilter(e.target.value)}>
              <option value="">any</option>
              {statuses.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <span className="latency" data-testid="latency">
            {latency === null ? "no change yet" : `last change: ${latency} ms commit→screen`}
          </span>
        </div>
        <NewTicket onCreate={(title) => act(() => rest.tickets.create({ title }))} />
        <table>
          <thead>
            <tr>
              <th>title</th>
              <th>status</th>
              <th>assignee</th>
              <th>by</th>
              <th>v</th>
            </tr>
          </thead>
          <tbody data-testid="ticket-rows">
            {tickets.rows.map((t) => (
              <tr key={t.id} data-testid="ticket" data-id={t.id} className={t.id === selected ? "sel" : ""} onClick={() => setSelected(t.id)}>
                <td className="title">{t.title}</td>
                <td>
                  <span className={`pill ${t.status}`}>{t.status}</span>
                </td>
                <td>{t.assignee_id ?? "—"}</td>
                <td>{t.created_by}</td>
                <td>{t.version}</td>
              </tr>
            ))}
            {tickets.rows.length === 0 && (
              <tr>
                <td colSpan={5} className="hint">
                  {tickets.status === "live" ? "no tickets you may see" : "…"}
                </td>
              </tr>
            )}
          </tbody>
        </table>
        {tickets.hasMore && (
          <button data-testid="more" onClick={() => tickets.loadMore()}>
            Load more
          </button>
        )}
        {error && (
          <p className="error" data-testid="error">
            {error}
          </p>
        )}
      </section>
      <aside>
        {selected && <TicketDetail id={selected} rest={rest} identity={identity} act={act} />}
        <Conversations rest={rest} identity={identity} />
      </aside>
    </main>
  );
}

/** Commit→screen latency: the age of the newest `updated_at` when it first shows on screen. */
function useLatency(rows: readonly { id: string; updated_at: string }[], report: (ms: number) => void) {
  const seen = useRef<Map<string, string> | null>(null);
  useEffect(() => {
    const before = seen.current;
    const now = new Map(rows.map((r) => [r.id, r.updated_at]));
    seen.current = now;
    if (!before) return;
    let newest = 0;
    for (const [id, updated] of now) {
      if (before.get(id) !== updated) newest = Math.max(newest, Date.parse(updated));
    }
    if (newest) report(Math.max(0, Date.now() - newest));
  }, [rows, report]);
}

function NewTicket({ onCreate }: { onCreate: (title: string) => Promise<unknown> }) {
  const [title, setTitle] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const text = title.trim();
    if (!text) return;
    setTitle(""); // at once: the next title typed is never wiped by this write's answer
    void onCreate(text);
  };
  return (
    <form className="new" onSubmit={submit}>
      <input data-testid="new-title" placeholder="New ticket title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
      <button type="submit">Create</button>
    </form>
  );
}

function TicketDetail({ id, rest, identity, act }: { id: string; rest: Rest; identity: Identity; act: (f: () => Promise<unknown>) => Promise<void> }) {
  const q = useLiveQuery<Ticket>({ resource: "tickets", key: id });
  const t = q.rows[0];
  return (
    <section className="detail" data-testid="detail">
      <h2>Ticket</h2>
      {!t ? (
        <p className="hint">{q.status === "live" ? "not visible to you (or deleted)" : "…"}</p>
      ) : (
        <>
          <h3>{t.title}</h3>
          <dl>
            <dt>status</dt>
            <dd>{t.status}</dd>
            <dt>assignee</dt>
            <dd data-testid="assignee">{t.assignee_id ?? "unassigned"}</dd>
            <dt>created by</dt>
            <dd>{t.created_by}</dd>
            <dt>version</dt>
            <dd>{t.version}</dd>
            <dt>updated</dt>
            <dd>{new Date(t.updated_at).toLocaleTimeString()}</dd>
          </dl>
          <div className="actions">
            <button data-testid="assign-me" onClick={() => act(() => rest.tickets.assign(t.id, identity.user, { ifMatch: t.version }))}>
              Assign to me
            </button>
            {t.status !== "in_progress" && t.status !== "closed" && (
              <button onClick={() => act(() => rest.tickets.update(t.id, { status: "in_progress" }, { ifMatch: t.version }))}>Start</button>
            )}
            {t.status !== "closed" && (
              <button data-testid="close" onClick={() => act(() => rest.tickets.update(t.id, { status: "closed" }, { ifMatch: t.version }))}>
                Close
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}

function Conversations({ rest, identity }: { rest: Rest; identity: Identity }) {
  const list = useLiveQuery<Conversation>({ resource: "conversations", sort: ["-updated_at"], limit: 20 });
  const [open, setOpen] = useState<string | null>(null);
  const [title, setTitle] = useState("");
  const [members, setMembers] = useState("");
  const create = async (e: FormEvent) => {
    e.preventDefault();
    const text = title.trim();
    if (!text) return;
    const member_ids = members.split(/[\s,]+/).filter(Boolean);
    setTitle("");
    setMembers("");
    const created = await rest.conversations.create({ title: text, member_ids });
    if (created.row) setOpen(created.row.id);
  };
  const current = list.rows.find((c) => c.id === open);
  return (
    <section className="conversations">
      <h2>Conversations</h2>
      <ul data-testid="conversations">
        {list.rows.map((c) => (
          <li key={c.id} data-testid="conversation" className={c.id === open ? "sel" : ""} onClick={() => setOpen(c.id)}>
            {c.title} <small>{c.members.join(", ")}</small>
          </li>
        ))}
      </ul>
      <form className="new" onSubmit={create}>
        <input data-testid="conv-title" placeholder="New conversation" value={title} onChange={(e) => setTitle(e.target.value)} />
        <input data-testid="conv-members" placeholder="members, e.g. bob carol" value={members} onChange={(e) => setMembers(e.target.value)} />
        <button type="submit">Start</button>
      </form>
      {current && <Chat conversation={current} rest={rest} identity={identity} />}
    </section>
  );
}

function Chat({ conversation, rest, identity }: { conversation: Conversation; rest: Rest; identity: Identity }) {
  const messages = useLiveQuery<Message>(
    { resource: "messages", filter: { conversation_id: conversation.id }, sort: ["created_at"], limit: 100 },
    { mode: "stream" },
  );
  const [body, setBody] = useState("");
  const send = async (e: FormEvent) => {
    e.preventDefault();
    const text = body.trim();
    if (!text) return;
    setBody("");
    await rest.messages.create(conversation.id, { body: text });
  };
  return (
    <div className="chat" data-testid="chat">
      <h3>{conversation.title}</h3>
      <ol data-testid="messages">
        {messages.rows.map((m) => (
          <li key={m.id} data-testid="message" className={m.author_id === identity.user ? "mine" : ""}>
            <b>{m.author_id}</b> {m.body}
          </li>
        ))}
      </ol>
      <form className="new" onSubmit={send}>
        <input data-testid="message-body" placeholder="Message" value={body} onChange={(e) => setBody(e.target.value)} maxLength={4000} />
        <button type="submit">Send</button>
      </form>
    </div>
  );
}

createRoot(document.getElementById("app")!).render(<App />);
