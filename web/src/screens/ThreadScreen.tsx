/**
 * One Request thread on its own page, reached from a search by Request ID
 * or a shared link.
 */
import { useSession } from '../session/session-context.ts';
import { ThreadPanel } from '../components/ThreadPanel.tsx';

/** The thread of `requestId`. */
export function ThreadScreen({ requestId }: { requestId: string }) {
  const { session } = useSession();
  return (
    <div className="screen">
      <h1>
        Request <code className="eui">{requestId}</code>
      </h1>
      <ThreadPanel requestId={requestId} ownParty={session.partyId} />
    </div>
  );
}
