import { create } from 'zustand';

/** Recent things that went wrong, for the overview: crashes, open circuits, config errors, failed calls. */
export interface Problem {
  id: string;
  at: number;
  kind: 'server' | 'config' | 'call';
  server: string | undefined;
  title: string;
  detail: string;
}

const LIMIT = 50;

interface ProblemsState {
  problems: Problem[];
  /** The config file's current problem (from health or config.error), cleared by config.reloaded. */
  configProblem: { message: string; line?: number; column?: number } | undefined;
}

export const useProblems = create<ProblemsState>(() => ({ problems: [], configProblem: undefined }));

export function addProblem(p: Problem): void {
  useProblems.setState((st) => ({
    problems: [p, ...st.problems.filter((x) => x.id !== p.id)].slice(0, LIMIT),
  }));
}
