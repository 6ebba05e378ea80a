package io.keeplive.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RowFrameTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static byte[] reference(String type, String id, long seq, String rowJson, long at) {
    return ServerMessages.row(type, id, seq, rowJson, at).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] encoded(String type, String id, long seq, String rowJson, long at) {
    return new RowFrame(type, RowFrame.id(id), seq, RowFrame.tail(rowJson, at)).bytes();
  }

  @Test
  void aPreEncodedRowFrameIsByteForByteTheTextFrameOfTheSameMessage() {
    List<String> ids = List.of("q1", "", "quote\"d", "back\\slash", "tab\tnew\nline", "é ✓ 😀");
    List<String> rows =
        List.of(
            "{\"id\":\"a\"}",
            "{\"id\":\"b\",\"title\":\"naïve — 😀\",\"n\":3}",
            ServerMessages.deletedRow("c\"d"));
    for (String type : List.of("insert", "update", "delete")) {
      for (String id : ids) {
        for (String row : rows) {
          for (long seq : new long[] {1, 9, 10, 12_345_678_901L}) {
            assertThat(encoded(type, id, seq, row, seq * 7))
                .as("%s %s %s", type, id, row)
                .isEqualTo(reference(type, id, seq, row, seq * 7));
          }
        }
      }
    }
  }

  @Test
  void randomRowsAndIdsEncodeAsTheTextFrameDoesAndParseBack() {
    Random random = new Random(17);
    for (int i = 0; i < 5_000; i++) {
      String id = randomText(random);
      String rowJson =
          JSON.createObjectNode()
              .put("id", randomText(random))
              .put("v", random.nextInt())
              .toString();
      long seq = 1 + random.nextInt(1_000_000);
      long at = random.nextLong() & Long.MAX_VALUE;
      byte[] frame = encoded("update", id, seq, rowJson, at);
      assertThat(frame).isEqualTo(reference("update", id, seq, rowJson, at));
      var parsed = JSON.readTree(frame);
      assertThat(parsed.get("id").asString()).isEqualTo(id);
      assertThat(parsed.get("seq").asLong()).isEqualTo(seq);
      assertThat(parsed.get("at").asString()).isEqualTo(Long.toString(at));
    }
  }

  @Test
  void theFramesLengthIsTheLengthOfItsBytes() {
    RowFrame frame =
        new RowFrame("insert", RowFrame.id("é"), 42, RowFrame.tail("{\"x\":\"😀\"}", 7));
    assertThat(frame.length()).isEqualTo(frame.bytes().length);
    assertThat(frame.text()).isEqualTo(ServerMessages.row("insert", "é", 42, "{\"x\":\"😀\"}", 7));
  }

  private static String randomText(Random random) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(10);
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(4);
      if (kind == 3) {
        text.appendCodePoint(0x1F600 + random.nextInt(50));
      } else {
        text.append((char) (kind == 0 ? random.nextInt(0x80) : 0x80 + random.nextInt(0xD000)));
      }
    }
    return text.toString();
  }
}
