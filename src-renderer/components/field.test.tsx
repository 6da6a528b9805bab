// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';

import { Field, TextField, type TextFieldProps } from './field.js';

/** A TextField that keeps what is typed, as the forms' state does, and records each change. */
function Controlled(props: Omit<TextFieldProps, 'value' | 'onChange'> & { seen?: string[] }) {
  const { seen, ...rest } = props;
  const [value, setValue] = useState('');
  return (
    <TextField
      {...rest}
      value={value}
      onChange={(v) => {
        seen?.push(v);
        setValue(v);
      }}
    />
  );
}

describe('TextField', () => {
  afterEach(() => cleanup());

  it('is found by its label, shows its value and hands each change over as text', () => {
    const seen: string[] = [];
    render(<Controlled id="f-name" label="Name" placeholder="github" seen={seen} />);
    const input = screen.getByRole('textbox', { name: 'Name' });
    expect(input.tagName).toBe('INPUT');
    expect(input.getAttribute('placeholder')).toBe('github');
    expect(input.className).toBe('input');
    fireEvent.change(input, { target: { value: 'memory' } });
    expect(seen).toEqual(['memory']);
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('memory');
  });

  it('points aria-describedby at its hint and is not marked invalid while it has no error', () => {
    render(<Controlled id="f-args" label="Arguments" hint="As you would type them in a shell." />);
    const input = screen.getByRole('textbox', { name: 'Arguments' });
    expect(input.getAttribute('aria-describedby')).toBe('f-args-help');
    expect(document.getElementById('f-args-help')?.textContent).toBe('As you would type them in a shell.');
    expect(input.hasAttribute('aria-invalid')).toBe(false);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows and announces its error instead of the hint, marked invalid and described by it', () => {
    render(
      <TextField
        id="f-rate"
        label="Requests a minute"
        value="-5"
        onChange={() => {}}
        hint="Per client; empty: no limit."
        error="at least 1 request a minute"
      />,
    );
    const input = screen.getByRole('textbox', { name: 'Requests a minute' });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('f-rate-err');
    const alert = screen.getByRole('alert');
    expect(alert.id).toBe('f-rate-err');
    expect(alert.textContent).toBe('at least 1 request a minute');
    expect(screen.queryByText('Per client; empty: no limit.')).toBeNull();
  });

  it('is marked invalid without an error of its own when the message stands elsewhere', () => {
    render(<TextField id="f-port" label="Port" value="x" onChange={() => {}} invalid />);
    const input = screen.getByRole('textbox', { name: 'Port' });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.hasAttribute('aria-describedby')).toBe(false);
  });

  it('passes type, required, mono and the input attributes on, and becomes a text area with rows', () => {
    render(
      <>
        <TextField
          id="f-secret"
          label="Token"
          type="password"
          required
          mono
          autoComplete="off"
          maxLength={64}
          value=""
          onChange={() => {}}
        />
        <Controlled id="f-allow" label="Allow tools" rows={3} spellCheck={false} />
      </>,
    );
    const secret = screen.getByLabelText('Token') as HTMLInputElement;
    expect([secret.type, secret.required, secret.className, secret.maxLength]).toEqual([
      'password',
      true,
      'input mono',
      64,
    ]);
    expect(secret.getAttribute('autocomplete')).toBe('off');
    const area = screen.getByRole('textbox', { name: 'Allow tools' }) as HTMLTextAreaElement;
    expect([area.tagName, area.getAttribute('rows'), area.className]).toEqual(['TEXTAREA', '3', 'textarea']);
    expect(area.getAttribute('spellcheck')).toBe('false');
    fireEvent.change(area, { target: { value: 'a__*\nb__*' } });
    expect(area.value).toBe('a__*\nb__*');
  });
});

describe('Field', () => {
  afterEach(() => cleanup());

  it('labels any control by its id and shows its hint, or its error in its place', () => {
    const { rerender } = render(
      <Field id="f-mode" label="Mode" hint="The gateway's mode by default." style={{ maxWidth: 360 }}>
        <select id="f-mode" defaultValue="all">
          <option value="all">All tools</option>
        </select>
      </Field>,
    );
    expect(screen.getByRole('combobox', { name: 'Mode' })).toBeTruthy();
    expect(document.getElementById('f-mode-help')?.textContent).toBe("The gateway's mode by default.");
    expect((document.querySelector('.field') as HTMLElement).style.maxWidth).toBe('360px');
    rerender(
      <Field id="f-mode" label="Mode" hint="The gateway's mode by default." error="not a mode">
        <select id="f-mode" defaultValue="all">
          <option value="all">All tools</option>
        </select>
      </Field>,
    );
    expect(screen.getByRole('alert').id).toBe('f-mode-err');
    expect(document.getElementById('f-mode-help')).toBeNull();
  });
});
