package io.keeplive.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class ServerMessagesTest {

  private static final ObjectMapper JACKSON = JsonMapper.builder().build();

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "q",
        "",
        "tickets-1",
        "say \"hi\"",
        "back\\slash",
        "new\nline",
        "tab\there",
        "\u0000\u001f",
        "\u007f",
        "é ü 漢字",
        "\u2028\u2029",
        "😀",
        "\ud800 lone high",
        "lone low \udc00",
        "</script>"
      })
  void quoteWritesWhatJacksonWrites(String value) {
    assertThat(ServerMessages.quote(value)).isEqualTo(JACKSON.writeValueAsString(value));
  }

  @Test
  void quoteWritesWhatJacksonWritesForRandomStrings() {
    Random random = new Random(7);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder value = new StringBuilder();
      int length = random.nextInt(12);
      for (int i = 0; i < length; i++) {
        // Mostly the low range where the escapes are, some of everything else.
        value.append(
            (char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000)));
      }
      String text = value.toString();
      assertThat(ServerMessages.quote(text)).as(text).isEqualTo(JACKSON.writeValueAsString(text));
    }
  }

  @Test
  void quoteOfNullIsTheJsonNull() {
    assertThat(ServerMessages.quote(null)).isEqualTo(JACKSON.writeValueAsString(null));
  }
}
