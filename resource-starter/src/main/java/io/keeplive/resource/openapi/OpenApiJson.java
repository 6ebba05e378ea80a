package io.keeplive.resource.openapi;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Set;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the typed document as JSON with the application's Jackson 3. swagger-models carries only
 * Jackson annotations; its own writer lives in swagger-core and needs Jackson 2's databind, which a
 * Boot 4 service does not otherwise have. The model's getters are plain bean properties except for
 * a few bookkeeping flags and the {@code $}-names, which the mix-ins below settle.
 */
public final class OpenApiJson {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .changeDefaultPropertyInclusion(
              inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
          .addMixIn(Schema.class, SchemaMixin.class)
          .addMixIn(MediaType.class, ModelMixin.class)
          .addMixIn(Parameter.class, ModelMixin.class)
          .addMixIn(RequestBody.class, ModelMixin.class)
          .addMixIn(ApiResponse.class, ModelMixin.class)
          .addMixIn(Header.class, ModelMixin.class)
          .addMixIn(SecurityScheme.class, ModelMixin.class)
          .addMixIn(OpenAPI.class, ModelMixin.class)
          .build();

  private OpenApiJson() {}

  public static String write(OpenAPI document) {
    return MAPPER.writeValueAsString(document);
  }

  /** What every model class shares: bookkeeping that is not part of the document. */
  abstract static class ModelMixin {
    @JsonIgnore
    abstract boolean getExampleSetFlag();

    @JsonIgnore
    abstract Object getSpecVersion();

    @JsonProperty("$ref")
    abstract String get$ref();
  }

  /** Schemas: 3.1 types as a set (one type written bare), and no parsed-document leftovers. */
  abstract static class SchemaMixin extends ModelMixin {
    @JsonIgnore
    abstract String getType();

    @JsonProperty("type")
    @JsonSerialize(using = TypesWriter.class)
    abstract Set<String> getTypes();

    @JsonIgnore
    abstract boolean getDefaultSetFlag();

    @JsonIgnore
    abstract Object getJsonSchema();

    @JsonIgnore
    abstract Object getJsonSchemaImpl();

    @JsonIgnore
    abstract Boolean getBooleanSchemaValue();
  }

  /** {@code "type":"string"} for one type, {@code "type":["string","null"]} for several. */
  static final class TypesWriter extends ValueSerializer<Set<String>> {
    @Override
    public void serialize(
        Set<String> types, JsonGenerator generator, SerializationContext context) {
      if (types.size() == 1) {
        generator.writeString(types.iterator().next());
        return;
      }
      generator.writeStartArray();
      for (String type : types) {
        generator.writeString(type);
      }
      generator.writeEndArray();
    }
  }
}
