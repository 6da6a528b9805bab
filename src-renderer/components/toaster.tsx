import * as Toast from '@radix-ui/react-toast';
import { AlertCircle, CheckCircle2, Info, X } from 'lucide-react';
import { create } from 'zustand';

import { describeError } from '../api/client.js';

export interface ToastItem {
  id: number;
  kind: 'success' | 'error' | 'info';
  title: string;
  description?: string;
  action?: { label: string; run: () => void };
  durationMs?: number;
}

interface ToastState {
  items: ToastItem[];
}

const useToasts = create<ToastState>(() => ({ items: [] }));
let nextId = 1;

export function toast(t: Omit<ToastItem, 'id'>): number {
  const id = nextId++;
  useToasts.setState((st) => ({ items: [...st.items.slice(-3), { ...t, id }] }));
  return id;
}

function dismissToast(id: number): void {
  useToasts.setState((st) => ({ items: st.items.filter((i) => i.id !== id) }));
}

/** Show an API error with its help text. */
export function toastError(title: string, err: unknown): void {
  const d = describeError(err);
  toast({
    kind: 'error',
    title,
    description: d.help ? `${d.message} ${d.help}` : d.message,
    durationMs: 9000,
  });
}

const ICON = { success: CheckCircle2, error: AlertCircle, info: Info };

export function Toaster() {
  const items = useToasts((s) => s.items);
  return (
    <Toast.Provider swipeDirection="right">
      {items.map((t) => {
        const Icon = ICON[t.kind];
        return (
          <Toast.Root
            key={t.id}
            className={`toast ${t.kind}`}
            duration={t.durationMs ?? 5000}
            onOpenChange={(open) => {
              if (!open) {
                dismissToast(t.id);
              }
            }}
          >
            <Icon
              size={16}
              style={{
                marginTop: 2,
                color:
                  t.kind === 'error' ? 'var(--red)' : t.kind === 'success' ? 'var(--green)' : 'var(--accent)',
              }}
            />
            <div className="body">
              <Toast.Title className="t-title">{t.title}</Toast.Title>
              {t.description !== undefined && (
                <Toast.Description className="t-desc">{t.description}</Toast.Description>
              )}
            </div>
            {t.action !== undefined && (
              <Toast.Action altText={t.action.label} asChild>
                <button className="btn sm" onClick={t.action.run}>
                  {t.action.label}
                </button>
              </Toast.Action>
            )}
            <Toast.Close className="btn ghost icon sm" aria-label="Dismiss">
              <X size={14} />
            </Toast.Close>
          </Toast.Root>
        );
      })}
      <Toast.Viewport className="toast-viewport" />
    </Toast.Provider>
  );
}
