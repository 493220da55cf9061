// openapi-fetch, typed by openapi-typescript's `paths`, calls the three operations.
//
// Each call resolves to {data, error, response}: `data` for a 2xx, `error` (the decoded body)
// otherwise.

import createClient from "openapi-fetch";
import type { components, paths } from "../clients/openapi_typescript/schema";
import {
  Body, LIST_FIELDS, RECORD_FIELDS, SMS_FIELDS, TASK_FIELDS, apiKey, baseUrl, boundedFetch,
  errorBody, pathId, rebuild, rebuildList, run, statusIds,
} from "./common";

SMS_FIELDS satisfies readonly (keyof components["schemas"]["Sms"])[];
TASK_FIELDS satisfies readonly (keyof components["schemas"]["Task"])[];
LIST_FIELDS satisfies readonly (keyof components["schemas"]["SmsStatusList"])[];
RECORD_FIELDS satisfies readonly (keyof components["schemas"]["SmsStatusRecord"])[];

const client = createClient<paths>({ baseUrl, fetch: boundedFetch, headers: { "X-API-KEY": apiKey } });

run(async (operation, argument): Promise<[number, Body]> => {
  if (operation === "getSmsStatuses") {
    const { data, error, response } = await client.POST("/sms/getStatus", { body: { ids: statusIds(argument) } });
    if (error !== undefined) return [response.status, errorBody(error)];
    return [response.status, rebuildList(data)];
  }
  const { data, error, response } =
    operation === "getSmsById"
      ? await client.GET("/sms/{id}", { params: { path: { id: pathId(argument) } } })
      : operation === "getSmsByReference"
        ? await client.GET("/sms/reference/{reference}", { params: { path: { reference: argument } } })
        : await client.GET("/sms/task/{task_id}", { params: { path: { task_id: pathId(argument) } } });
  if (error !== undefined) return [response.status, errorBody(error)];
  return [response.status, rebuild(data, operation === "getTaskById" ? TASK_FIELDS : SMS_FIELDS)];
});
