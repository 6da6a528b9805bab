import type { CSSProperties, ReactNode } from 'react';

/** The id of what describes the control `id` now: its error when it has one, or else its hint. */
function descriptionId(id: string, error: string | undefined, hint: ReactNode): string | undefined {
  if (error !== undefined) {
    return `${id}-err`;
  }
  return hint !== undefined ? `${id}-help` : undefined;
}

/**
 * A labelled form field: the label for the control with this `id`, the control, and below it
 * its error (`<id>-err`, announced) or else its hint (`<id>-help`). A control that has an error
 * sets `aria-describedby` to `<id>-err`; `TextField` does that (and points at the hint) itself.
 */
export function Field({
  id,
  label,
  error,
  hint,
  style,
  children,
}: {
  id: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  style?: CSSProperties;
  children: ReactNode;
}) {
  return (
    <div className="field" style={style}>
      <label htmlFor={id}>{label}</label>
      {children}
      {error !== undefined ? (
        <span className="err" id={`${id}-err`} role="alert">
          {error}
        </span>
      ) : (
        hint !== undefined && (
          <span className="help" id={`${id}-help`}>
            {hint}
          </span>
        )
      )}
    </div>
  );
}

export interface TextFieldProps {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** Shown under the field while it has no error. */
  hint?: ReactNode;
  /** Shown (and announced) under the field instead of the hint; marks the field invalid. */
  error?: string;
  /** Marks the field invalid when what is wrong is said elsewhere (one message for two fields). */
  invalid?: boolean;
  type?: 'text' | 'password' | 'url';
  placeholder?: string;
  required?: boolean;
  /** A text area of this many lines instead of a one-line input. */
  rows?: number;
  /** Monospaced, for commands, paths, URLs and globs. */
  mono?: boolean;
  inputMode?: 'numeric' | 'decimal';
  autoComplete?: string;
  spellCheck?: boolean;
  maxLength?: number;
  disabled?: boolean;
  autoFocus?: boolean;
  /** The style of the whole field (its width in a row or grid). */
  style?: CSSProperties;
}

/**
 * A labelled text input (or text area) with its hint or error under it, wired for assistive
 * technology: `aria-describedby` names what is shown under it, `aria-invalid` is set while it
 * has an error. The dashboard's forms use it for their labelled text values.
 */
export function TextField({
  id,
  label,
  value,
  onChange,
  hint,
  error,
  invalid,
  type,
  rows,
  mono,
  style,
  ...control
}: TextFieldProps) {
  // What the one-line input and the text area share: the value, the aria wiring, the attributes.
  const shared = {
    id,
    value,
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
    'aria-invalid': error !== undefined || invalid === true ? true : undefined,
    'aria-describedby': descriptionId(id, error, hint),
    ...control,
  };
  const look = mono === true ? ' mono' : '';
  return (
    <Field id={id} label={label} error={error} hint={hint} style={style}>
      {rows !== undefined ? (
        <textarea className={`textarea${look}`} rows={rows} {...shared} />
      ) : (
        <input className={`input${look}`} type={type} {...shared} />
      )}
    </Field>
  );
}
