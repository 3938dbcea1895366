// Preferences kept in this browser, a check that the API is up, and the account.
import { useState } from "react";
import { health } from "../api";
import { errorMessage } from "../lib/http";
import { savePrefs, setToken, usePrefs, useToken } from "../lib/store";
import { AUTH_ENABLED } from "../site";

export default function SettingsPage() {
  const prefs = usePrefs();
  const token = useToken();
  const [status, setStatus] = useState<string | null>(null);

  async function check() {
    try {
      const result = await health();
      setStatus(`API: ${result.status}, database: ${result.database}`);
    } catch (err) {
      setStatus(errorMessage(err));
    }
  }

  return (
    <section className="card narrow">
      <h1>Settings</h1>
      <div className="form">
        <div className="field">
          <label htmlFor="page-size">Rows per page</label>
          <select id="page-size" className="input" value={prefs.pageSize} onChange={(e) => savePrefs({ pageSize: Number(e.target.value) })}>
            {[10, 20, 50, 100].map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="timestamps">Show when rows were last updated</label>
          <input id="timestamps" type="checkbox" checked={prefs.showTimestamps} onChange={(e) => savePrefs({ showTimestamps: e.target.checked })} />
        </div>
        <div className="form-actions">
          <button type="button" className="btn" onClick={() => void check()}>
            Check the API
          </button>
          {status && <span className="muted">{status}</span>}
        </div>
        {AUTH_ENABLED && (
          <div className="form-actions">
            <span>{token ? "You are signed in." : "You are not signed in."}</span>
            {token && (
              <button type="button" className="btn" onClick={() => setToken(null)}>
                Sign out
              </button>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
