/**
 * The application shell: checks the session, shows the login or the
 * signed-in layout (header, navigation, the routed screen), and moves
 * focus to each new screen's heading for keyboard and screen-reader users.
 */
import { useEffect, useRef, type ReactNode, type RefObject } from 'react';

import { ErrorPanel, Loading } from './components/LoadState.tsx';
import { SiteHeader } from './components/SiteHeader.tsx';
import { AccessLogScreen } from './screens/AccessLogScreen.tsx';
import { DeviceScreen, type DeviceTab } from './screens/DeviceScreen.tsx';
import { FeedScreen } from './screens/FeedScreen.tsx';
import { LoginScreen } from './screens/LoginScreen.tsx';
import { NotFoundScreen } from './screens/NotFoundScreen.tsx';
import { SearchScreen } from './screens/SearchScreen.tsx';
import { ThreadScreen } from './screens/ThreadScreen.tsx';
import { matchRoute, useLocation, type AppLocation } from './routing/router.ts';
import { SessionContext } from './session/session-context.ts';
import { useSessionLoader } from './session/use-session-loader.ts';

/** The whole UI. */
export function App() {
  const { state, login, logout, retry } = useSessionLoader();

  if (state.status === 'checking') {
    return (
      <main id="main" className="centred">
        <Loading label="Checking your session" />
      </main>
    );
  }
  if (state.status === 'failed') {
    return (
      <main id="main" className="centred">
        <h1>satview</h1>
        <ErrorPanel error={state.error} onRetry={retry} />
      </main>
    );
  }
  if (state.status === 'signed-out') return <LoginScreen onLogin={login} />;

  const session = state.session;
  const context = { session, logout: () => logout(session.csrfToken) };
  return (
    <SessionContext.Provider value={context}>
      <SignedIn />
    </SessionContext.Provider>
  );
}

function SignedIn() {
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  useFocusOnNavigation(location.path, mainRef);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <SiteHeader path={location.path} />
      <main id="main" ref={mainRef} tabIndex={-1}>
        {routeScreen(location)}
      </main>
    </>
  );
}

const DEVICE_TABS: readonly DeviceTab[] = ['pending', 'installation', 'why'];

function routeScreen({ path, query }: AppLocation): ReactNode {
  if (path === '/' || path === '/search') {
    return <SearchScreen q={query.get('q') ?? ''} />;
  }
  if (path === '/feed') return <FeedScreen query={query} />;
  if (path === '/access-log') return <AccessLogScreen />;
  const device = matchRoute('/devices/:deviceId', path);
  if (device !== null) {
    return <DeviceScreen deviceId={device['deviceId'] ?? ''} tab="records" />;
  }
  const deviceTab = matchRoute('/devices/:deviceId/:tab', path);
  const tab = deviceTab?.['tab'] as DeviceTab | undefined;
  if (deviceTab !== null && tab !== undefined && DEVICE_TABS.includes(tab)) {
    return <DeviceScreen deviceId={deviceTab['deviceId'] ?? ''} tab={tab} />;
  }
  const request = matchRoute('/requests/:requestId', path);
  if (request !== null) {
    return <ThreadScreen requestId={request['requestId'] ?? ''} />;
  }
  return <NotFoundScreen />;
}

/** After a navigation (not the first render), focus the new screen's h1
 * so that a screen reader announces it and Tab starts from the top. */
function useFocusOnNavigation(
  path: string,
  mainRef: RefObject<HTMLElement | null>,
) {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = mainRef.current?.querySelector('h1');
    if (heading instanceof HTMLElement) {
      heading.tabIndex = -1;
      heading.focus();
    }
  }, [path, mainRef]);
}
