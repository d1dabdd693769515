/**
 * One box for a Device ID, MPxN or Request ID in any spelling. A search
 * with a single answer opens it at once; several answers are listed.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';

import { apiUrl } from '../api/api-client.ts';
import type { SearchHit } from '../api/api-types.ts';
import { useApi } from '../api/use-api.ts';
import { Badge } from '../components/Badge.tsx';
import { EmptyState, ErrorPanel, Loading } from '../components/LoadState.tsx';
import { basisLabel } from '../format/status-format.ts';
import { Link } from '../routing/Link.tsx';
import { deviceHref, requestHref, searchHref } from '../routing/app-paths.ts';
import { navigate } from '../routing/router.ts';

/** The search screen for query `q` (empty: just the box). */
export function SearchScreen({ q }: { q: string }) {
  const [text, setText] = useState(q);
  const jumpOnSingleHit = useRef(false);
  const hits = useApi<readonly SearchHit[]>(
    q === '' ? null : apiUrl('/api/search', { q }),
  );

  useEffect(() => setText(q), [q]);
  useEffect(() => {
    if (hits.status !== 'ready' || !jumpOnSingleHit.current) return;
    jumpOnSingleHit.current = false;
    const targets = hits.data.flatMap((hit) => hitHref(hit) ?? []);
    const [only] = targets;
    if (targets.length === 1 && only !== undefined) navigate(only);
  }, [hits]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const query = text.trim();
    if (query === '') return;
    jumpOnSingleHit.current = true;
    navigate(searchHref(query));
  }

  return (
    <div className="screen">
      <h1>Search</h1>
      <form role="search" className="search-form" onSubmit={submit}>
        <label className="field">
          <span>Device ID, MPxN or Request ID</span>
          <input
            type="search"
            autoFocus
            aria-describedby="search-help"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </label>
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      <p id="search-help" className="muted">
        Any spelling: <code>00-DB-12-34-56-78-90-A0</code> or{' '}
        <code>00db1234567890a0</code>, a 13-digit MPAN, a 6–10 digit MPRN, or a
        Request ID <code>originator:target:counter</code>.
      </p>
      {q !== '' && <SearchResults q={q} hits={hits} />}
    </div>
  );
}

function SearchResults({
  q,
  hits,
}: {
  q: string;
  hits: ReturnType<typeof useApi<readonly SearchHit[]>>;
}) {
  if (hits.status === 'loading') return <Loading label={`Searching ${q}`} />;
  if (hits.status === 'error') {
    return <ErrorPanel error={hits.error} onRetry={hits.reload} />;
  }
  if (hits.data.length === 0) {
    return (
      <EmptyState title={`Nothing visible matches “${q}”.`}>
        <p>
          Check the identifier. You see devices your party is responsible for
          now, and the traffic your party sent or received.
        </p>
      </EmptyState>
    );
  }
  return (
    <section aria-labelledby="hits-heading">
      <h2 id="hits-heading">
        {hits.data.length} {hits.data.length === 1 ? 'match' : 'matches'} for “
        {q}”
      </h2>
      <ul className="hits">
        {hits.data.map((hit, index) => (
          <li key={index}>
            <HitLine hit={hit} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function HitLine({ hit }: { hit: SearchHit }) {
  const href = hitHref(hit);
  const [basis, sentence] = basisLabel(hit.basis);
  return (
    <>
      {href === null ? (
        <strong>{hit.label}</strong>
      ) : (
        <Link href={href}>{hit.label}</Link>
      )}{' '}
      <Badge tone={hit.basis === 'own' ? 'muted' : 'info'} title={sentence}>
        {basis}
      </Badge>{' '}
      <span className="muted">{hitDescription(hit)}</span>
    </>
  );
}

/** Where a hit leads: its device, or the thread of a Request ID. An
 * MPxN leads nowhere itself: the devices that serve it follow it. */
function hitHref(hit: SearchHit): string | null {
  if (hit.kind === 'request' && hit.requestId !== null) {
    return requestHref(hit.requestId);
  }
  return hit.deviceId === null ? null : deviceHref(hit.deviceId);
}

function hitDescription(hit: SearchHit): string {
  if (hit.kind === 'mpxn') return 'meter point';
  if (hit.kind === 'request') return `on device ${hit.deviceId ?? '—'}`;
  return 'device';
}
