// The create/edit form of one resource: ?id=N edits that item, no id creates a new one.
import { useEffect, useState, type FormEvent } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";
import { emptyInputs, fromInputs, inputType, toInputs, type Inputs } from "../lib/fields";
import { errorMessage, type FieldMeta, type Resource, type Row, type Values } from "../lib/http";

interface Props {
  title: string;
  resource: Resource<Row, Values>;
  fields: FieldMeta[];
  listRoute?: string;
  detailRoute?: string;
}

export function EntityForm({ title, resource, fields, listRoute, detailRoute }: Props) {
  const [params] = useSearchParams();
  const id = Number(params.get("id")) || null;
  const navigate = useNavigate();
  const [inputs, setInputs] = useState<Inputs>(() => emptyInputs(fields));
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setError(null);
    if (id === null) {
      setInputs(emptyInputs(fields));
      return;
    }
    resource
      .get(id)
      .then((item) => setInputs(toInputs(fields, item)))
      .catch((err: unknown) => setError(errorMessage(err)));
  }, [id, resource, fields]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const body = fromInputs(fields, inputs);
      const item = id === null ? await resource.create(body) : await resource.update(id, body);
      if (detailRoute) navigate(`${detailRoute}?id=${item.id}`);
      else if (listRoute) navigate(listRoute);
      else {
        setNotice(`Saved #${item.id}.`);
        if (id === null) setInputs(emptyInputs(fields));
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  function set(name: string, value: string | boolean) {
    setInputs((current) => ({ ...current, [name]: value }));
  }

  return (
    <section className="card narrow">
      <h1>{id === null ? `New ${title}` : `Edit ${title} #${id}`}</h1>
      <form className="form" onSubmit={(event) => void submit(event)}>
        {fields.map((field) => {
          const value = inputs[field.name];
          const id = `field-${field.name}`;
          let control;
          if (field.type === "boolean") {
            control = (
              <input id={id} type="checkbox" checked={value === true} onChange={(e) => set(field.name, e.target.checked)} />
            );
          } else if (field.choices) {
            control = (
              <select id={id} className="input" value={String(value)} required={field.required} onChange={(e) => set(field.name, e.target.value)}>
                {!field.required && <option value="">—</option>}
                {field.choices.map((choice) => (
                  <option key={choice} value={choice}>
                    {choice}
                  </option>
                ))}
              </select>
            );
          } else if (field.type === "text") {
            control = (
              <textarea id={id} className="input" rows={4} value={String(value)} required={field.required} onChange={(e) => set(field.name, e.target.value)} />
            );
          } else {
            control = (
              <input
                id={id}
                className="input"
                type={inputType(field)}
                step={field.type === "float" ? "any" : undefined}
                value={String(value)}
                required={field.required}
                onChange={(e) => set(field.name, e.target.value)}
              />
            );
          }
          return (
            <div key={field.name} className={field.type === "boolean" ? "field field-inline" : "field"}>
              <label htmlFor={id}>
                {field.label}
                {field.required && field.type !== "boolean" && <span className="required"> *</span>}
              </label>
              {control}
            </div>
          );
        })}
        {error && <p className="error">{error}</p>}
        {notice && <p className="notice">{notice}</p>}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={saving}>
            {saving ? "Saving…" : "Save"}
          </button>
          {listRoute && (
            <button type="button" className="btn" onClick={() => navigate(listRoute)}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
