/**
 * A device: its header (type, SMETS generation, MPxN, who is responsible
 * now and since when), then one tab each for its records, its pending
 * future-dated commands, its installation and why the viewer sees it.
 */
import type { DeviceExplanation } from '../api/api-types.ts';
import { useApi } from '../api/use-api.ts';
import { Badge } from '../components/Badge.tsx';
import { DeviceHeader } from '../components/DeviceHeader.tsx';
import { DeviceRecords } from '../components/DeviceRecords.tsx';
import { InstallationTimeline } from '../components/InstallationTimeline.tsx';
import { ErrorPanel, Loading } from '../components/LoadState.tsx';
import {
  PendingPanel,
  usePendingCommands,
} from '../components/PendingPanel.tsx';
import { WhyPanel } from '../components/WhyPanel.tsx';
import { Link } from '../routing/Link.tsx';
import { deviceHref } from '../routing/app-paths.ts';
import { useLocation } from '../routing/router.ts';
import { useSession } from '../session/session-context.ts';

/** The device screen's tabs; each has its own URL. */
export type DeviceTab = 'records' | 'pending' | 'installation' | 'why';

const TABS: readonly [DeviceTab, string][] = [
  ['records', 'Records'],
  ['pending', 'Pending commands'],
  ['installation', 'Installation'],
  ['why', 'Why can I see this?'],
];

/** The device `deviceId` on tab `tab`. */
export function DeviceScreen({
  deviceId,
  tab,
}: {
  deviceId: string;
  tab: DeviceTab;
}) {
  const explanation = useApi<DeviceExplanation>(
    `/api/devices/${encodeURIComponent(deviceId)}`,
  );
  const heading =
    explanation.status === 'ready'
      ? `${explanation.data.deviceType ?? 'Device'} ${explanation.data.deviceId}`
      : `Device ${deviceId}`;
  return (
    <div className="screen">
      <h1>{heading}</h1>
      {explanation.status === 'loading' && <Loading label="Loading device" />}
      {explanation.status === 'error' && (
        <ErrorPanel error={explanation.error} onRetry={explanation.reload} />
      )}
      {explanation.status === 'ready' && (
        <DeviceBody explanation={explanation.data} tab={tab} />
      )}
    </div>
  );
}

function DeviceBody({
  explanation,
  tab,
}: {
  explanation: DeviceExplanation;
  tab: DeviceTab;
}) {
  const { session } = useSession();
  const { query } = useLocation();
  const deviceId = explanation.deviceId;
  // Loaded with the device, so the tab can say how many wait.
  const pending = usePendingCommands(deviceId);
  const waiting = pending.status === 'ready' ? pending.data.length : null;
  return (
    <>
      <DeviceHeader explanation={explanation} />
      <nav aria-label="Device views">
        <ul className="tabs">
          {TABS.map(([key, label]) => (
            <li key={key}>
              <Link
                href={deviceHref(deviceId, key === 'records' ? undefined : key)}
                aria-current={key === tab ? 'page' : undefined}
              >
                {label}
                {key === 'pending' && waiting !== null && (
                  <>
                    {' '}
                    <Badge tone={waiting > 0 ? 'warn' : 'muted'}>
                      {waiting}
                    </Badge>
                  </>
                )}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {tab === 'records' && (
        <DeviceRecords
          deviceId={deviceId}
          query={query}
          ownParty={session.partyId}
        />
      )}
      {tab === 'pending' && (
        <PendingPanel pending={pending} ownParty={session.partyId} />
      )}
      {tab === 'installation' && (
        <InstallationTimeline explanation={explanation} />
      )}
      {tab === 'why' && <WhyPanel explanation={explanation} />}
    </>
  );
}
