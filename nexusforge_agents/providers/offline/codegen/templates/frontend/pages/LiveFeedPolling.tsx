// The most recently changed __LABEL__. This app has no WebSocket endpoint, so the feed asks again every 10 seconds.
import { useEffect, useState } from "react";
import { api, entityFields } from "../api";
import { formatTimestamp, formatValue } from "../lib/fields";
import { errorMessage, type Row } from "../lib/http";

const FIELDS = entityFields.__PLURAL__;

export default function LiveFeedPage() {
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const load = () =>
      api.__PLURAL__
        .list({ limit: 500 })
        .then((items) => {
          setRows([...items].sort((a, b) => b.updated_at.localeCompare(a.updated_at)).slice(0, 20));
          setError(null);
        })
        .catch((err: unknown) => setError(errorMessage(err)));
    void load();
    const timer = window.setInterval(() => void load(), 10000);
    return () => window.clearInterval(timer);
  }, []);

  return (
    <section className="card">
      <h1>Latest __LABEL__</h1>
      {error && <p className="error">{error}</p>}
      {!error && rows.length === 0 && <p className="muted">Nothing here yet.</p>}
      <ul className="feed">
        {rows.map((row) => (
          <li key={row.id}>
            #{row.id} {FIELDS.length > 0 && formatValue(FIELDS[0], row[FIELDS[0].name])}
            <span className="muted"> · {formatTimestamp(row.updated_at)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
