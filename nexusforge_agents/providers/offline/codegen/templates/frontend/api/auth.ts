
// Accounts: register, log in (keeps the token for later requests), and who is signed in.
export interface AuthAccount {
  id: number;
  email: string;
  created_at: string;
}

export function register(email: string, password: string): Promise<AuthAccount> {
  return http.request<AuthAccount>("/api/auth/register", {
    method: "POST",
    body: JSON.stringify({ email, password }),
  });
}

export async function login(email: string, password: string): Promise<void> {
  const token = await http.request<{ access_token: string }>("/api/auth/login", {
    method: "POST",
    body: JSON.stringify({ email, password }),
  });
  setToken(token.access_token);
}

export function me(): Promise<AuthAccount> {
  return http.request<AuthAccount>("/api/auth/me");
}
