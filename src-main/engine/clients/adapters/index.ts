import type { ClientAdapter } from '../types.js';
import { claudeCode } from './claude-code.js';
import { claudeDesktop } from './claude-desktop.js';
import { cline } from './cline.js';
import { codex } from './codex.js';
import { continueDev } from './continue.js';
import { cursor } from './cursor.js';
import { gemini } from './gemini.js';
import { goose } from './goose.js';
import { lmStudio } from './lm-studio.js';
import { rooCode } from './roo-code.js';
import { vscode, vscodeInsiders } from './vscode.js';
import { windsurf } from './windsurf.js';
import { zed } from './zed.js';

export { claudeJsonPath, claudeProjects } from './claude-code.js';

/** Every supported client, in the order the wizard lists them. */
export const ADAPTERS: readonly ClientAdapter[] = [
  claudeDesktop,
  claudeCode,
  cursor,
  vscode,
  vscodeInsiders,
  windsurf,
  zed,
  cline,
  rooCode,
  codex,
  gemini,
  continueDev,
  lmStudio,
  goose,
];
