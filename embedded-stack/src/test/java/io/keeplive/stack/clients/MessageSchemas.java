package io.keeplive.stack.clients;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The JSON Schemas of docs/schemas, loaded from the checkout (what users read is what is tested).
 */
final class MessageSchemas {

  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_7, builder -> builder.schemas(MessageSchemas::read));
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  /** The text of a schema file under docs/schemas, by its file IRI; null for anything else. */
  private static String read(String iri) {
    String base = Repository.schemas().toUri().toString();
    if (!iri.startsWith(base)) {
      return null;
    }
    try {
      return Files.readString(Path.of(java.net.URI.create(iri)));
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /** Problems of {@code message} against {@code schemas/<file>}; empty when it conforms. */
  List<String> problems(String file, JsonNode message) {
    Schema schema =
        schemas.computeIfAbsent(
            file,
            f -> {
              Path path = Repository.schemas().resolve(f);
              if (!Files.isRegularFile(path)) {
                throw new AssertionError("no schema " + path);
              }
              return registry.getSchema(SchemaLocation.of(path.toUri().toString()));
            });
    List<String> out = new ArrayList<>();
    for (Error error : schema.validate(message)) {
      out.add(error.toString());
    }
    return out;
  }

  /** Problems against the message's own schema ({@code server/<type>.json}) and the union. */
  List<String> serverMessageProblems(JsonNode message) {
    String type = message.path("type").asString("");
    List<String> out = new ArrayList<>(problems("server/" + type + ".json", message));
    out.addAll(problems("server-message.json", message));
    return out;
  }
}
