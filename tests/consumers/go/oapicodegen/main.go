// The oapi-codegen (v2) client calls every operation.
//
// Its `ClientWithResponses` decodes each declared status into its own field (JSON200,
// JSON404, ...); each `oneOf` of the spec is a union read with `As...` per branch.
package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"wwtsms.test/consumers/clients/oapi"
	"wwtsms.test/consumers/common"
)

func main() {
	baseURL, cases, apiKey := common.Arguments()
	// --8<-- [start:client]
	client, err := oapi.NewClientWithResponses(baseURL,
		oapi.WithHTTPClient(&http.Client{Timeout: 10 * time.Second}),
		oapi.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
			req.Header.Set("X-API-KEY", apiKey)
			return nil
		}))
	// --8<-- [end:client]
	if err != nil {
		panic(err)
	}
	common.Run(cases, func(operation, argument string) (int, common.Body, error) {
		return call(client, operation, argument)
	})
}

func call(client *oapi.ClientWithResponses, operation, argument string) (int, common.Body, error) {
	ctx := context.Background()
	switch operation {
	case "getSmsById":
		id, err := common.ID(argument)
		if err != nil {
			return 0, nil, err
		}
		// --8<-- [start:call]
		answer, err := client.GetSmsByIdWithResponse(ctx, id)
		if err != nil {
			return 0, nil, err
		}
		return answer.StatusCode(), oneOf(answer.JSON200, answer.JSON404, answer.JSON401), nil
		// --8<-- [end:call]
	case "getSmsByReference":
		answer, err := client.GetSmsByReferenceWithResponse(ctx, argument)
		if err != nil {
			return 0, nil, err
		}
		return answer.StatusCode(), oneOf(answer.JSON200, answer.JSON404, answer.JSON401), nil
	case "getTaskById":
		id, err := common.ID(argument)
		if err != nil {
			return 0, nil, err
		}
		answer, err := client.GetTaskByIdWithResponse(ctx, id)
		if err != nil {
			return 0, nil, err
		}
		return answer.StatusCode(), oneOf(answer.JSON200, answer.JSON404, answer.JSON401), nil
	case "getSmsStatuses":
		ids, err := common.IDs(argument)
		if err != nil {
			return 0, nil, err
		}
		answer, err := client.GetSmsStatusesWithResponse(ctx, oapi.SmsStatusesRequest{Ids: ids})
		if err != nil {
			return 0, nil, err
		}
		return answer.StatusCode(), oneOf(answer.JSON200, answer.JSON404, answer.JSON401), nil
	}
	return 0, nil, fmt.Errorf("unknown operation %q", operation)
}

// oneOf rebuilds whichever of the decoded bodies the client filled (nil: none of them, which
// the driver reports as a body the client did not read).
func oneOf[T any](ok *T, notFound *oapi.ApiError, unauthorized *oapi.Unauthorized) common.Body {
	switch {
	case ok != nil:
		return success(any(ok))
	case notFound != nil:
		return apiError(*notFound)
	case unauthorized != nil:
		return gateOrAPI(*unauthorized)
	}
	return nil
}

func success(model any) common.Body {
	switch m := model.(type) {
	case *oapi.Sms:
		return sms(*m)
	case *oapi.Task:
		return task(*m)
	case *oapi.SmsStatusList:
		return statusList(*m)
	}
	return common.Body{"unexpected model": fmt.Sprintf("%T", model)}
}

// --8<-- [start:read]
func sms(m oapi.Sms) common.Body {
	body := common.Body{"error": either(m.Error.AsWireErrorCode0, m.Error.AsWireErrorCode1)}
	common.Put(body, "errorDescription", m.ErrorDescription)
	if m.Id != nil {
		body["id"] = either(m.Id.AsWireId0, m.Id.AsWireId1)
	}
	if m.Msisdn != nil {
		body["msisdn"] = either(m.Msisdn.AsSmsMsisdn0, m.Msisdn.AsSmsMsisdn1)
	}
	common.Put(body, "reference", m.Reference)
	common.Put(body, "time_in", m.TimeIn)
	common.Put(body, "time_sent", m.TimeSent)
	common.Put(body, "time_dr", m.TimeDr)
	common.Put(body, "status", m.Status)
	if m.Price != nil {
		body["price"] = either(m.Price.AsWireDecimal0, m.Price.AsWireDecimal1)
	}
	common.Put(body, "currency", m.Currency)
	return body
}

// --8<-- [end:read]

func task(m oapi.Task) common.Body {
	body := common.Body{"error": either(m.Error.AsWireErrorCode0, m.Error.AsWireErrorCode1)}
	common.Put(body, "errorDescription", m.ErrorDescription)
	common.Put(body, "originator", m.Originator)
	common.Put(body, "body", m.Body)
	common.Put(body, "currency", m.Currency)
	if m.Totalprice != nil {
		body["totalprice"] = either(m.Totalprice.AsWireDecimal0, m.Totalprice.AsWireDecimal1)
	}
	counters := map[string]*oapi.WireInteger{
		"validity": m.Validity, "total": m.Total, "sent": m.Sent, "queued": m.Queued,
		"accepted": m.Accepted, "enroute": m.Enroute, "delivered": m.Delivered,
		"expired": m.Expired, "undeliverable": m.Undeliverable, "unknown": m.Unknown,
	}
	for name, counter := range counters {
		if counter != nil {
			body[name] = either(counter.AsWireInteger0, counter.AsWireInteger1)
		}
	}
	return body
}

func statusList(m oapi.SmsStatusList) common.Body {
	body := common.Body{}
	if m.Error != nil {
		body["error"] = either(m.Error.AsWireErrorCode0, m.Error.AsWireErrorCode1)
	}
	common.Put(body, "errorDescription", m.ErrorDescription)
	if m.Result != nil {
		items := []common.Body{}
		for _, r := range *m.Result {
			items = append(items, common.Body{
				"id":          either(r.Id.AsWireId0, r.Id.AsWireId1),
				"external_id": r.ExternalId,
				"msisdn":      either(r.Msisdn.AsWireMsisdn0, r.Msisdn.AsWireMsisdn1),
				"time_sent":   r.TimeSent,
				"time_dr":     r.TimeDr,
				"status":      r.Status,
				"price":       either(r.Price.AsWireDecimal0, r.Price.AsWireDecimal1),
				"currency":    r.Currency,
			})
		}
		body["result"] = items
	}
	return body
}

func apiError(m oapi.ApiError) common.Body {
	body := common.Body{"error": either(m.Error.AsWireNonZeroCode0, m.Error.AsWireNonZeroCode1)}
	common.Put(body, "errorDescription", m.ErrorDescription)
	return body
}

// gateOrAPI reads a 401, which is either shape: the gateway's has `code` and `message`.
func gateOrAPI(u oapi.Unauthorized) common.Body {
	if gateway, err := u.AsGatewayError(); err == nil && gateway.Message != "" {
		return common.Body{"code": gateway.Code, "message": gateway.Message}
	}
	if api, err := u.AsApiError(); err == nil {
		return apiError(api)
	}
	return nil
}

// either is the value of whichever branch of a `oneOf` union decodes (a number, else a string).
func either[A, B any](first func() (A, error), second func() (B, error)) any {
	if value, err := first(); err == nil {
		return value
	}
	if value, err := second(); err == nil {
		return value
	}
	return nil
}
