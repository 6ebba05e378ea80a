// getting-started: page
// A live list of the caller's tasks. The token comes from the page's address (?token=…): in
// development mode the gateway mints one (step 6); a real front end gets it from its login.
import { createClient } from "@keeplive/client";

type Task = { id: string; title: string; state: string; assignee_id: string | null };

const token = new URLSearchParams(location.search).get("token") ?? "";
const client = createClient({
  url: "ws://localhost:8080/live",
  getToken: async () => token,
});

const tasks = client.live<Task>({ resource: "tasks", sort: ["-updated_at"], limit: 50 });
const list = document.getElementById("tasks")!;
tasks.subscribe(({ rows, status }) => {
  list.replaceChildren(
    ...rows.map((task) => {
      const item = document.createElement("li");
      item.textContent = `${task.title} (${task.state})`;
      return item;
    }),
  );
  document.title = `${rows.length} tasks (${status})`;
});
// getting-started: end
