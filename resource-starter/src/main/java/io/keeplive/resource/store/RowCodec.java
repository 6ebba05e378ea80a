package io.keeplive.resource.store;

import io.keeplive.resource.declaration.Attribute;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Decodes a table row into the engine's record form: an ordered map from attribute name to a {@link
 * UUID}, {@link String}, {@link Integer}, {@link java.time.Instant} or {@code List<String>} (or
 * null).
 */
public final class RowCodec {

  private RowCodec() {}

  public static Map<String, Object> decode(ResourceDeclaration resource, Readable row) {
    Map<String, Object> record = new LinkedHashMap<>();
    for (Attribute attribute : resource.attributes()) {
      record.put(attribute.name(), read(attribute, row));
    }
    return Collections.unmodifiableMap(record);
  }

  private static Object read(Attribute attribute, Readable row) {
    String column = attribute.name();
    return switch (attribute.type()) {
      case UUID -> row.get(column, UUID.class);
      case TEXT, ENUM -> row.get(column, String.class);
      case INTEGER -> row.get(column, Integer.class);
      case TIMESTAMP -> {
        OffsetDateTime time = row.get(column, OffsetDateTime.class);
        yield time == null ? null : time.toInstant();
      }
      case TEXT_SET -> {
        String[] elements = row.get(column, String[].class);
        yield elements == null ? List.of() : List.copyOf(Arrays.asList(elements));
      }
    };
  }
}
