// The API client. The access and refresh tokens live in this module's memory only (never in storage or
// cookies): a reload signs out. Artifacts are fetched with the header and shown as blob: URLs, so the token
// never goes into a URL, except the WebSocket's ?token= (browsers cannot set its headers; the server strips it
// from its logs).

let session = null; // {access, refresh, me}
const listeners = new Set();

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.detail) || `HTTP ${status}`);
    this.status = status;
    this.code = (body && body.error_code) || "";
    this.body = body || {};
  }
}

export function onSessionChange(listener) {
  listeners.add(listener);
}

function changed() {
  for (const listener of listeners) listener(session);
}

export function currentUser() {
  return session ? session.me : null;
}

export function accessToken() {
  return session ? session.access : null;
}

export async function signIn(email, password) {
  const tokens = await request("POST", "/auth/login", { email, password }, { anonymous: true });
  session = { access: tokens.access_token, refresh: tokens.refresh_token, me: null };
  session.me = await request("GET", "/auth/me");
  changed();
  return session.me;
}

export async function signOut() {
  if (!session) return;
  try {
    await request("POST", "/auth/logout");
  } finally {
    session = null;
    changed();
  }
}

async function refresh() {
  if (!session || !session.refresh) return false;
  try {
    const tokens = await request("POST", "/auth/refresh", { refresh_token: session.refresh }, { anonymous: true, retry: false });
    session.access = tokens.access_token;
    session.refresh = tokens.refresh_token;
    return true;
  } catch {
    return false;
  }
}

// The path of a URL the API made absolute (it may spell this server's host differently: localhost or
// 127.0.0.1), so that every request stays on this origin.
export function localPath(url) {
  const parsed = new URL(url, location.href);
  return parsed.pathname + parsed.search;
}

async function send(method, path, body, anonymous) {
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (!anonymous && session) headers["Authorization"] = `Bearer ${session.access}`;
  return fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

export async function request(method, path, body, { anonymous = false, retry = true } = {}) {
  let response = await send(method, path, body, anonymous);
  if (response.status === 401 && !anonymous && retry && (await refresh())) {
    response = await send(method, path, body, anonymous);
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { detail: text };
  }
  if (!response.ok) {
    const error = new ApiError(response.status, data);
    if (response.status === 401 && !anonymous) {
      session = null;
      changed();
    }
    throw error;
  }
  return data;
}

export const get = (path) => request("GET", path);
export const post = (path, body) => request("POST", path, body);
export const put = (path, body) => request("PUT", path, body);
export const del = (path) => request("DELETE", path);

const blobs = new Map();

// An artifact (image, video, zip) as a blob: URL, fetched with the bearer token.
export async function blobUrl(url) {
  const path = localPath(url);
  if (blobs.has(path)) return blobs.get(path);
  let response = await fetch(path, { headers: { Authorization: `Bearer ${accessToken()}` } });
  if (response.status === 401 && (await refresh())) {
    response = await fetch(path, { headers: { Authorization: `Bearer ${accessToken()}` } });
  }
  if (!response.ok) throw new ApiError(response.status, { detail: `Could not load ${path} (HTTP ${response.status})` });
  const made = URL.createObjectURL(await response.blob());
  blobs.set(path, made);
  return made;
}

export function websocketUrl(sessionId, lastSeq) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const query = new URLSearchParams({ token: accessToken() || "", last_seq: String(lastSeq) });
  return `${scheme}://${location.host}/ws/nexus-forge/${encodeURIComponent(sessionId)}?${query}`;
}
