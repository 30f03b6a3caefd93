import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { api, storedKey, storeKey } from './api';
import { DecisionPage, DecisionsPage } from './pages/decisions';
import { ImpactPage } from './pages/impact';
import { LedgerPage } from './pages/ledger';
import { ChangeRequestsPage } from './pages/change-requests';
import { InstancesPage } from './pages/instances';
import { DiffPage } from './pages/rule-sets/diff-page';
import { RuleSetPage } from './pages/rule-sets/rule-set-page';
import { RuleSetsPage } from './pages/rule-sets/rule-sets-page';
import { VersionPage } from './pages/rule-sets/version-page';
import { ShadowPage } from './pages/shadow';
import { SignInPage } from './pages/sign-in';
import { SimulatorPage } from './pages/simulator';
import { Link, match, navigate, useRoute } from './router';
import { type Session, SessionContext, useSession } from './session';
import type { Me } from './types';
import { ErrorBox, Loading } from './ui';
import './styles.css';

function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(() => storedKey() !== null);
  const [error, setError] = useState<unknown>();

  // A key kept from earlier in this tab: ask the service who it is (it may have been revoked).
  useEffect(() => {
    if (!checking) return;
    api<Me>('GET', '/v1/api-keys/me').then(
      (who) => {
        setMe(who);
        setChecking(false);
      },
      (e: unknown) => {
        storeKey(null);
        setError(e);
        setChecking(false);
      },
    );
  }, [checking]);

  if (checking) return <Loading what="Checking your key" />;
  if (!me) {
    return (
      <SignInPage
        initialError={error}
        onSignedIn={(who, key) => {
          storeKey(key);
          setError(undefined);
          setMe(who);
        }}
      />
    );
  }
  const session: Session = {
    me,
    isAdmin: me.role === 'admin',
    signOut() {
      storeKey(null);
      setMe(null);
      navigate('/', { replace: true });
    },
  };
  return (
    <SessionContext.Provider value={session}>
      <Shell />
    </SessionContext.Provider>
  );
}

const NAV: Array<{ to: string; label: string; prefix: string }> = [
  { to: '/', label: 'Rule sets', prefix: '/rule-sets' },
  { to: '/impact', label: 'Impact', prefix: '/impact' },
  { to: '/decisions', label: 'Decisions', prefix: '/decisions' },
  { to: '/ledger', label: 'Ledger', prefix: '/ledger' },
  { to: '/simulator', label: 'Simulator', prefix: '/simulator' },
  { to: '/instances', label: 'Instances', prefix: '/instances' },
];

function Shell() {
  const route = useRoute();
  const session = useSession();
  return (
    <>
      <header className="top">
        <Link to="/" className="brand">
          Partner policy console
        </Link>
        <nav aria-label="Main">
          {NAV.map((item) => {
            const active =
              item.to === '/'
                ? route.path === '/' || route.path.startsWith(item.prefix)
                : route.path.startsWith(item.prefix);
            return (
              <Link key={item.to} to={item.to} aria-current={active ? 'page' : undefined}>
                {item.label}
              </Link>
            );
          })}
        </nav>
        <div className="who">
          <span className={`badge badge-role`} data-testid="role">
            {session.me.role}
          </span>
          <button type="button" className="secondary" onClick={() => session.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main>
        <Page path={route.path} query={route.query} />
      </main>
    </>
  );
}

function Page({ path, query }: { path: string; query: URLSearchParams }) {
  let p: Record<string, string> | null;
  if (path === '/' || path === '/rule-sets') return <RuleSetsPage />;
  if ((p = match('/rule-sets/:ruleSet', path))) return <RuleSetPage ruleSet={p.ruleSet} />;
  if ((p = match('/rule-sets/:ruleSet/versions/:version', path)))
    return <VersionPage ruleSet={p.ruleSet} version={p.version} />;
  if ((p = match('/rule-sets/:ruleSet/shadow', path))) return <ShadowPage ruleSet={p.ruleSet} />;
  if ((p = match('/rule-sets/:ruleSet/change-requests', path))) return <ChangeRequestsPage ruleSet={p.ruleSet} />;
  if (path === '/simulator') return <SimulatorPage initialRuleSet={query.get('ruleSet') ?? ''} />;
  if (path === '/instances') return <InstancesPage />;
  if ((p = match('/rule-sets/:ruleSet/diff', path)))
    return <DiffPage ruleSet={p.ruleSet} from={query.get('from') ?? ''} to={query.get('to') ?? ''} />;
  if (path === '/impact') return <ImpactPage initialRuleSet={query.get('ruleSet') ?? ''} />;
  if (path === '/decisions') return <DecisionsPage query={query} />;
  if ((p = match('/decisions/:id', path))) return <DecisionPage id={p.id} />;
  if (path === '/ledger') return <LedgerPage partnerId={query.get('partnerId') ?? ''} />;
  if ((p = match('/ledger/:partnerId', path))) return <LedgerPage partnerId={p.partnerId} />;
  return <ErrorBox error={new Error(`No console page at ${path}`)} />;
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
