// What every TypeScript consumer shares: its arguments, the loop over cases, one JSON line each.
//
// A consumer runs as `node CONSUMER.js BASE_URL CASES_JSON API_KEY`. For each case it calls the
// operation through its generated client and prints {case, status, body}, where `body` is
// rebuilt from the object the client handed back, reading the fields its generated types name
// (checked by tsc with `satisfies`): a field the client dropped is missing from it. A call that
// throws prints {case, failure} instead.

declare const process: { argv: string[]; exitCode?: number };
declare function require(name: string): { readFileSync(path: string, encoding: string): string };

export interface Case {
  name: string;
  operation: "getSmsById" | "getSmsByReference" | "getTaskById" | "getSmsStatuses";
  argument: string;
}

export type Body = Record<string, unknown>;
export type Call = (operation: Case["operation"], argument: string) => Promise<[number, Body]>;

const [baseUrl = "", casesFile = "", apiKey = ""] = process.argv.slice(2);
export { apiKey, baseUrl };

const TIMEOUT_MS = 10_000;

/** `fetch` with a deadline on every request. */
export const boundedFetch: typeof fetch = (input, init) =>
  fetch(input, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });

/** A path ID as the generated clients type it (`number`), or, above 2^53 - 1, the decimal
 * string itself: a number would round it (the spec says to send the text received). */
export function pathId(argument: string): number {
  const value = Number(argument);
  return Number.isSafeInteger(value) ? value : (argument as unknown as number);
}

/** Wire names of a 200 body, as the generated types must name them. */
export const SMS_FIELDS = ["error", "errorDescription", "id", "msisdn", "reference", "time_in",
  "time_sent", "time_dr", "status", "price", "currency"] as const;
export const TASK_FIELDS = ["error", "errorDescription", "originator", "body", "validity",
  "totalprice", "currency", "total", "sent", "queued", "accepted", "enroute", "delivered",
  "expired", "undeliverable", "unknown"] as const;
export const ERROR_FIELDS = ["error", "errorDescription"] as const;
/** The mass-status answer's own fields, and those of each item of its `result`. */
export const LIST_FIELDS = ["error", "errorDescription"] as const;
export const RECORD_FIELDS = ["id", "external_id", "msisdn", "time_sent", "time_dr", "status",
  "price", "currency"] as const;
export const GATEWAY_FIELDS = ["code", "message"] as const;

/** The fields a decoded object holds (read under `names[i]`, written under `wire[i]`). */
export function rebuild(model: unknown, wire: readonly string[], names: readonly string[] = wire): Body {
  if (typeof model !== "object" || model === null) {
    throw new TypeError(`the client gave ${JSON.stringify(model)}`);
  }
  const source = model as Record<string, unknown>;
  const body: Body = {};
  wire.forEach((name, i) => {
    const value = source[names[i] ?? name];
    if (value !== undefined) body[name] = value;
  });
  return body;
}

/** The mass-status case's argument (comma-separated IDs) as the request's `ids`. */
export function statusIds(argument: string): number[] {
  return argument.split(",").map(Number);
}

/** A mass-status answer: its own fields, and each item of `result` by the record's names. */
export function rebuildList(model: unknown, recordNames: readonly string[] = RECORD_FIELDS): Body {
  const body = rebuild(model, LIST_FIELDS);
  const result = (model as { result?: unknown[] }).result;
  if (result !== undefined) body.result = result.map((item) => rebuild(item, RECORD_FIELDS, recordNames));
  return body;
}

/** An error body rebuilt by the fields its shape names. */
export function errorBody(model: unknown): Body {
  const fields = typeof model === "object" && model !== null && "code" in model ? GATEWAY_FIELDS : ERROR_FIELDS;
  return rebuild(model, fields);
}

export async function run(call: Call): Promise<void> {
  const cases = JSON.parse(require("fs").readFileSync(casesFile, "utf8")) as Case[];
  for (const c of cases) {
    let line: Body;
    try {
      const [status, body] = await call(c.operation, c.argument);
      line = { case: c.name, status, body };
    } catch (error) {
      line = { case: c.name, failure: String(error).split("\n").join(" / ").slice(0, 500) };
    }
    console.log(JSON.stringify(line));
  }
}
