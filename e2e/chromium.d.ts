export declare const SYSTEM_CHROMIUMS: string[];
export declare function findChromium(
  env?: NodeJS.ProcessEnv,
): Promise<{ executablePath: string; args: string[]; source: string }>;
