import { z } from 'zod';

/**
 * The one contract between the desktop preload and the Electron main process. The preload
 * exposes `window.mcpGateway` (shape: `DesktopBridge`) and forwards each desktop action over the
 * IPC channel named here; main validates the sender and the payload against these schemas.
 * A browser has no bridge: the renderer treats every desktop action as optional.
 */

export const DESKTOP_CHANNELS = {
  /** Sync, once at preload time: where the engine is and its token. */
  bootstrap: 'mcp-gateway:bootstrap',
  openExternal: 'mcp-gateway:open-external',
  getStartAtLogin: 'mcp-gateway:get-start-at-login',
  setStartAtLogin: 'mcp-gateway:set-start-at-login',
  getAutoUpdate: 'mcp-gateway:get-auto-update',
  setAutoUpdate: 'mcp-gateway:set-auto-update',
  revealConfig: 'mcp-gateway:reveal-config',
  getPreferences: 'mcp-gateway:get-preferences',
  setPreferences: 'mcp-gateway:set-preferences',
  /** Grow the tray popover into a full, resizable window. */
  expandWindow: 'mcp-gateway:expand-window',
  quit: 'mcp-gateway:quit',
} as const;
export type DesktopChannelKey = keyof typeof DESKTOP_CHANNELS;

/** Only web links leave the app, and never with credentials in them. */
export function isSafeExternalUrl(raw: string): boolean {
  // No URL global here (src-shared has no DOM or Node types): a strict pattern instead.
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    // Spaces, control characters and backslashes are how URL parsers get confused.
    if (c <= 0x20 || c === 0x7f || c === 0x5c) {
      return false;
    }
  }
  const m = /^https?:\/\/([^/?#]*)/i.exec(raw);
  const authority = m?.[1];
  return authority !== undefined && authority !== '' && !authority.includes('@');
}

const ExternalUrl = z
  .string()
  .max(2048, 'links longer than 2048 characters are not opened')
  .refine(isSafeExternalUrl, 'only http:// and https:// links (without user:password@) can be opened');

const BootstrapSchema = z.object({
  apiBase: z
    .string()
    .regex(/^http:\/\/(127\.0\.0\.1|\[::1\]|localhost):\d+$/, 'apiBase must be a loopback URL'),
  token: z.string().min(16),
  platform: z.string(),
});
export type DesktopBootstrap = z.infer<typeof BootstrapSchema>;

/** UI preferences the desktop shell keeps for the dashboard (the gateway config is separate). */
const UiPreferencesSchema = z.object({
  theme: z.enum(['system', 'light', 'dark']),
  /** The route the dashboard showed last, e.g. `#/servers`; restored when the window opens. */
  lastView: z.string().max(200),
  autoUpdate: z.boolean(),
});
export type UiPreferences = z.infer<typeof UiPreferencesSchema>;

/** Arguments (as a tuple) and result of every channel. */
export const DESKTOP_CONTRACT = {
  bootstrap: { args: z.tuple([]), result: BootstrapSchema },
  openExternal: { args: z.tuple([ExternalUrl]), result: z.void() },
  getStartAtLogin: { args: z.tuple([]), result: z.boolean() },
  setStartAtLogin: { args: z.tuple([z.boolean()]), result: z.boolean() },
  getAutoUpdate: { args: z.tuple([]), result: z.boolean() },
  setAutoUpdate: { args: z.tuple([z.boolean()]), result: z.boolean() },
  revealConfig: { args: z.tuple([]), result: z.void() },
  getPreferences: { args: z.tuple([]), result: UiPreferencesSchema },
  setPreferences: {
    args: z.tuple([
      UiPreferencesSchema.pick({ theme: true, lastView: true })
        .partial()
        .strict()
        .refine((p) => p.lastView === undefined || p.lastView === '' || p.lastView.startsWith('#/'), {
          message: 'lastView is a dashboard route starting with "#/"',
        }),
    ]),
    result: UiPreferencesSchema,
  },
  expandWindow: { args: z.tuple([]), result: z.void() },
  quit: { args: z.tuple([]), result: z.void() },
} as const satisfies Record<DesktopChannelKey, { args: z.ZodTuple; result: z.ZodType }>;

export type DesktopArgs<K extends DesktopChannelKey> = z.infer<(typeof DESKTOP_CONTRACT)[K]['args']>;
export type DesktopResult<K extends DesktopChannelKey> = z.infer<(typeof DESKTOP_CONTRACT)[K]['result']>;

/** Desktop-only actions; each returns what main answered. */
interface DesktopActions {
  openExternal?: (url: string) => Promise<void>;
  getStartAtLogin: () => Promise<boolean>;
  /** Resolves the state the OS now reports. */
  setStartAtLogin: (on: boolean) => Promise<boolean>;
  getAutoUpdate?: () => Promise<boolean>;
  setAutoUpdate?: (on: boolean) => Promise<boolean>;
  /** Shows the gateway's config file in the OS file manager. */
  revealConfig: () => Promise<void>;
  getPreferences?: () => Promise<UiPreferences>;
  setPreferences?: (patch: Partial<Pick<UiPreferences, 'theme' | 'lastView'>>) => Promise<UiPreferences>;
  expandWindow?: () => Promise<void>;
  quit: () => Promise<void>;
}

/** `window.mcpGateway` in the desktop app. */
export interface DesktopBridge {
  apiBase: string;
  token: string;
  platform: string;
  desktop: DesktopActions;
}

/** The name the preload exposes the bridge under. */
export const DESKTOP_BRIDGE_KEY = 'mcpGateway';
