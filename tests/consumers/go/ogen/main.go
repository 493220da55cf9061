// The ogen client calls every operation.
//
// Each operation answers with one Go type per declared response (`*SMS`, `*GetSmsByIdNotFound`,
// `*Unauthorized`, ...), so the type says which status the client read; each `oneOf` of the
// spec is a sum type whose `Type` says which branch arrived.
package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"wwtsms.test/consumers/clients/ogen"
	"wwtsms.test/consumers/common"
)

// --8<-- [start:security]
// apiKey gives the generated client the `X-API-KEY` header of every request.
type apiKey string

func (key apiKey) ApiKeyAuth(context.Context, ogen.OperationName) (ogen.ApiKeyAuth, error) {
	return ogen.ApiKeyAuth{APIKey: string(key)}, nil
}

// --8<-- [end:security]

func main() {
	baseURL, cases, key := common.Arguments()
	// --8<-- [start:client]
	client, err := ogen.NewClient(baseURL, apiKey(key),
		ogen.WithClient(&http.Client{Timeout: 10 * time.Second}))
	// --8<-- [end:client]
	if err != nil {
		panic(err)
	}
	common.Run(cases, func(operation, argument string) (int, common.Body, error) {
		answer, err := call(client, operation, argument)
		if err != nil {
			return 0, nil, err
		}
		return read(answer)
	})
}

func call(client *ogen.Client, operation, argument string) (any, error) {
	ctx := context.Background()
	switch operation {
	case "getSmsById":
		id, err := common.ID(argument)
		if err != nil {
			return nil, err
		}
		// --8<-- [start:call]
		return client.GetSmsById(ctx, ogen.GetSmsByIdParams{ID: id})
		// --8<-- [end:call]
	case "getSmsByReference":
		return client.GetSmsByReference(ctx, ogen.GetSmsByReferenceParams{Reference: argument})
	case "getTaskById":
		id, err := common.ID(argument)
		if err != nil {
			return nil, err
		}
		return client.GetTaskById(ctx, ogen.GetTaskByIdParams{TaskID: id})
	case "getSmsStatuses":
		ids, err := common.IDs(argument)
		if err != nil {
			return nil, err
		}
		return client.GetSmsStatuses(ctx, &ogen.SmsStatusesRequest{Ids: ids})
	}
	return nil, fmt.Errorf("unknown operation %q", operation)
}

// read rebuilds the body of whichever response type the client decoded, with the status that
// type stands for.
func read(answer any) (int, common.Body, error) {
	switch m := answer.(type) {
	// --8<-- [start:read]
	case *ogen.SMS:
		return 200, sms(*m), nil
	case *ogen.Task:
		return 200, task(*m), nil
	case *ogen.SmsStatusList:
		return 200, statusList(*m), nil
	case *ogen.GetSmsByIdNotFound:
		return 404, apiError(ogen.ApiError(*m)), nil
	// --8<-- [end:read]
	case *ogen.GetSmsByReferenceNotFound:
		return 404, apiError(ogen.ApiError(*m)), nil
	case *ogen.GetTaskByIdNotFound:
		return 404, apiError(ogen.ApiError(*m)), nil
	case *ogen.GetSmsStatusesNotFound:
		return 404, apiError(ogen.ApiError(*m)), nil
	case *ogen.Unauthorized:
		if gateway, ok := m.GetGatewayError(); ok {
			return 401, common.Body{"code": gateway.Code, "message": gateway.Message}, nil
		}
		if api, ok := m.GetApiError(); ok {
			return 401, apiError(api), nil
		}
	}
	return 0, nil, fmt.Errorf("no reader for %T", answer)
}

