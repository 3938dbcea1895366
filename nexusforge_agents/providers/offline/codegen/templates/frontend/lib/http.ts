// The fetch client under api.ts: JSON in and out, the bearer token, and errors carrying the API's message.
import { getToken } from "./store";

export type FieldType = "string" | "text" | "integer" | "float" | "boolean" | "date" | "datetime" | "email" | "url";

export interface FieldMeta {
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  choices?: string[];
}

export type Item = {
  id: number;
  created_at: string;
  updated_at: string;
};

export type Row = Item & Record<string, unknown>;
export type Values = Record<string, unknown>;

export class ApiError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

interface ValidationIssue {
  loc?: (string | number)[];
  msg?: string;
}

function describe(detail: unknown, fallback: string): string {
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return (detail as ValidationIssue[])
      .map((issue) => `${(issue.loc ?? []).slice(1).join(".")}: ${issue.msg ?? "invalid"}`)
      .join("; ");
  }
  return fallback;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) return `Sign in to do this (${error.message}).`;
  return error instanceof Error ? error.message : String(error);
}

export async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.body !== undefined) headers.set("Content-Type", "application/json");
  const token = getToken();
  if (token) headers.set("Authorization", `Bearer ${token}`);
  const response = await fetch(path, { ...init, headers });
  if (!response.ok) {
    const fallback = `${response.status} ${response.statusText}`;
    let message = fallback;
    try {
      message = describe(((await response.json()) as { detail?: unknown }).detail, fallback);
    } catch {
      // The body was not JSON; the status line says enough.
    }
    throw new ApiError(response.status, message);
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export interface ListParams {
  q?: string;
  skip?: number;
  limit?: number;
}

export interface Resource<T extends Item, I> {
  plural: string;
  list(params?: ListParams): Promise<T[]>;
  get(id: number): Promise<T>;
  create(input: I): Promise<T>;
  update(id: number, input: I): Promise<T>;
  remove(id: number): Promise<void>;
}

export function resource<T extends Item, I>(plural: string): Resource<T, I> {
  const base = `/api/${plural}`;
  return {
    plural,
    list(params = {}) {
      const query = new URLSearchParams();
      if (params.q) query.set("q", params.q);
      if (params.skip) query.set("skip", String(params.skip));
      if (params.limit) query.set("limit", String(params.limit));
      const suffix = query.toString();
      return request<T[]>(suffix ? `${base}?${suffix}` : base);
    },
    get(id) {
      return request<T>(`${base}/${id}`);
    },
    create(input) {
      return request<T>(base, { method: "POST", body: JSON.stringify(input) });
    },
    update(id, input) {
      return request<T>(`${base}/${id}`, { method: "PUT", body: JSON.stringify(input) });
    },
    remove(id) {
      return request<void>(`${base}/${id}`, { method: "DELETE" });
    },
  };
}
