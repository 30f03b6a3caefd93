import { type DependencyList, type ReactNode, useCallback, useEffect, useState } from 'react';
import { ApiError } from './api';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` when `deps` change (and on reload); keeps only the latest answer. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [tick, setTick] = useState(0);
  const inputs = [...deps, tick];
  // The answer remembers the inputs it was loaded for: it is loading while they differ from now's.
  const [state, setState] = useState<{ inputs?: DependencyList; data?: T; error?: unknown }>({});
  useEffect(() => {
    let latest = true;
    load().then(
      (data) => latest && setState({ inputs, data }),
      (error: unknown) => latest && setState({ inputs, error }),
    );
    return () => {
      latest = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller lists load's inputs in `deps` (as for useMemo); `load` is a new closure every render
  }, inputs);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const loading = !state.inputs || !sameInputs(state.inputs, inputs);
  return { data: state.data, error: state.error, loading, reload };
}

function sameInputs(a: DependencyList, b: DependencyList): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

/** A button's action: busy while it runs, its error shown next to it. */
export function useAction<A extends unknown[], T>(action: (...args: A) => Promise<T>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<T>();
  const run = async (...args: A): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      const value = await action(...args);
      setResult(value);
      return value;
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error, result, setResult };
}

export function ErrorBox({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  if (error instanceof ApiError) {
    return (
      <div className="error" role="alert">
        <span className="code">{error.code}</span> {error.message}
        {error.status > 0 && <span className="muted"> (HTTP {error.status})</span>}
        {error.decisionId && (
          <div>
            decision <code>{error.decisionId}</code>
          </div>
        )}
        {error.details !== undefined && <DetailsList details={error.details} />}
      </div>
    );
  }
  return (
    <div className="error" role="alert">
      {error instanceof Error ? error.message : JSON.stringify(error)}
    </div>
  );
}

function DetailsList({ details }: { details: unknown }) {
  if (!Array.isArray(details)) return <pre className="details">{JSON.stringify(details, null, 2)}</pre>;
  return (
    <ul className="details">
      {details.slice(0, 20).map((d, i) => {
        const item = d as { field?: string; path?: string; problems?: string[]; message?: string };
        const where = item.field ?? item.path;
        const what = item.problems?.join('; ') ?? item.message ?? JSON.stringify(d);
        return (
          <li key={i}>
            {where && <code>{where}</code>} {what}
          </li>
        );
      })}
    </ul>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** The usual three states of a loaded thing, then its content. */
export function Show<T>({
  state,
  children,
  what,
}: {
  state: Loaded<T>;
  children: (data: T) => ReactNode;
  what?: string;
}) {
  if (state.error !== undefined) return <ErrorBox error={state.error} />;
  if (state.data === undefined) return <Loading what={what} />;
  return <>{children(state.data)}</>;
}

export function Hash({ value, length = 12 }: { value: string | null | undefined; length?: number }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <code className="hash" title={value}>
      {value.slice(0, length)}…
    </code>
  );
}

export function Time({ value }: { value: string | null | undefined }) {
  if (!value) return <span className="muted">—</span>;
  const date = new Date(value);
  return (
    <time dateTime={value} title={value}>
      {Number.isNaN(date.getTime())
        ? value
        : date
            .toISOString()
            .replace('T', ' ')
            .replace(/\.\d+Z$/, 'Z')}
    </time>
  );
}

export function Badge({ kind, children }: { kind: string; children: ReactNode }) {
  return <span className={`badge badge-${kind}`}>{children}</span>;
}

export function Json({ value }: { value: unknown }) {
  if (typeof value === 'string') return <code>{JSON.stringify(value)}</code>;
  if (value === undefined) return <span className="muted">—</span>;
  return <code>{JSON.stringify(value)}</code>;
}

/** `datetime-local` value → ISO instant (UTC), or undefined when empty. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** ISO instant → `datetime-local` value in the browser's zone. */
export function isoToLocal(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

export function outcomeText(outcome: { effect: string; value?: unknown } | null | undefined): string {
  if (!outcome) return '—';
  if (outcome.value === undefined || outcome.value === null) return outcome.effect;
  const value = outcome.value as Record<string, unknown>;
  if (value && typeof value === 'object' && typeof value.destination === 'string')
    return `${outcome.effect} → ${value.destination}`;
  return `${outcome.effect} → ${JSON.stringify(outcome.value)}`;
}

export function messageText(message: unknown): string {
  if (!message) return '';
  if (typeof message === 'string') return message;
  const m = message as { zh?: string; en?: string };
  const zh = (navigator.language || '').toLowerCase().startsWith('zh');
  return (zh ? m.zh : m.en) ?? m.en ?? m.zh ?? '';
}
