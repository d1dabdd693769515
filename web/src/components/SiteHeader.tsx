/**
 * The header of every signed-in screen: where you are, the main sections,
 * a search box (press "/" to jump to it) and who you are signed in as.
 */
import {
  useEffect,
  useRef,
  useState,
  type FormEvent,
  type RefObject,
} from 'react';

import { Link } from '../routing/Link.tsx';
import { navigate } from '../routing/router.ts';
import { searchHref } from '../routing/app-paths.ts';
import { useSession } from '../session/session-context.ts';

const SECTIONS: readonly [string, string][] = [
  ['/', 'Search'],
  ['/feed', 'Feed'],
  ['/access-log', 'Access log'],
];

/** The site header with navigation and the session. */
export function SiteHeader({ path }: { path: string }) {
  const { session, logout } = useSession();
  const onSearch = path === '/' || path === '/search';
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        satview
      </Link>
      <nav aria-label="Sections">
        <ul>
          {SECTIONS.map(([href, label]) => (
            <li key={href}>
              <Link
                href={href}
                aria-current={isCurrent(href, path) ? 'page' : undefined}
              >
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {!onSearch && <QuickSearch />}
      <div className="whoami">
        <span>
          {session.username ?? 'API token'} ·{' '}
          <strong title={session.partyName ?? undefined}>
            {session.partyId}
          </strong>
        </span>{' '}
        <button type="button" onClick={() => void logout()}>
          Sign out
        </button>
      </div>
    </header>
  );
}

function isCurrent(href: string, path: string): boolean {
  if (href === '/') {
    return path === '/' || path === '/search' || path.startsWith('/devices');
  }
  return path.startsWith(href);
}

function QuickSearch() {
  const [q, setQ] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  useSlashShortcut(inputRef);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (q.trim() !== '') navigate(searchHref(q.trim()));
  }

  return (
    <form role="search" className="quick-search" onSubmit={submit}>
      <label className="visually-hidden" htmlFor="quick-search">
        Search a Device ID, MPxN or Request ID
      </label>
      <input
        id="quick-search"
        ref={inputRef}
        type="search"
        placeholder="Device ID, MPxN or Request ID  ( / )"
        value={q}
        onChange={(event) => setQ(event.target.value)}
      />
      <button type="submit">Search</button>
    </form>
  );
}

/** "/" focuses the search box unless the analyst is typing somewhere. */
export function useSlashShortcut(inputRef: RefObject<HTMLInputElement | null>) {
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      const typing =
        target !== null &&
        (target.isContentEditable ||
          ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
      if (event.key !== '/' || typing || event.ctrlKey || event.metaKey) {
        return;
      }
      event.preventDefault();
      inputRef.current?.focus();
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [inputRef]);
}
