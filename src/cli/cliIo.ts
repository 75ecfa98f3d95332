import type { SecretMask } from '../core/secretMask';

/** What a CLI command works with: where it runs, its environment, and its two exits, both already masked. */
export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** A line on stdout, through the mask. */
  out(line: string): void;
  /** A line on stderr, through the mask. */
  err(line: string): void;
  /** The one mask of the CLI: what a report file or a tool result holds goes through it too. */
  mask: SecretMask;
}
