// The openapi-generator `typescript-fetch` client calls the three operations.
//
// Its models rename fields to camelCase (`time_in` -> `timeIn`); an error status throws a
// `ResponseError` carrying the raw response, whose body the generated decoders read.

import {
  ApiErrorFromJSON, Configuration, GatewayErrorFromJSON, ResponseError, SmsApi, TasksApi,
} from "../clients/og_typescript_fetch";
import type { Sms, SmsStatusList, SmsStatusRecord, Task } from "../clients/og_typescript_fetch";
import {
  Body, ERROR_FIELDS, LIST_FIELDS, SMS_FIELDS, TASK_FIELDS, apiKey, baseUrl, boundedFetch, pathId,
  rebuild, rebuildList, run, statusIds,
} from "./common";

const SMS_NAMES = ["error", "errorDescription", "id", "msisdn", "reference", "timeIn", "timeSent",
  "timeDr", "status", "price", "currency"] as const satisfies readonly (keyof Sms)[];
const TASK_NAMES = TASK_FIELDS satisfies readonly (keyof Task)[];
LIST_FIELDS satisfies readonly (keyof SmsStatusList)[];
const RECORD_NAMES = ["id", "externalId", "msisdn", "timeSent", "timeDr", "status", "price",
  "currency"] as const satisfies readonly (keyof SmsStatusRecord)[];

// --8<-- [start:client]
const configuration = new Configuration({ basePath: baseUrl, apiKey, fetchApi: boundedFetch });
const sms = new SmsApi(configuration);
const tasks = new TasksApi(configuration);
// --8<-- [end:client]

async function errorOf(error: unknown): Promise<[number, Body]> {
  if (!(error instanceof ResponseError)) throw error;
  const raw: unknown = await error.response.json();
  const gateway = typeof raw === "object" && raw !== null && "code" in raw;
  const model = gateway ? GatewayErrorFromJSON(raw) : ApiErrorFromJSON(raw);
  return [error.response.status, rebuild(model, gateway ? ["code", "message"] : ERROR_FIELDS)];
}

run(async (operation, argument) => {
  try {
    if (operation === "getSmsStatuses") {
      const answer = await sms.getSmsStatusesRaw({ smsStatusesRequest: { ids: statusIds(argument) } });
      return [answer.raw.status, rebuildList(await answer.value(), RECORD_NAMES)];
    }
    if (operation === "getTaskById") {
      const answer = await tasks.getTaskByIdRaw({ taskId: pathId(argument) });
      return [answer.raw.status, rebuild(await answer.value(), TASK_FIELDS, TASK_NAMES)];
    }
    const answer = operation === "getSmsById"
      ? await sms.getSmsByIdRaw({ id: pathId(argument) })
      : await sms.getSmsByReferenceRaw({ reference: argument });
    return [answer.raw.status, rebuild(await answer.value(), SMS_FIELDS, SMS_NAMES)];
  } catch (error) {
    return errorOf(error);
  }
});
