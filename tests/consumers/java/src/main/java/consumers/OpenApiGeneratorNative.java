package consumers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import wwt.client.ApiClient;
import wwt.client.ApiException;
import wwt.client.ApiResponse;
import wwt.client.api.SmsApi;
import wwt.client.api.TasksApi;
import wwt.client.model.ApiError;
import wwt.client.model.GatewayError;
import wwt.client.model.Sms;
import wwt.client.model.SmsStatusList;
import wwt.client.model.SmsStatusRecord;
import wwt.client.model.SmsStatusesRequest;
import wwt.client.model.Task;

/**
 * The openapi-generator {@code java} client (library {@code native}) calls every operation.
 *
 * <p>A 2xx answer is decoded into its model; any other status throws an {@code ApiException}
 * carrying the status and the raw body, which the generated models then read. Each {@code oneOf}
 * of the spec is a wrapper whose {@code getActualInstance()} is the branch that arrived.
 */
public final class OpenApiGeneratorNative {
  private OpenApiGeneratorNative() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    String apiKey = args[2];
    // --8<-- [start:client]
    ApiClient client = new ApiClient();
    // The generated oneOf readers take a number and a string apart only when the mapper does
    // not coerce scalars (its own JSON class says so; ApiClient's default mapper does).
    client.setObjectMapper(ApiClient.createDefaultObjectMapper()
        .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false));
    // HTTP/1.1: over plain http, Java's default HTTP/2 client adds `Upgrade: h2c` to each
    // request, and the mock's server (uvicorn) then drops a POST's body.
    client.setHttpClientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1));
    client.updateBaseUri(baseUrl);
    client.setReadTimeout(Duration.ofSeconds(10));
    client.setRequestInterceptor(request -> request.header("X-API-KEY", apiKey));
    SmsApi sms = new SmsApi(client);
    TasksApi tasks = new TasksApi(client);
    // --8<-- [end:client]
    ObjectMapper mapper = client.getObjectMapper();
    Common.run(args, (operation, argument) -> {
      try {
        return call(sms, tasks, operation, argument);
      } catch (ApiException error) {
        if (error.getResponseBody() == null) {
          throw error; // nothing was read (a body the client could not decode): that is the finding
        }
        return new Common.Answer(error.getCode(), errorBody(mapper, error.getResponseBody()));
      }
    });
  }

  private static Common.Answer call(SmsApi sms, TasksApi tasks, String operation, String argument)
      throws ApiException {
    switch (operation) {
      case "getSmsById": {
        // --8<-- [start:call]
        ApiResponse<Sms> answer = sms.getSmsByIdWithHttpInfo(Long.parseLong(argument));
        return new Common.Answer(answer.getStatusCode(), sms(answer.getData()));
        // --8<-- [end:call]
      }
      case "getSmsByReference": {
        ApiResponse<Sms> answer = sms.getSmsByReferenceWithHttpInfo(argument);
        return new Common.Answer(answer.getStatusCode(), sms(answer.getData()));
      }
      case "getTaskById": {
        ApiResponse<Task> answer = tasks.getTaskByIdWithHttpInfo(Long.parseLong(argument));
        return new Common.Answer(answer.getStatusCode(), task(answer.getData()));
      }
      case "getSmsStatuses": {
        List<Long> ids = Arrays.stream(argument.split(",")).map(Long::parseLong).toList();
        ApiResponse<SmsStatusList> answer =
            sms.getSmsStatusesWithHttpInfo(new SmsStatusesRequest().ids(ids));
        return new Common.Answer(answer.getStatusCode(), statusList(answer.getData()));
      }
      default:
        throw new IllegalArgumentException("unknown operation " + operation);
    }
  }

  private static Map<String, Object> sms(Sms m) {
    Map<String, Object> body = Common.body();
    body.put("error", Common.plain(m.getError()));
    body.put("errorDescription", m.getErrorDescription());
    body.put("id", Common.plain(m.getId()));
    body.put("msisdn", Common.plain(m.getMsisdn()));
    body.put("reference", m.getReference());
    body.put("time_in", m.getTimeIn());
    body.put("time_sent", m.getTimeSent());
    body.put("time_dr", m.getTimeDr());
    body.put("status", m.getStatus());
    body.put("price", Common.plain(m.getPrice()));
    body.put("currency", m.getCurrency());
    return body;
  }

  private static Map<String, Object> task(Task m) {
    Map<String, Object> body = Common.body();
    body.put("error", Common.plain(m.getError()));
    body.put("errorDescription", m.getErrorDescription());
    body.put("originator", m.getOriginator());
    body.put("body", m.getBody());
    body.put("validity", Common.plain(m.getValidity()));
    body.put("totalprice", Common.plain(m.getTotalprice()));
    body.put("currency", m.getCurrency());
    body.put("total", Common.plain(m.getTotal()));
    body.put("sent", Common.plain(m.getSent()));
    body.put("queued", Common.plain(m.getQueued()));
    body.put("accepted", Common.plain(m.getAccepted()));
    body.put("enroute", Common.plain(m.getEnroute()));
    body.put("delivered", Common.plain(m.getDelivered()));
    body.put("expired", Common.plain(m.getExpired()));
    body.put("undeliverable", Common.plain(m.getUndeliverable()));
    body.put("unknown", Common.plain(m.getUnknown()));
    return body;
  }

  private static Map<String, Object> statusList(SmsStatusList m) {
    Map<String, Object> body = Common.body();
    body.put("error", Common.plain(m.getError()));
    body.put("errorDescription", m.getErrorDescription());
    if (m.getResult() != null) {
      body.put("result", m.getResult().stream().map(OpenApiGeneratorNative::record).toList());
    }
    return body;
  }

  private static Map<String, Object> record(SmsStatusRecord m) {
    Map<String, Object> body = Common.body();
    body.put("id", Common.plain(m.getId()));
    body.put("external_id", m.getExternalId());
    body.put("msisdn", Common.plain(m.getMsisdn()));
    body.put("time_sent", m.getTimeSent());
    body.put("time_dr", m.getTimeDr());
    body.put("status", m.getStatus());
    body.put("price", Common.plain(m.getPrice()));
    body.put("currency", m.getCurrency());
    return body;
  }

  /** An error status's body, read by the generated model of its shape. */
  private static Map<String, Object> errorBody(ObjectMapper mapper, String text) throws Exception {
    JsonNode raw = mapper.readTree(text);
    Map<String, Object> body = Common.body();
    if (raw.has("code")) {
      GatewayError gateway = mapper.treeToValue(raw, GatewayError.class);
      body.put("code", gateway.getCode());
      body.put("message", gateway.getMessage());
      return body;
    }
    ApiError error = mapper.treeToValue(raw, ApiError.class);
    body.put("error", Common.plain(error.getError()));
    body.put("errorDescription", error.getErrorDescription());
    return body;
  }
}
