/**
 * A Request thread loaded on demand: every leg, the acknowledgement, the
 * Service Responses and the alerts that share one Request ID.
 */
import { useApi } from '../api/use-api.ts';
import type { ThreadView } from '../api/api-types.ts';
import { ErrorPanel, Loading } from './LoadState.tsx';
import { ThreadDetails } from './ThreadDetails.tsx';

/** Loads and shows the thread of one Request ID. */
export function ThreadPanel({
  requestId,
  ownParty,
}: {
  requestId: string;
  ownParty: string;
}) {
  const thread = useApi<ThreadView>(
    `/api/requests/${encodeURIComponent(requestId)}`,
  );
  if (thread.status === 'loading') return <Loading label="Loading thread" />;
  if (thread.status === 'error') {
    return <ErrorPanel error={thread.error} onRetry={thread.reload} />;
  }
  return <ThreadDetails thread={thread.data} ownParty={ownParty} />;
}
