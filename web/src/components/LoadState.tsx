/**
 * Loading, error and empty states. Loading is announced politely to screen
 * readers; errors interrupt (role=alert) and say what to do.
 */
import type { ReactNode } from 'react';

import type { ApiError } from '../api/api-client.ts';
import { errorAdvice } from '../format/error-advice.ts';

/** An announced "Loading…" line with a spinner. */
export function Loading({ label }: { label: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}…
    </p>
  );
}

/** An error with its advice and, where it helps, a Retry button. */
export function ErrorPanel({
  error,
  onRetry,
}: {
  error: ApiError;
  onRetry?: () => void;
}) {
  const retryable = error.status === 0 || error.status >= 500;
  return (
    <div className="panel panel-error" role="alert">
      <p className="panel-title">{error.message}</p>
      <p>{errorAdvice(error)}</p>
      {retryable && onRetry !== undefined && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
      <p className="panel-code">Error code {error.code}</p>
    </div>
  );
}

/** What an empty list means and what to try instead. */
export function EmptyState({
  title,
  children,
}: {
  title: string;
  children?: ReactNode;
}) {
  return (
    <div className="panel panel-empty">
      <p className="panel-title">{title}</p>
      {children}
    </div>
  );
}
