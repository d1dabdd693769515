/**
 * Labels and colour classes for statuses, outcomes and kinds. Colour is
 * never the only signal: every badge also carries its word.
 */
import type {
  RecordKind,
  ThreadStatus,
  VisibilityBasis,
} from '../api/api-types.ts';

/** A badge's tone; styles.css maps each to colours with 4.5:1 contrast. */
export type Tone = 'good' | 'info' | 'warn' | 'bad' | 'muted';

const THREAD_STATUS: Record<ThreadStatus, [string, Tone]> = {
  completed: ['completed', 'good'],
  accepted: ['accepted', 'info'],
  'pending-execution': ['pending execution', 'warn'],
  failed: ['failed', 'bad'],
  rejected: ['rejected', 'bad'],
  expired: ['expired', 'muted'],
  unanswered: ['unanswered', 'muted'],
};

/** How a thread's status reads and looks. */
export function threadStatusLabel(status: ThreadStatus): [string, Tone] {
  return THREAD_STATUS[status] ?? [status, 'muted'];
}

/**
 * How a DUIS response code reads (DUIS.md: I0 success, I99 acknowledged,
 * E… errors, W… warnings); alert 8F66 executed, 8F67 not executed.
 */
export function codeTone(code: string | null): Tone {
  if (code === null) return 'muted';
  if (code === 'I0' || code === '8F66') return 'good';
  if (code === 'I99') return 'info';
  if (code.startsWith('E') || code === '8F67') return 'bad';
  if (code.startsWith('W')) return 'warn';
  return 'muted';
}

const KIND_LABEL: Record<RecordKind, string> = {
  request: 'Service Request',
  acknowledgement: 'Acknowledgement',
  response: 'Service Response',
  'device-alert': 'Device Alert',
  'dcc-alert': 'DCC Alert',
  'smets1-response': 'SMETS1 Response',
};

/** The DUIS name of a record kind. */
export function kindLabel(kind: RecordKind): string {
  return KIND_LABEL[kind] ?? kind;
}

/** Every record kind, for the filter. */
export const RECORD_KIND_OPTIONS = Object.keys(KIND_LABEL) as RecordKind[];

const BASIS_LABEL: Record<VisibilityBasis, [string, string]> = {
  own: ['own traffic', 'your party sent it or it was addressed to you'],
  'responsible-supplier': [
    'Responsible Supplier',
    'your party is the Responsible Supplier of this device now',
  ],
  'network-operator': [
    'Network Operator',
    'your party is the Network Operator of this device now',
  ],
};

/** Short label and the sentence that explains a visibility basis. */
export function basisLabel(basis: VisibilityBasis): [string, string] {
  return BASIS_LABEL[basis] ?? [basis, basis];
}
