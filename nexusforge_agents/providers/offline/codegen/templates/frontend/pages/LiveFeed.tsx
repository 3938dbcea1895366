// Every create, update and delete as it happens, pushed by the server over the /ws/updates WebSocket.
import { useEffect, useState } from "react";
import { entityFields, entityLabels, subscribeUpdates, type LiveUpdate } from "../api";
import { formatValue } from "../lib/fields";

interface Entry extends LiveUpdate {
  key: number;
  at: string;
}

function summary(update: LiveUpdate): string {
  const fields = entityFields[update.entity as keyof typeof entityFields];
  const label = entityLabels[update.entity as keyof typeof entityLabels]?.one ?? update.entity;
  const first = fields?.[0];
  return `${label} #${update.data.id}${first ? ` · ${formatValue(first, update.data[first.name])}` : ""}`;
}

export default function LiveFeedPage() {
  const [connected, setConnected] = useState(false);
  const [entries, setEntries] = useState<Entry[]>([]);

  useEffect(() => {
    let counter = 0;
    return subscribeUpdates((update) => {
      counter += 1;
      const entry = { ...update, key: counter, at: new Date().toLocaleTimeString() };
      setEntries((current) => [entry, ...current].slice(0, 50));
    }, setConnected);
  }, []);

  return (
    <section className="card">
      <div className="toolbar">
        <h1>Live feed</h1>
        <span className={connected ? "badge badge-on" : "badge"}>{connected ? "Connected" : "Connecting…"}</span>
      </div>
      {entries.length === 0 && <p className="muted">Changes show up here the moment anyone makes them.</p>}
      <ul className="feed">
        {entries.map((entry) => (
          <li key={entry.key}>
            <span className={`badge badge-${entry.event}`}>{entry.event}</span> {summary(entry)}
            <span className="muted"> · {entry.at}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
