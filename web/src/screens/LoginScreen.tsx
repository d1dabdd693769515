/**
 * Sign in with a username and password. On a demo world the server lists
 * its demo logins (`GET /api/demo-logins`; 404 otherwise), and one click
 * fills the form with one of them.
 */
import { useState, type FormEvent } from 'react';

import type { ApiError } from '../api/api-client.ts';
import type { DemoLogin } from '../api/api-types.ts';
import { toApiError, useApi } from '../api/use-api.ts';
import { ErrorPanel } from '../components/LoadState.tsx';

/** The login form, with the demo logins below it when there are any. */
export function LoginScreen({
  onLogin,
}: {
  onLogin: (username: string, password: string) => Promise<void>;
}) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onLogin(username.trim(), password);
    } catch (failure) {
      setError(toApiError(failure));
      setBusy(false);
    }
  }

  function pickDemoLogin(login: DemoLogin) {
    setUsername(login.username);
    setPassword(login.password);
    document.getElementById('login-password')?.focus();
  }

  return (
    <main id="main" className="login">
      <h1>Sign in to satview</h1>
      <p className="lede">
        SRV visibility for Responsible Suppliers and Network Operators over the
        DCC Service Audit Trail.
      </p>
      <form className="login-form" onSubmit={submit} aria-busy={busy}>
        <label className="field">
          <span>Username</span>
          <input
            id="login-username"
            name="username"
            autoComplete="username"
            required
            autoFocus
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {error !== null && <LoginError error={error} />}
      <DemoLogins onPick={pickDemoLogin} />
    </main>
  );
}

function LoginError({ error }: { error: ApiError }) {
  if (error.status !== 401 && error.status !== 400) {
    return <ErrorPanel error={error} />;
  }
  return (
    <div className="panel panel-error" role="alert">
      <p className="panel-title">Wrong username or password.</p>
      <p>Check both and try again. Accounts are made by the operator.</p>
    </div>
  );
}

function DemoLogins({ onPick }: { onPick: (login: DemoLogin) => void }) {
  const logins = useApi<readonly DemoLogin[]>('/api/demo-logins');
  if (logins.status !== 'ready' || logins.data.length === 0) return null;
  return (
    <section className="demo-logins" aria-labelledby="demo-heading">
      <h2 id="demo-heading">Demo logins</h2>
      <p>This server runs the demonstration world. Pick a login to try:</p>
      <table className="records">
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Password</th>
            <th scope="col">Party</th>
            <th scope="col">Role</th>
            <th scope="col">What to look at</th>
            <th scope="col">
              <span className="visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {logins.data.map((login) => (
            <tr key={login.username}>
              <td>
                <code>{login.username}</code>
              </td>
              <td>
                <code>{login.password}</code>
              </td>
              <td>{login.party}</td>
              <td>{login.role}</td>
              <td>{login.note}</td>
              <td>
                <button type="button" onClick={() => onPick(login)}>
                  Use {login.username}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
