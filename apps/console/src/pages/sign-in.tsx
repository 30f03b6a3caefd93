import { type FormEvent, useState } from 'react';
import { api } from '../api';
import type { Me } from '../types';
import { ErrorBox } from '../ui';

/** Asks for an API key; it is checked with GET /v1/api-keys/me and then kept in sessionStorage. */
export function SignInPage({
  onSignedIn,
  initialError,
}: {
  onSignedIn: (me: Me, key: string) => void;
  initialError?: unknown;
}) {
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(initialError);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const me = await api<Me>('GET', '/v1/api-keys/me', { key: key.trim() });
      onSignedIn(me, key.trim());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>Partner policy console</h1>
      <p className="muted">
        Sign in with an API key (admin or auditor). The key stays in this browser tab only (session storage) and is sent
        to the service as <code>Authorization: Bearer</code>.
      </p>
      <form onSubmit={(e) => void submit(e)} className="stack">
        <label>
          API key
          <input
            type="password"
            name="apiKey"
            autoComplete="off"
            spellCheck={false}
            required
            value={key}
            onChange={(e) => setKey(e.target.value)}
          />
        </label>
        <button type="submit" disabled={busy || key.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <ErrorBox error={error} />
    </main>
  );
}
