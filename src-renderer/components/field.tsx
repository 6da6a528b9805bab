import type { ReactNode } from 'react';

/**
 * A labelled form field: the label for the control with this `id`, the control, and below it
 * its error (`<id>-err`, announced) or else its help (`<id>-help`). A control that has an error
 * sets `aria-describedby` to `<id>-err`.
 */
export function Field({
  id,
  label,
  error,
  help,
  children,
}: {
  id: string;
  label: ReactNode;
  error?: string;
  help?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error !== undefined ? (
        <span className="err" id={`${id}-err`} role="alert">
          {error}
        </span>
      ) : (
        help !== undefined && (
          <span className="help" id={`${id}-help`}>
            {help}
          </span>
        )
      )}
    </div>
  );
}
