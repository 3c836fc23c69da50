// A plain Direct Line v3 client for tests: fetch for the REST calls and `ws` for the stream,
// the same calls DirectLineJS makes from Web Chat.
import WebSocket from 'ws';

export interface DlActivity {
  type: string;
  id: string;
  timestamp: string;
  text?: string;
  name?: string;
  value?: unknown;
  replyToId?: string;
  from: { id: string; name?: string; role?: string };
  conversation: { id: string };
  channelData?: { clientActivityID?: string };
  attachments?: Array<{ contentType: string; contentUrl?: string; name?: string; content?: unknown }>;
}

export interface Conversation {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl: string;
}

export class DirectLineClient {
  constructor(readonly base: string) {}

  get domain(): string {
    return `${this.base}/v3/directline`;
  }

  async request(method: string, path: string, token: string | undefined, body?: unknown): Promise<Response> {
    return fetch(`${this.domain}${path}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async startConversation(token?: string, body?: unknown): Promise<Conversation & { status: number }> {
    const res = await this.request('POST', '/conversations', token, body);
    if (res.status !== 200 && res.status !== 201) throw new Error(`start failed: ${res.status} ${await res.text()}`);
    return { ...((await res.json()) as Conversation), status: res.status };
  }

  async post(conversation: Conversation, activity: Record<string, unknown>): Promise<{ status: number; body: { id?: string } & Record<string, unknown> }> {
    const res = await this.request('POST', `/conversations/${conversation.conversationId}/activities`, conversation.token, activity);
    return { status: res.status, body: (await res.json()) as { id?: string } };
  }

  async activities(conversation: Conversation, watermark?: string): Promise<{ activities: DlActivity[]; watermark: string }> {
    const query = watermark === undefined ? '' : `?watermark=${encodeURIComponent(watermark)}`;
    const res = await this.request('GET', `/conversations/${conversation.conversationId}/activities${query}`, conversation.token);
    if (res.status !== 200) throw new Error(`get activities failed: ${res.status}`);
    return (await res.json()) as { activities: DlActivity[]; watermark: string };
  }

  /** Polls (as DirectLineJS does without WebSocket) until `match` holds for the activities so far. */
  async waitFor(conversation: Conversation, match: (all: DlActivity[]) => boolean, timeoutMs = 10_000): Promise<DlActivity[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { activities } = await this.activities(conversation);
      if (match(activities)) return activities;
      if (Date.now() > deadline) throw new Error(`timed out; got ${JSON.stringify(activities.map((a) => [a.type, a.text]))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export interface ActivityGroup {
  activities: DlActivity[];
  watermark: string;
}

/** A stream socket that records every activity group it receives. */
export class StreamReader {
  readonly groups: ActivityGroup[] = [];
  private waiters = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const text = data.toString();
      if (!text) return;
      this.groups.push(JSON.parse(text) as ActivityGroup);
      for (const w of this.waiters) w();
    });
  }

  static open(url: string): Promise<StreamReader> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new StreamReader(socket)));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  get activities(): DlActivity[] {
    return this.groups.flatMap((g) => g.activities);
  }

  waitFor(match: (all: DlActivity[]) => boolean, timeoutMs = 10_000): Promise<DlActivity[]> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (match(this.activities)) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve(this.activities);
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`stream timed out; got ${JSON.stringify(this.activities.map((a) => [a.type, a.text]))}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  close(): void {
    this.socket.close();
  }
}

/** The HTTP status with which a stream upgrade is refused (or 101 when accepted). */
export function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', () => resolve(0));
  });
}
