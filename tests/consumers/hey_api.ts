// The @hey-api/openapi-ts client (fetch) calls the three operations.
//
// Each call resolves to {data, error, response}: `data` for a 2xx, `error` (the decoded body)
// otherwise.

import { createClient } from "../clients/hey_api/client";
import { getSmsById, getSmsByReference, getSmsStatuses, getTaskById } from "../clients/hey_api";
import type { Sms, SmsStatusList, SmsStatusRecord, Task } from "../clients/hey_api";
import {
  Body, LIST_FIELDS, RECORD_FIELDS, SMS_FIELDS, TASK_FIELDS, apiKey, baseUrl, boundedFetch,
  errorBody, pathId, rebuild, rebuildList, run, statusIds,
} from "./common";

SMS_FIELDS satisfies readonly (keyof Sms)[];
TASK_FIELDS satisfies readonly (keyof Task)[];
LIST_FIELDS satisfies readonly (keyof SmsStatusList)[];
RECORD_FIELDS satisfies readonly (keyof SmsStatusRecord)[];

const client = createClient({ baseUrl, fetch: boundedFetch, auth: () => apiKey });

run(async (operation, argument): Promise<[number, Body]> => {
  if (operation === "getSmsStatuses") {
    const { data, error, response } = await getSmsStatuses({ client, body: { ids: statusIds(argument) } });
    if (response === undefined) throw error;
    if (error !== undefined) return [response.status, errorBody(error)];
    return [response.status, rebuildList(data)];
  }
  const { data, error, response } =
    operation === "getSmsById"
      ? await getSmsById({ client, path: { id: pathId(argument) } })
      : operation === "getSmsByReference"
        ? await getSmsByReference({ client, path: { reference: argument } })
        : await getTaskById({ client, path: { task_id: pathId(argument) } });
  if (response === undefined) throw error; // no answer at all (network error, timeout)
  if (error !== undefined) return [response.status, errorBody(error)];
  return [response.status, rebuild(data, operation === "getTaskById" ? TASK_FIELDS : SMS_FIELDS)];
});
