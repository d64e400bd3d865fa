// Types of bench/inner-loop-stack.mjs, for the smoke test (test/e2e/inner-loop-bench.test.ts).

export declare const INITIAL: { index: string; greeting: string; app: string };
export declare const COMPOSE_WATCH_FILE: string;
export declare const INNER_LOOP_IMAGES: string[];
export declare const SCORE_ARGS: string[];

export interface Endpoint {
  host: string;
  path: string;
}

export interface PreparedStack {
  dir: string;
  name: string;
  port: number;
  tool: 'ours' | 'compose';
  hosts: { web: string; app: string };
}

export declare function webScore(port: number, greeting?: string): string;
export declare function appScore(port: number): string;
export declare function writeStackFiles(dir: string, port: number): void;
export declare function saveFile(path: string, text: string): { epoch: number; hr: bigint };
export declare function composeWatchFile(generated: string): string;
export declare function withComposeGreeting(text: string, greeting: string): string;
export declare function cliOk(cli: string, dir: string, args: string[]): string;
export declare function dnsHost(cli: string, dir: string, workload: string): string;
export declare function prepareStack(opts: {
  cli: string;
  dir: string;
  name: string;
  port: number;
  tool: 'ours' | 'compose';
}): PreparedStack;
export declare function httpGet(
  port: number,
  host: string,
  path: string,
  timeoutMs?: number,
): Promise<{ status: number; body: string }>;
export declare function endpoints(stack: PreparedStack): { index: Endpoint; greeting: Endpoint; app: Endpoint };
export declare function served(stack: PreparedStack, endpoint: Endpoint): Promise<string | undefined>;
export declare function waitForBody(
  stack: PreparedStack,
  endpoint: Endpoint,
  expected: string | undefined,
  opts?: { everyMs?: number; timeoutMs?: number; maxInFlight?: number },
): Promise<{ epoch: number; hr: bigint } | undefined>;