func sms(m ogen.SMS) common.Body {
	body := common.Body{"error": code(m.Error)}
	put(body, "errorDescription", m.ErrorDescription.Value, m.ErrorDescription.Set)
	if id, ok := m.ID.Get(); ok {
		body["id"] = identifier(id)
	}
	if msisdn, ok := m.Msisdn.Get(); ok {
		body["msisdn"] = pick(msisdn.IsString(), msisdn.String, msisdn.Int64)
	}
	if m.Reference.Set {
		body["reference"] = nullable(m.Reference.Value, m.Reference.Null)
	}
	put(body, "time_in", m.TimeIn.Value, m.TimeIn.Set)
	if m.TimeSent.Set {
		body["time_sent"] = nullable(m.TimeSent.Value, m.TimeSent.Null)
	}
	if m.TimeDr.Set {
		body["time_dr"] = nullable(m.TimeDr.Value, m.TimeDr.Null)
	}
	put(body, "status", m.Status.Value, m.Status.Set)
	if price, ok := m.Price.Get(); ok {
		body["price"] = amount(price)
	}
	put(body, "currency", m.Currency.Value, m.Currency.Set)
	return body
}

func task(m ogen.Task) common.Body {
	body := common.Body{"error": code(m.Error)}
	put(body, "errorDescription", m.ErrorDescription.Value, m.ErrorDescription.Set)
	put(body, "originator", m.Originator.Value, m.Originator.Set)
	put(body, "body", m.Body.Value, m.Body.Set)
	put(body, "currency", m.Currency.Value, m.Currency.Set)
	if price, ok := m.Totalprice.Get(); ok {
		body["totalprice"] = amount(price)
	}
	counters := map[string]ogen.OptWireInteger{
		"validity": m.Validity, "total": m.Total, "sent": m.Sent, "queued": m.Queued,
		"accepted": m.Accepted, "enroute": m.Enroute, "delivered": m.Delivered,
		"expired": m.Expired, "undeliverable": m.Undeliverable, "unknown": m.Unknown,
	}
	for name, counter := range counters {
		if n, ok := counter.Get(); ok {
			body[name] = pick(n.IsString(), n.String, n.Int64)
		}
	}
	return body
}

func statusList(m ogen.SmsStatusList) common.Body {
	body := common.Body{}
	if c, ok := m.Error.Get(); ok {
		body["error"] = code(c)
	}
	put(body, "errorDescription", m.ErrorDescription.Value, m.ErrorDescription.Set)
	if m.Result != nil {
		items := []common.Body{}
		for _, r := range m.Result {
			item := common.Body{
				"id":        identifier(r.ID),
				"msisdn":    pick(r.Msisdn.IsString(), r.Msisdn.String, r.Msisdn.Int64),
				"time_sent": nullable(r.TimeSent.Value, r.TimeSent.Null || !r.TimeSent.Set),
				"time_dr":   nullable(r.TimeDr.Value, r.TimeDr.Null || !r.TimeDr.Set),
				"status":    r.Status,
				"price":     amount(r.Price),
				"currency":  r.Currency,
			}
			item["external_id"] = nullable(r.ExternalID.Value, r.ExternalID.Null || !r.ExternalID.Set)
			items = append(items, item)
		}
		body["result"] = items
	}
	return body
}

func apiError(m ogen.ApiError) common.Body {
	body := common.Body{"error": pick(m.Error.IsString(), m.Error.String, m.Error.Int)}
	put(body, "errorDescription", m.ErrorDescription.Value, m.ErrorDescription.Set)
	return body
}

func code(c ogen.WireErrorCode) any { return pick(c.IsString(), c.String, c.Int) }

func identifier(id ogen.WireId) any { return pick(id.IsString(), id.String, id.Int64) }

// amount is a price as its exact digits: a decimal.Decimal, or the string as it came.
func amount(d ogen.WireDecimal) any { return pick(d.IsString(), d.String, d.Decimal.String()) }

func pick[N any](isString bool, text string, number N) any {
	if isString {
		return text
	}
	return number
}

func nullable[T any](value T, null bool) any {
	if null {
		return nil
	}
	return value
}

// put sets a field of a rebuilt body from an optional value (absent stays absent).
func put[T any](body common.Body, name string, value T, set bool) {
	if set {
		body[name] = value
	}
}
