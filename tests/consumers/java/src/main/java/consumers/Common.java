package consumers;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import wwt.client.model.AbstractOpenApiSchema;

/**
 * What every Java consumer shares: its arguments, the loop over cases, one JSON line each.
 *
 * <p>A consumer runs as {@code java -cp ... consumers.NAME BASE_URL CASES_JSON API_KEY}. For
 * each case it calls the operation through its generated client and prints {case, status, body},
 * where {@code body} is rebuilt from the client's typed model under the wire names: a field the
 * client dropped is missing from it. A call that throws prints {case, failure} instead.
 */
final class Common {
  /** One case's call: the HTTP status the client saw and the body it read. */
  interface Call {
    Answer call(String operation, String argument) throws Exception;
  }

  record Answer(int status, Map<String, Object> body) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private Common() {}

  static void run(String[] args, Call call) throws Exception {
    List<Map<String, String>> cases =
        JSON.readValue(Files.readString(Path.of(args[1])), new TypeReference<>() {});
    for (Map<String, String> c : cases) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("case", c.get("name"));
      try {
        Answer answer = call.call(c.get("operation"), c.get("argument"));
        line.put("status", answer.status());
        line.put("body", answer.body());
      } catch (Exception error) {
        String text = (error.getClass().getSimpleName() + ": " + error.getMessage());
        line.put("failure", text.replace("\n", " / ").substring(0, Math.min(500, text.length())));
      }
      System.out.println(JSON.writeValueAsString(line));
    }
  }

  /**
   * The value a {@code oneOf} wrapper holds (or the value itself); an exact decimal as its
   * digits, so that no reader of the report goes through binary floating point.
   */
  static Object plain(Object value) {
    if (value instanceof AbstractOpenApiSchema wrapper) {
      return plain(wrapper.getActualInstance());
    }
    return value instanceof BigDecimal decimal ? decimal.toPlainString() : value;
  }

  /** A body under construction: wire name to value, in order. */
  static Map<String, Object> body() {
    return new LinkedHashMap<>();
  }
}
