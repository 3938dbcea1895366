// Browser-side state shared by every page: the sign-in token and the user's preferences, both kept in
// localStorage and observable from React with useSyncExternalStore.
import { useSyncExternalStore } from "react";

const TOKEN_KEY = "token";
const PREFS_KEY = "prefs";

export interface Prefs {
  pageSize: number;
  showTimestamps: boolean;
}

const DEFAULT_PREFS: Prefs = { pageSize: 20, showTimestamps: false };
const listeners = new Set<() => void>();
let prefsCache: Prefs | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function notify(): void {
  listeners.forEach((listener) => listener());
}

export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
  notify();
}

export function useToken(): string | null {
  return useSyncExternalStore(subscribe, getToken);
}

export function getPrefs(): Prefs {
  if (prefsCache === null) {
    try {
      prefsCache = { ...DEFAULT_PREFS, ...(JSON.parse(localStorage.getItem(PREFS_KEY) ?? "{}") as Partial<Prefs>) };
    } catch {
      prefsCache = DEFAULT_PREFS;
    }
  }
  return prefsCache;
}

export function savePrefs(next: Partial<Prefs>): void {
  prefsCache = { ...getPrefs(), ...next };
  localStorage.setItem(PREFS_KEY, JSON.stringify(prefsCache));
  notify();
}

export function usePrefs(): Prefs {
  return useSyncExternalStore(subscribe, getPrefs);
}
