import { Agent, request } from 'node:http';

/**
 * The load of the workshop day, run in a process of its own (bench/day-screens.ts starts it), so
 * that what it measures is not delayed by either server's work: room screens and phones poll
 * /now, each on its own connection, and at the same instant the bare server on a second one;
 * the door checks people in; an organizer posts a delay halfway through.
 */

export interface DayLoadPlan {
  ours: string;
  bare: string;
  seconds: number;
  pollers: number;
  everyMs: number;
  /** A Bearer token of an organizer (the door's and the delay's). */
  token: string;
  /** The check-in codes of the people who come, in the order they come. */
  codes: string[];
  delay: { from: string; minutes: number };
}

export interface DayLoadResult {
  ours: { ms: number[]; statuses: Record<string, number> };
  bare: { ms: number[]; statuses: Record<string, number> };
  checkIns: { ms: number[]; statuses: Record<string, number> };
  delays: { ms: number[]; statuses: Record<string, number> };
}

interface Answer {
  status: number;
  ms: number;
  etag: string | undefined;
}

/** One HTTP exchange, timed from the request's start to the last byte of the answer. */
function exchange(
  url: string,
  agent: Agent,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const sent = request(
      url,
      { agent, method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        response.on('data', () => undefined);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            ms: performance.now() - started,
            etag: response.headers.etag,
          }),
        );
        response.on('error', reject);
      },
    );
    sent.on('error', reject);
    sent.end(options.body);
  });
}

/** What a browser asks with: the answers come compressed. */
export const BROWSER = { 'accept-encoding': 'gzip, deflate, br, zstd' };

/** Before the period: every poller connects and polls once (JIT warm, connections open). */
const WARM_UP_MS = 3000;

const tally = () => ({ ms: [] as number[], statuses: {} as Record<string, number> });

function note(into: ReturnType<typeof tally>, answer: Answer | Error) {
  const status = answer instanceof Error ? 'error' : String(answer.status);
  into.statuses[status] = (into.statuses[status] ?? 0) + 1;
  if (!(answer instanceof Error)) into.ms.push(answer.ms);
}

const sleepUntil = (at: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));

export async function runDayLoad(plan: DayLoadPlan): Promise<DayLoadResult> {
  const result: DayLoadResult = {
    ours: tally(),
    bare: tally(),
    checkIns: tally(),
    delays: tally(),
  };
  const start = performance.now() + WARM_UP_MS + 200;
  const end = start + plan.seconds * 1000;
  const nowPath = '/editions/2020/now';

  // A screen is a browser: its cache revalidates a no-cache answer with the ETag it holds.
  async function poller(index: number) {
    const toOurs = new Agent({ keepAlive: true, maxSockets: 1 });
    const toBare = new Agent({ keepAlive: true, maxSockets: 1 });
    let held: string | undefined;
    // Devices already connected when the period starts: one poll of each, not measured.
    await sleepUntil(start - WARM_UP_MS + (WARM_UP_MS * index) / plan.pollers);
    await Promise.all([
      exchange(`${plan.ours}${nowPath}`, toOurs, { headers: BROWSER }).catch(() => undefined),
      exchange(`${plan.bare}${nowPath}`, toBare, { headers: BROWSER }).catch(() => undefined),
    ]);
    for (let at = start + (plan.everyMs * index) / plan.pollers; at < end; at += plan.everyMs) {
      await sleepUntil(at);
      const ours = exchange(`${plan.ours}${nowPath}`, toOurs, {
        headers: { ...BROWSER, ...(held ? { 'if-none-match': held } : {}) },
      });
      const bare = exchange(`${plan.bare}${nowPath}`, toBare, { headers: BROWSER });
      const [fromOurs, fromBare] = await Promise.all([
        ours.catch((error: Error) => error),
        bare.catch((error: Error) => error),
      ]);
      note(result.ours, fromOurs);
      note(result.bare, fromBare);
      if (!(fromOurs instanceof Error) && fromOurs.etag) held = fromOurs.etag;
    }
    toOurs.destroy();
    toBare.destroy();
  }

  // The door: one scanner, people arriving through the period (a little unevenly, as people do).
  const organizer = { authorization: `Bearer ${plan.token}`, 'content-type': 'application/json' };
  async function door() {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const spacing = (plan.seconds * 1000) / plan.codes.length;
    for (const [index, code] of plan.codes.entries()) {
      const wobble = ((index * 7919) % 100) / 100 - 0.5;
      await sleepUntil(start + spacing * (index + 0.5 + wobble * 0.8));
      const answer = await exchange(`${plan.ours}/admin/editions/2020/check-ins`, agent, {
        method: 'POST',
        headers: organizer,
        body: JSON.stringify({ code, scanId: `door-scan-${index}` }),
      }).catch((error: Error) => error);
      note(result.checkIns, answer);
    }
    agent.destroy();
  }

  async function delay() {
    const agent = new Agent({ keepAlive: false });
    await sleepUntil(start + (plan.seconds * 1000) / 2);
    const answer = await exchange(`${plan.ours}/admin/editions/2020/live/delays`, agent, {
      method: 'POST',
      headers: organizer,
      body: JSON.stringify(plan.delay),
    }).catch((error: Error) => error);
    note(result.delays, answer);
    agent.destroy();
  }

  await Promise.all([
    ...Array.from({ length: plan.pollers }, (_, index) => poller(index)),
    door(),
    delay(),
  ]);
  return result;
}
