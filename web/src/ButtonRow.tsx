import type { ReactNode } from 'react';

/** Buttons side by side, wrapping, each its own height (an opened action form grows alone). */
export function ButtonRow({ children }: { children: ReactNode }) {
  return (
    <div
      className="fr-mb-2w"
      style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem 1rem', alignItems: 'flex-start' }}
    >
      {children}
    </div>
  );
}
