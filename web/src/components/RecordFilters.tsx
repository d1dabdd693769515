/**
 * The filters of a record list. They live in the URL's query string, so a
 * filtered view can be bookmarked, shared and reached with Back.
 */
import { useState, type FormEvent } from 'react';

import { allSrvs } from '../../../src/domain/srv-catalogue.ts';
import type { QueryParams } from '../api/api-client.ts';
import { RECORD_KIND_OPTIONS, kindLabel } from '../format/status-format.ts';
import { inputFromIso, isoFromInput } from '../format/time-format.ts';

/** The filter names the record endpoints accept. */
export type FilterName =
  'from' | 'to' | 'srv' | 'senderRole' | 'kind' | 'outcome';

const ALL_FILTERS: readonly FilterName[] = [
  'from',
  'to',
  'srv',
  'senderRole',
  'kind',
  'outcome',
];

/** The filters set in a query string, ready to pass to the API. */
export function filtersFromQuery(query: URLSearchParams): QueryParams {
  const params: Record<string, string> = {};
  for (const name of ALL_FILTERS) {
    const value = query.get(name);
    if (value !== null && value !== '') params[name] = value;
  }
  return params;
}

// The built-in roles, offered as suggestions: the role set is data
// (roles.csv may add one), so any code may be typed.
const ROLE_SUGGESTIONS = ['IS', 'ES', 'GS', 'ED', 'GT', 'RSA', 'OU'];

// As the API defines them: success = I0/I99 or 8F66; failure = E/W codes
// or 8F67; pending = a request nothing has answered yet.
const OUTCOME_OPTIONS: readonly (readonly [string, string])[] = [
  ['success', 'success'],
  ['failure', 'failure'],
  ['pending', 'pending (unanswered)'],
];

interface RecordFiltersProps {
  readonly query: URLSearchParams;
  readonly onApply: (filters: QueryParams) => void;
}

/** A compact filter form; Apply and Clear change the URL. */
export function RecordFilters(props: RecordFiltersProps) {
  const [values, setValues] = useState(() =>
    initialValues(filtersFromQuery(props.query)),
  );
  const set = (name: FilterName) => (value: string) =>
    setValues((before) => ({ ...before, [name]: value }));

  function apply(event: FormEvent) {
    event.preventDefault();
    props.onApply(toFilters(values));
  }

  return (
    <form className="filters" onSubmit={apply} aria-label="Filters">
      <TimeField
        label="From (UTC)"
        value={values.from}
        onChange={set('from')}
      />
      <TimeField label="To (UTC)" value={values.to} onChange={set('to')} />
      <SrvField value={values.srv} onChange={set('srv')} />
      <RoleField value={values.senderRole} onChange={set('senderRole')} />
      <SelectField
        label="Kind"
        value={values.kind}
        onChange={set('kind')}
        options={RECORD_KIND_OPTIONS.map((kind) => [kind, kindLabel(kind)])}
      />
      <SelectField
        label="Outcome"
        value={values.outcome}
        onChange={set('outcome')}
        options={OUTCOME_OPTIONS}
      />
      <div className="filter-actions">
        <button type="submit">Apply filters</button>{' '}
        <button type="button" onClick={() => props.onApply({})}>
          Clear
        </button>
      </div>
    </form>
  );
}

type FilterValues = Record<FilterName, string>;

function initialValues(filters: QueryParams): FilterValues {
  return {
    from: inputFromIso(filters['from'] ?? null),
    to: inputFromIso(filters['to'] ?? null),
    srv: filters['srv'] ?? '',
    senderRole: filters['senderRole'] ?? '',
    kind: filters['kind'] ?? '',
    outcome: filters['outcome'] ?? '',
  };
}

function toFilters(values: FilterValues): QueryParams {
  return {
    from: isoFromInput(values.from),
    to: isoFromInput(values.to),
    srv: values.srv.trim(),
    senderRole: values.senderRole.trim(),
    kind: values.kind,
    outcome: values.outcome,
  };
}

interface FieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
}

function TimeField({ label, value, onChange }: FieldProps) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        type="datetime-local"
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}

function SrvField({ value, onChange }: Omit<FieldProps, 'label'>) {
  // The datalist stays outside the label, or every SRV name would become
  // part of the field's accessible name.
  return (
    <>
      <label className="field">
        <span>SRV</span>
        <input
          type="text"
          list="srv-options"
          inputMode="decimal"
          placeholder="e.g. 1.1.1"
          size={8}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      </label>
      <datalist id="srv-options">
        {allSrvs().map((srv) => (
          <option key={srv.srv} value={srv.srv}>
            {srv.name}
          </option>
        ))}
      </datalist>
    </>
  );
}

function RoleField({ value, onChange }: Omit<FieldProps, 'label'>) {
  return (
    <>
      <label className="field">
        <span>Sender role</span>
        <input
          type="text"
          list="role-options"
          placeholder="any"
          size={5}
          value={value}
          onChange={(event) => onChange(event.target.value.toUpperCase())}
        />
      </label>
      <datalist id="role-options">
        {ROLE_SUGGESTIONS.map((role) => (
          <option key={role} value={role} />
        ))}
      </datalist>
    </>
  );
}

function SelectField({
  label,
  value,
  onChange,
  options,
}: FieldProps & { options: readonly (readonly [string, string])[] }) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">any</option>
        {options.map(([optionValue, text]) => (
          <option key={optionValue} value={optionValue}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
