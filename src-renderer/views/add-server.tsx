import * as Tabs from '@radix-ui/react-tabs';
import { BookOpen, ClipboardPaste, SquareTerminal } from 'lucide-react';
import { useState } from 'react';

import { navigate } from '../lib/router.js';
import { CatalogPanel } from './add-server/catalog-panel.js';
import { type Draft, EMPTY_DRAFT } from './add-server/draft.js';
import { PastePanel } from './add-server/paste-panel.js';
import { ServerForm } from './add-server/server-form.js';

/** Adding a server three ways: the form, a pasted snippet (one opens in the form), the catalog. */
export function AddServerView() {
  const [tab, setTab] = useState('form');
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const done = (name?: string): void =>
    navigate(name !== undefined ? { view: 'server', name, tab: undefined } : { view: 'servers' });
  return (
    <div className="page" style={{ maxWidth: 820 }}>
      <div className="page-head">
        <div style={{ flex: 1 }}>
          <h1 tabIndex={-1}>Add a server</h1>
          <div className="page-sub">
            The gateway starts it right away and serves its tools to every connected client.
          </div>
        </div>
      </div>
      <Tabs.Root value={tab} onValueChange={setTab}>
        <Tabs.List className="tabs-list" aria-label="How to add">
          <Tabs.Trigger value="form">
            <SquareTerminal size={14} /> Form
          </Tabs.Trigger>
          <Tabs.Trigger value="paste">
            <ClipboardPaste size={14} /> Paste
          </Tabs.Trigger>
          <Tabs.Trigger value="catalog">
            <BookOpen size={14} /> Catalog
          </Tabs.Trigger>
        </Tabs.List>
        <div className="card card-pad" style={{ marginTop: 14 }}>
          <Tabs.Content value="form">
            <ServerForm draft={draft} setDraft={setDraft} onDone={done} />
          </Tabs.Content>
          <Tabs.Content value="paste">
            <PastePanel
              onSingle={(d) => {
                setDraft(d);
                setTab('form');
              }}
              onDone={done}
            />
          </Tabs.Content>
          <Tabs.Content value="catalog">
            <CatalogPanel onDone={done} />
          </Tabs.Content>
        </div>
      </Tabs.Root>
    </div>
  );
}
