/**
 * A record's payload as this viewer may see it. Withheld elements arrive as
 * `{ "withheld": "<reason>" }` objects (PRODUCT.md §4): they are shown as a
 * marker with the reason, never hidden, so the analyst knows something was
 * there.
 */
import { withheldReason } from '../format/withheld-reason.ts';
import { Badge } from './Badge.tsx';

/** Deeper than any DUIS body; stops a hostile payload from recursing. */
const MAX_DEPTH = 24;

/** The payload tree, with a summary of what was withheld. */
export function PayloadView({
  payload,
  withheld,
}: {
  payload: unknown;
  withheld: readonly string[];
}) {
  return (
    <div className="payload">
      {withheld.length > 0 && <WithheldSummary paths={withheld} />}
      {payload === null || payload === undefined ? (
        <p className="muted">This record has no payload.</p>
      ) : (
        <PayloadNode value={payload} depth={0} />
      )}
    </div>
  );
}

function WithheldSummary({ paths }: { paths: readonly string[] }) {
  const noun = paths.length === 1 ? 'element' : 'elements';
  return (
    <details className="withheld-summary">
      <summary>
        <Badge tone="warn">withheld</Badge> {paths.length} {noun} of another
        party&apos;s payload withheld
      </summary>
      <ul className="path-list">
        {paths.map((path) => (
          <li key={path}>
            <code>{path}</code>
          </li>
        ))}
      </ul>
    </details>
  );
}

function PayloadNode({ value, depth }: { value: unknown; depth: number }) {
  const reason = withheldReason(value);
  if (reason !== null) return <WithheldMarker reason={reason} />;
  if (depth > MAX_DEPTH) return <span className="muted">…</span>;
  if (Array.isArray(value)) {
    return (
      <ol className="payload-list">
        {value.map((item, index) => (
          <li key={index}>
            <PayloadNode value={item} depth={depth + 1} />
          </li>
        ))}
      </ol>
    );
  }
  if (typeof value === 'object' && value !== null) {
    return <PayloadObject value={value} depth={depth} />;
  }
  return <span className="payload-value">{String(value)}</span>;
}

function PayloadObject({ value, depth }: { value: object; depth: number }) {
  const entries = Object.entries(value);
  if (entries.length === 0) return <span className="muted">(empty)</span>;
  return (
    <dl className="payload-tree">
      {entries.map(([key, child]) => (
        <div key={key} className="payload-entry">
          <dt>{key}</dt>
          <dd>
            <PayloadNode value={child} depth={depth + 1} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The visible marker at a withheld element. */
export function WithheldMarker({ reason }: { reason: string }) {
  return (
    <span className="withheld" role="note">
      <Badge tone="warn">withheld</Badge> <span>{reason}</span>
    </span>
  );
}
