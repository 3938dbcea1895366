// A searchable, paged table of one resource, with links to its detail and form pages and a delete button.
import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { formatTimestamp, formatValue } from "../lib/fields";
import { errorMessage, type FieldMeta, type Resource, type Row, type Values } from "../lib/http";
import { usePrefs } from "../lib/store";

interface Props {
  title: string;
  resource: Resource<Row, Values>;
  fields: FieldMeta[];
  formRoute?: string;
  detailRoute?: string;
}

export function EntityTable({ title, resource, fields, formRoute, detailRoute }: Props) {
  const { pageSize, showTimestamps } = usePrefs();
  const [query, setQuery] = useState("");
  const [page, setPage] = useState(0);
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  const columns = fields.slice(0, 5);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    // Wait for a pause in typing before searching.
    const timer = window.setTimeout(() => {
      resource
        .list({ q: query.trim() || undefined, skip: page * pageSize, limit: pageSize + 1 })
        .then((items) => {
          if (!cancelled) {
            setRows(items);
            setError(null);
          }
        })
        .catch((err: unknown) => !cancelled && setError(errorMessage(err)))
        .finally(() => !cancelled && setLoading(false));
    }, 250);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [resource, query, page, pageSize, version]);

  async function remove(id: number) {
    if (!window.confirm(`Delete #${id}?`)) return;
    try {
      await resource.remove(id);
      setVersion((v) => v + 1);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  const shown = rows.slice(0, pageSize);
  return (
    <section className="card">
      <div className="toolbar">
        <h1>{title}</h1>
        <input
          className="input search"
          type="search"
          placeholder="Search…"
          aria-label={`Search ${title}`}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setPage(0);
          }}
        />
        {formRoute && (
          <Link className="btn btn-primary" to={formRoute}>
            New
          </Link>
        )}
      </div>
      {error && <p className="error">{error}</p>}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>#</th>
              {columns.map((field) => (
                <th key={field.name}>{field.label}</th>
              ))}
              {showTimestamps && <th>Updated</th>}
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.id}>
                <td>{row.id}</td>
                {columns.map((field) => (
                  <td key={field.name}>{formatValue(field, row[field.name])}</td>
                ))}
                {showTimestamps && <td>{formatTimestamp(row.updated_at)}</td>}
                <td>
                  <div className="actions">
                    {detailRoute && <Link to={`${detailRoute}?id=${row.id}`}>View</Link>}
                    {formRoute && <Link to={`${formRoute}?id=${row.id}`}>Edit</Link>}
                    <button type="button" className="btn btn-link" onClick={() => void remove(row.id)}>
                      Delete
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!loading && shown.length === 0 && <p className="muted">{query ? "Nothing matches your search." : "Nothing here yet."}</p>}
      <div className="pager">
        <button type="button" className="btn" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
          Previous
        </button>
        <span className="muted">Page {page + 1}</span>
        <button type="button" className="btn" disabled={rows.length <= pageSize} onClick={() => setPage((p) => p + 1)}>
          Next
        </button>
      </div>
    </section>
  );
}
