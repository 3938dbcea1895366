// This app was specified without user accounts, so there is nothing to sign in to.
export default function LoginPage() {
  return (
    <section className="card narrow">
      <h1>Sign in</h1>
      <p className="muted">This app has no user accounts: every page and every change is open to everyone.</p>
    </section>
  );
}
