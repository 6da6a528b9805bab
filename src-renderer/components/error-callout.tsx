import { AlertTriangle } from 'lucide-react';

import { describeError } from '../api/client.js';

export function ErrorCallout({ error, title }: { error: unknown; title?: string }) {
  const d = describeError(error);
  return (
    <div className="callout error" role="alert">
      <AlertTriangle size={16} />
      <div>
        <div className="title">{title ?? d.message}</div>
        {title !== undefined && <div>{d.message}</div>}
        {d.help !== undefined && <div className="help">{d.help}</div>}
      </div>
    </div>
  );
}
