// Field values between the API's JSON and the form inputs, and how a value reads in a table.
import type { FieldMeta, Values } from "./http";

export type Inputs = Record<string, string | boolean>;

export function inputType(field: FieldMeta): string {
  switch (field.type) {
    case "integer":
    case "float":
      return "number";
    case "date":
      return "date";
    case "datetime":
      return "datetime-local";
    case "email":
      return "email";
    case "url":
      return "url";
    default:
      return "text";
  }
}

export function emptyInputs(fields: FieldMeta[]): Inputs {
  const inputs: Inputs = {};
  for (const field of fields) {
    inputs[field.name] = field.type === "boolean" ? false : field.choices && field.required ? field.choices[0] : "";
  }
  return inputs;
}

export function toInputs(fields: FieldMeta[], item: Values): Inputs {
  const inputs: Inputs = {};
  for (const field of fields) {
    const value = item[field.name];
    if (field.type === "boolean") inputs[field.name] = value === true;
    else if (value === null || value === undefined) inputs[field.name] = "";
    else if (field.type === "datetime") inputs[field.name] = String(value).slice(0, 16);
    else inputs[field.name] = String(value);
  }
  return inputs;
}

export function fromInputs(fields: FieldMeta[], inputs: Inputs): Values {
  const body: Values = {};
  for (const field of fields) {
    const raw = inputs[field.name];
    if (field.type === "boolean") body[field.name] = raw === true;
    else if (raw === "" || raw === false) body[field.name] = field.required && !isNumeric(field) ? "" : null;
    else if (isNumeric(field)) body[field.name] = Number(raw);
    else body[field.name] = raw;
  }
  return body;
}

function isNumeric(field: FieldMeta): boolean {
  return field.type === "integer" || field.type === "float";
}

export function formatValue(field: FieldMeta, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (field.type === "boolean") return value ? "Yes" : "No";
  if (field.type === "datetime") return new Date(String(value)).toLocaleString();
  if (field.type === "float") return Number(value).toLocaleString(undefined, { maximumFractionDigits: 2 });
  return String(value);
}

// created_at / updated_at are UTC; SQLite hands them back without a zone, so say so before the browser reads them.
export function formatTimestamp(value: string): string {
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`).toLocaleString();
}
