/**
 * Start at login. macOS and Windows use Electron's login item settings; Linux has none, so the
 * XDG autostart entry (~/.config/autostart/mcp-gateway.desktop) is written and removed here.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const AUTOSTART_FILE_NAME = 'mcp-gateway.desktop';
/** Launched at login, the app starts in the tray without opening its window. */
export const HIDDEN_ARG = '--hidden';

/** `$XDG_CONFIG_HOME/autostart/mcp-gateway.desktop`, `~/.config/...` by default. */
export function autostartFilePath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const base =
    env.XDG_CONFIG_HOME !== undefined && path.isAbsolute(env.XDG_CONFIG_HOME)
      ? env.XDG_CONFIG_HOME
      : path.join(home, '.config');
  return path.join(base, 'autostart', AUTOSTART_FILE_NAME);
}

/** Quotes one Exec argument per the Desktop Entry spec. */
export function quoteExecArg(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) {
    return arg;
  }
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

/**
 * The program to start at login: an AppImage must be started through its own file
 * (`$APPIMAGE`), since the path the app runs from is a temporary mount.
 */
export function autostartCommand(
  execPath: string,
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const appImage = env.APPIMAGE;
  return [appImage !== undefined && appImage.length > 0 ? appImage : execPath, HIDDEN_ARG];
}

export function autostartDesktopEntry(command: readonly string[], name = 'MCP Gateway'): string {
  // `%` starts a field code in Exec, so it is doubled.
  const exec = command.map((a) => quoteExecArg(a).replace(/%/g, '%%')).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${name}`,
    'Comment=Start MCP Gateway in the tray at login',
    `Exec=${exec}`,
    'Icon=mcp-gateway-desktop',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export interface LinuxAutostart {
  get(): Promise<boolean>;
  set(on: boolean): Promise<boolean>;
}

export function createLinuxAutostart(options: { file: string; command: readonly string[] }): LinuxAutostart {
  const get = async (): Promise<boolean> => {
    try {
      const text = await readFile(options.file, 'utf8');
      // A user can switch the entry off in their session settings without deleting it.
      return !/^(Hidden=true|X-GNOME-Autostart-enabled=false)\s*$/m.test(text);
    } catch {
      return false;
    }
  };
  return {
    get,
    async set(on) {
      if (on) {
        await mkdir(path.dirname(options.file), { recursive: true });
        await writeFile(options.file, autostartDesktopEntry(options.command), { mode: 0o644 });
      } else {
        await rm(options.file, { force: true });
      }
      return get();
    },
  };
}
