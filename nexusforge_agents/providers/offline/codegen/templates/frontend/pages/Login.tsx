// Sign in or create an account; once signed in, who you are and a way to sign out.
import { useEffect, useState, type FormEvent } from "react";
import { useNavigate } from "react-router-dom";
import { login, me, register, type AuthAccount } from "../api";
import { errorMessage } from "../lib/http";
import { setToken, useToken } from "../lib/store";

export default function LoginPage() {
  const token = useToken();
  const navigate = useNavigate();
  const [mode, setMode] = useState<"login" | "register">("login");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [account, setAccount] = useState<AuthAccount | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!token) {
      setAccount(null);
      return;
    }
    me()
      .then(setAccount)
      .catch(() => setToken(null));
  }, [token]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === "register") await register(email, password);
      await login(email, password);
      navigate("/");
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  if (token && account) {
    return (
      <section className="card narrow">
        <h1>Signed in</h1>
        <p>
          You are signed in as <strong>{account.email}</strong>.
        </p>
        <button type="button" className="btn" onClick={() => setToken(null)}>
          Sign out
        </button>
      </section>
    );
  }
  return (
    <section className="card narrow">
      <h1>{mode === "login" ? "Sign in" : "Create an account"}</h1>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" className="input" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            className="input"
            type="password"
            autoComplete={mode === "login" ? "current-password" : "new-password"}
            minLength={8}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {error && <p className="error">{error}</p>}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {mode === "login" ? "Sign in" : "Create account"}
          </button>
          <button type="button" className="btn btn-link" onClick={() => setMode(mode === "login" ? "register" : "login")}>
            {mode === "login" ? "No account yet? Create one" : "Have an account? Sign in"}
          </button>
        </div>
      </form>
    </section>
  );
}
