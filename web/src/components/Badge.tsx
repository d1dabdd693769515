import type { ReactNode } from 'react';

import type { Tone } from '../format/status-format.ts';

/** A small coloured label; its text carries the meaning, colour helps. */
export function Badge({
  tone,
  title,
  children,
}: {
  tone: Tone;
  title?: string;
  children: ReactNode;
}) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}
