import { Check, Copy } from 'lucide-react';
import { useState } from 'react';

/** Copy text; falls back to a hidden textarea where the async clipboard is not allowed. */
async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    document.execCommand('copy');
    ta.remove();
  }
}

export function CopyButton({
  text,
  label = 'Copy',
  className = 'btn sm',
}: {
  text: string;
  label?: string;
  className?: string;
}) {
  const [done, setDone] = useState(false);
  return (
    <button
      className={className}
      aria-label={label}
      title={label}
      onClick={() => {
        void copyText(text).then(() => {
          setDone(true);
          setTimeout(() => setDone(false), 1400);
        });
      }}
    >
      {done ? <Check size={14} /> : <Copy size={14} />}
      <span className="hide-compact">{done ? 'Copied' : 'Copy'}</span>
    </button>
  );
}
