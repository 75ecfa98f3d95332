import type { CozeClient } from '../core/client/cozeClient';
import { serverFor, type ServerConfig } from './serverOptions';

/**
 * The CLI's Coze clients: one per server a run uses (the flags' or the environment's, or a built-in region a
 * test file or saved workflow names), made on first use so that starting the CLI loads no HTTP stack.
 */
export class ServerClients {
  private readonly made = new Map<string, Promise<CozeClient>>();

  constructor(
    readonly server: ServerConfig,
    private readonly userAgent: string,
  ) {}

  /** The client for a workflow or test case that names `environment` (none: the server the CLI was given). */
  for(environment?: string): Promise<CozeClient> {
    const s = serverFor(environment, this.server);
    let client = this.made.get(s.baseUrl);
    if (!client) {
      // rate limits are waited out and retried (4009, 4020, HTTP 429), more patiently than in the editor
      client = import('../core/client/cozeClient').then(
        ({ CozeClient }) => new CozeClient({ baseUrl: s.baseUrl, token: s.token, dialect: s.dialect, maxRetries: 6, userAgent: this.userAgent }),
      );
      this.made.set(s.baseUrl, client);
    }
    return client;
  }

  async close(): Promise<void> {
    await Promise.all([...this.made.values()].map(async (c) => (await c).close()));
  }
}
