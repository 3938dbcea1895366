// One item of a resource (?id=N); without an id, a list of items to pick from.
import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { formatTimestamp, formatValue } from "../lib/fields";
import { errorMessage, type FieldMeta, type Resource, type Row, type Values } from "../lib/http";

interface Props {
  title: string;
  resource: Resource<Row, Values>;
  fields: FieldMeta[];
  formRoute?: string;
  listRoute?: string;
}

export function EntityDetail({ title, resource, fields, formRoute, listRoute }: Props) {
  const [params] = useSearchParams();
  const id = Number(params.get("id")) || null;
  const [item, setItem] = useState<Row | null>(null);
  const [choices, setChoices] = useState<Row[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setError(null);
    setItem(null);
    const load = id === null ? resource.list({ limit: 50 }).then(setChoices) : resource.get(id).then(setItem);
    load.catch((err: unknown) => setError(errorMessage(err)));
  }, [id, resource]);

  if (id === null) {
    return (
      <section className="card narrow">
        <h1>{title}</h1>
        {error && <p className="error">{error}</p>}
        {choices.length === 0 && !error && <p className="muted">Nothing here yet.</p>}
        <ul className="link-list">
          {choices.map((row) => (
            <li key={row.id}>
              <Link to={`?id=${row.id}`}>
                #{row.id} {fields.length > 0 ? formatValue(fields[0], row[fields[0].name]) : ""}
              </Link>
            </li>
          ))}
        </ul>
      </section>
    );
  }
  return (
    <section className="card narrow">
      <h1>
        {title} #{id}
      </h1>
      {error && <p className="error">{error}</p>}
      {item && (
        <dl className="details">
          {fields.map((field) => (
            <div key={field.name}>
              <dt>{field.label}</dt>
              <dd>{formatValue(field, item[field.name])}</dd>
            </div>
          ))}
          <div>
            <dt>Created</dt>
            <dd>{formatTimestamp(item.created_at)}</dd>
          </div>
          <div>
            <dt>Updated</dt>
            <dd>{formatTimestamp(item.updated_at)}</dd>
          </div>
        </dl>
      )}
      <div className="form-actions">
        {formRoute && (
          <Link className="btn btn-primary" to={`${formRoute}?id=${id}`}>
            Edit
          </Link>
        )}
        {listRoute && (
          <Link className="btn" to={listRoute}>
            Back to the list
          </Link>
        )}
      </div>
    </section>
  );
}
