// A small typed consumer of every operation, compiled with `tsc --noEmit` against the
// types openapi-typescript generates from openapi.yaml (`nox -s typescript`). It proves that a
// TypeScript team gets usable types from our spec: both wire forms, nulls, both error shapes.
import type { components, operations } from "./build/wwt-sms";

type Schemas = components["schemas"];
type Json<Op extends keyof operations, Status extends keyof operations[Op]["responses"]> =
  operations[Op]["responses"][Status] extends { content: { "application/json": infer Body } }
    ? Body
    : never;

type SmsBody = Json<"getSmsById", 200>;
type TaskBody = Json<"getTaskById", 200>;
type NotFound = Json<"getSmsByReference", 404>;
type Throttled = Json<"getTaskById", 429>;

const BASE_URL = "https://api.wwt.world/rest";

/** IDs above 2^53 - 1 travel as strings: keep them as text, never as a JS number. */
function idText(id: Schemas["WireId"]): string {
  return typeof id === "string" ? id : String(id);
}

function smsUrl(id: operations["getSmsById"]["parameters"]["path"]["id"] | string): string {
  return `${BASE_URL}/sms/${encodeURIComponent(String(id))}`;
}

function referenceUrl(reference: operations["getSmsByReference"]["parameters"]["path"]["reference"]): string {
  return `${BASE_URL}/sms/reference/${encodeURIComponent(reference)}`;
}

function taskUrl(taskId: operations["getTaskById"]["parameters"]["path"]["task_id"]): string {
  return `${BASE_URL}/sms/task/${taskId}`;
}

/** A 200 body is one object: read `error` first. 0: the message's fields are there (the
 * spec's if/then, which types cannot express, so they are optional here); else an error. */
function describeSms(body: SmsBody): string {
  if (String(body.error) !== "0") {
    return `error ${String(body.error)}: ${body.errorDescription ?? ""}`;
  }
  const { id, status, price, currency } = body;
  if (id === undefined || status === undefined || price === undefined) {
    throw new Error("a message without its fields");
  }
  const sent: string = body.time_sent ?? "not sent yet";
  const reference: string = body.reference ?? "(none)";
  return `${idText(id)} ${status} ref=${reference} sent=${sent} ${String(price)} ${currency ?? ""}`;
}

function delivered(body: TaskBody): number {
  if (String(body.error) === "0") {
    return Number(body.delivered ?? 0);
  }
  throw new Error(`error ${String(body.error)}`);
}

function describeError(body: NotFound | Throttled): string {
  return "error" in body ? `API error ${String(body.error)}` : `gateway ${body.code}: ${body.message}`;
}

type StatusesRequest = operations["getSmsStatuses"]["requestBody"]["content"]["application/json"];
type StatusesBody = Json<"getSmsStatuses", 200>;

/** The mass-status body: IDs as JSON integers, at most 100 of them. */
function statusesRequest(ids: number[]): StatusesRequest {
  return { ids: ids.slice(0, 100) };
}

/** One line per message found; IDs the API does not know are simply absent. */
function describeStatuses(body: StatusesBody): string[] {
  return (body.result ?? []).map(
    (item) => `${idText(item.id)} ${item.status} ref=${item.external_id ?? "(none)"} sent=${item.time_sent ?? "-"}`,
  );
}

const large: Schemas["WireId"] = "9007199254740993";
const status: Schemas["SmsStatus"] = "a-status-from-the-future";
const code: Schemas["ErrorCode"] = 20;
// @ts-expect-error a reference is a string, whatever the vendor's page says
referenceUrl(19);
// @ts-expect-error the mass-status IDs are JSON integers, as the vendor's SDK sends them
statusesRequest(["123"]);

export const checks = [
  smsUrl(211),
  smsUrl(large),
  referenceUrl("ext_id_19"),
  taskUrl(77),
  describeSms({ error: 0, id: "211", msisdn: "380972000001", time_in: "2017-01-17 09:11:41", status, price: "0.23", currency: "EUR", reference: null, time_sent: null, time_dr: null }),
  describeSms({ error: "20", errorDescription: "SMS not found" }),
  delivered({ error: "0", originator: "alpha_name", body: "test sms", totalprice: "0.4", currency: "EUR", delivered: "1" }),
  describeError({ code: 429, message: "Too many requests" }),
  statusesRequest([123, 124, 125]),
  describeStatuses({ result: [{ id: "123", external_id: "ext_id_16", msisdn: "380972000001", time_sent: null, time_dr: null, status, price: 0.23, currency: "EUR" }] }),
  describeStatuses({ error: "24", errorDescription: "Invalid query payload" }),
  code,
];
