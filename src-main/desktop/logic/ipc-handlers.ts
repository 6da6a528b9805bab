/**
 * Main-process side of the desktop bridge: every call is checked for its sender (only the
 * dashboard page) and its payload (zod, from src-shared/desktop-bridge.ts) before it acts.
 */
import {
  DESKTOP_CONTRACT,
  type DesktopArgs,
  type DesktopBootstrap,
  type DesktopChannelKey,
  type DesktopResult,
  type UiPreferences,
} from '../../../src-shared/desktop-bridge.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { isTrustedSender } from './window-options.js';

export interface DesktopIpcDeps {
  engineUrl: string;
  bootstrap(): DesktopBootstrap;
  openExternal(url: string): Promise<void>;
  getStartAtLogin(): Promise<boolean>;
  setStartAtLogin(on: boolean): Promise<boolean>;
  getAutoUpdate(): boolean;
  setAutoUpdate(on: boolean): boolean;
  revealConfig(): void;
  getPreferences(): UiPreferences;
  setPreferences(patch: Partial<Pick<UiPreferences, 'theme' | 'lastView'>>): UiPreferences;
  expandWindow(): void;
  quit(): void;
}

type Impl = {
  [K in DesktopChannelKey]: (...args: DesktopArgs<K>) => Promise<DesktopResult<K>> | DesktopResult<K>;
};

function implementations(deps: DesktopIpcDeps): Impl {
  return {
    bootstrap: () => deps.bootstrap(),
    openExternal: (url) => deps.openExternal(url),
    getStartAtLogin: () => deps.getStartAtLogin(),
    setStartAtLogin: (on) => deps.setStartAtLogin(on),
    getAutoUpdate: () => deps.getAutoUpdate(),
    setAutoUpdate: (on) => deps.setAutoUpdate(on),
    revealConfig: () => deps.revealConfig(),
    getPreferences: () => deps.getPreferences(),
    setPreferences: (patch) => deps.setPreferences(patch),
    expandWindow: () => deps.expandWindow(),
    quit: () => deps.quit(),
  };
}

/**
 * One handler per channel: `(senderUrl, rawArgs) → result`. Rejects with FORBIDDEN_ORIGIN for a
 * foreign sender and VALIDATION_FAILED (naming the problem) for a bad payload.
 */
export function createDesktopIpcHandlers(
  deps: DesktopIpcDeps,
): Record<DesktopChannelKey, (senderUrl: string | undefined, args: unknown[]) => Promise<unknown>> {
  const impl = implementations(deps);
  const out = {} as Record<
    DesktopChannelKey,
    (senderUrl: string | undefined, args: unknown[]) => Promise<unknown>
  >;
  for (const key of Object.keys(DESKTOP_CONTRACT) as DesktopChannelKey[]) {
    out[key] = async (senderUrl, args) => {
      if (!isTrustedSender(senderUrl, deps.engineUrl)) {
        throw new GatewayError(
          'FORBIDDEN_ORIGIN',
          `the desktop bridge only answers the dashboard page, not ${senderUrl ?? 'an unknown frame'}`,
        );
      }
      const parsed = DESKTOP_CONTRACT[key].args.safeParse(args);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new GatewayError('VALIDATION_FAILED', `${key}: ${issue?.message ?? 'invalid arguments'}`);
      }
      const fn = impl[key] as (...a: unknown[]) => unknown;
      return await fn(...(parsed.data as unknown[]));
    };
  }
  return out;
}
