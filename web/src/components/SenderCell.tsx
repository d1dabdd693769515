import type { SenderView } from '../api/api-types.ts';

/**
 * The SSI's Service User Descriptor: User ID, party and role. The party is
 * marked when it is the viewer's own, so other parties' traffic stands out.
 */
export function SenderCell({
  sender,
  ownParty,
}: {
  sender: SenderView;
  ownParty: string;
}) {
  const own = sender.partyId !== null && sender.partyId === ownParty;
  return (
    <span className="sender">
      <span className={own ? 'sender-party own' : 'sender-party'}>
        {sender.partyId ?? 'unknown party'}
      </span>{' '}
      <abbr className="sender-role" title={roleTitle(sender.role)}>
        {sender.role ?? '?'}
      </abbr>
      <br />
      <code className="eui">{sender.userId ?? '—'}</code>
    </span>
  );
}

const ROLE_NAMES: Record<string, string> = {
  IS: 'Import Supplier',
  ES: 'Export Supplier',
  GS: 'Gas Supplier',
  ED: 'Electricity Distributor',
  GT: 'Gas Transporter',
  RSA: 'Registered Supplier Agent',
  OU: 'Other User',
};

function roleTitle(role: string | null): string {
  if (role === null) return 'role unknown';
  return ROLE_NAMES[role] ?? role;
}
