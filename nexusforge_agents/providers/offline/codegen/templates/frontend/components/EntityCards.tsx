// A panel of the latest items of a resource as cards, with a search box.
import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { formatValue } from "../lib/fields";
import { errorMessage, type FieldMeta, type Resource, type Row, type Values } from "../lib/http";

interface Props {
  title: string;
  subtitle: string;
  resource: Resource<Row, Values>;
  fields: FieldMeta[];
  detailRoute?: string;
}

export function EntityCards({ title, subtitle, resource, fields, detailRoute }: Props) {
  const [query, setQuery] = useState("");
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState<string | null>(null);
  const shownFields = fields.slice(0, 4);

  useEffect(() => {
    let cancelled = false;
    const timer = window.setTimeout(() => {
      resource
        .list({ q: query.trim() || undefined, limit: 100 })
        .then((items) => !cancelled && setRows(items.slice(-12).reverse()))
        .catch((err: unknown) => !cancelled && setError(errorMessage(err)));
    }, 250);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [resource, query]);

  return (
    <section>
      <div className="toolbar">
        <div>
          <h1>{title}</h1>
          <p className="muted">{subtitle}</p>
        </div>
        <input
          className="input search"
          type="search"
          placeholder="Search…"
          aria-label={`Search ${title}`}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      </div>
      {error && <p className="error">{error}</p>}
      {!error && rows.length === 0 && <p className="muted">Nothing here yet.</p>}
      <div className="cards">
        {rows.map((row) => (
          <article key={row.id} className="card">
            <h2>
              {detailRoute ? <Link to={`${detailRoute}?id=${row.id}`}>#{row.id}</Link> : `#${row.id}`}{" "}
              {shownFields.length > 0 && formatValue(shownFields[0], row[shownFields[0].name])}
            </h2>
            <dl className="details compact">
              {shownFields.slice(1).map((field) => (
                <div key={field.name}>
                  <dt>{field.label}</dt>
                  <dd>{formatValue(field, row[field.name])}</dd>
                </div>
              ))}
            </dl>
          </article>
        ))}
      </div>
    </section>
  );
}
