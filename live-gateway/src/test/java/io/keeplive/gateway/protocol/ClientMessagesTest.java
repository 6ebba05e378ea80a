package io.keeplive.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClientMessagesTest {

  private final ClientMessages parser = new ClientMessages(128, 500, 100);

  private ClientMessages.Refused refused(String frame) {
    ClientMessages.Parsed parsed = parser.parse(frame);
    assertThat(parsed).isInstanceOf(ClientMessages.Refused.class);
    return (ClientMessages.Refused) parsed;
  }

  private ClientMessage ok(String frame) {
    ClientMessages.Parsed parsed = parser.parse(frame);
    assertThat(parsed).isInstanceOf(ClientMessages.Ok.class);
    return ((ClientMessages.Ok) parsed).message();
  }

  @Test
  void aSyncCarriesItsRefAndTheDecimalPosition() {
    assertThat(ok("{\"type\":\"sync\",\"ref\":\"r1\",\"position\":\"9007199254740993\"}"))
        .isEqualTo(new ClientMessage.Sync("r1", 9_007_199_254_740_993L));
  }

  @Test
  void aMalformedSyncPositionIsABadRequestWithThatRef() {
    for (String position :
        new String[] {"12", "\"-1\"", "\"1.5\"", "\"\"", "null", "\"99999999999999999999\""}) {
      ClientMessages.Refused refused =
          refused("{\"type\":\"sync\",\"ref\":\"r7\",\"position\":" + position + "}");
      assertThat(refused.code()).as(position).isEqualTo(ErrorCode.BAD_REQUEST);
      assertThat(refused.ref()).as(position).isEqualTo("r7");
      assertThat(refused.message()).contains("position");
    }
  }

  @Test
  void aSyncWithAnUnknownFieldOrWithoutRefIsABadRequest() {
    assertThat(refused("{\"type\":\"sync\",\"ref\":\"r\",\"position\":\"1\",\"x\":1}").ref())
        .isEqualTo("r");
    assertThat(refused("{\"type\":\"sync\",\"position\":\"1\"}").message()).contains("ref");
  }

  @Test
  void aListSubscriptionBecomesThePlanBodyWithoutTypeIdAndMode() {
    var subscribe =
        (ClientMessage.Subscribe)
            ok(
                """
                {"type":"subscribe","id":"q1","resource":"tickets","filter":{"status":"open"},
                 "sort":["-updated_at"],"limit":100,"mode":"stream"}""");
    assertThat(subscribe.id()).isEqualTo("q1");
    assertThat(subscribe.mode()).isEqualTo(Mode.STREAM);
    assertThat(subscribe.query().toString())
        .isEqualTo(
            "{\"resource\":\"tickets\",\"filter\":{\"status\":\"open\"},\"sort\":[\"-updated_at\"],\"limit\":100}");
  }

  @Test
  void windowCursorsGoToThePlanBodyAndTheEtagStaysWithTheGateway() {
    var subscribe =
        (ClientMessage.Subscribe)
            ok(
                """
                {"type":"subscribe","id":"q1","resource":"tickets","limit":10,
                 "after":"c1","until":"c2","etag":"e1"}""");
    assertThat(subscribe.query().toString())
        .isEqualTo("{\"resource\":\"tickets\",\"limit\":10,\"after\":\"c1\",\"until\":\"c2\"}");
    assertThat(subscribe.etag()).isEqualTo("e1");
    var record =
        (ClientMessage.Subscribe)
            ok(
                "{\"type\":\"subscribe\",\"id\":\"q2\",\"resource\":\"tickets\",\"key\":\"k\",\"etag\":\"e2\"}");
    assertThat(record.etag()).isEqualTo("e2");
    assertThat(record.query().has("etag")).isFalse();
  }

  @Test
  void malformedCursorsAndEtagsAreBadRequestsNamingTheField() {
    String base = "{\"type\":\"subscribe\",\"id\":\"q1\",\"resource\":\"tickets\",";
    assertThat(refused(base + "\"after\":7}").message()).contains("'after'");
    assertThat(refused(base + "\"until\":\"\"}").message()).contains("'until'");
    assertThat(refused(base + "\"after\":\"" + "x".repeat(3000) + "\"}").message())
        .contains("'after'");
    assertThat(refused(base + "\"etag\":[]}").message()).contains("'etag'");
    assertThat(refused(base + "\"key\":\"k\",\"after\":\"c\"}").message()).contains("'after'");
    assertThat(refused(base + "\"after\":7}").id()).isEqualTo("q1");
  }

  @Test
  void anInFilterWithMoreThanTheMaximumOfValuesIsABadRequestNamingTheFilter() {
    String values = String.join(",", Collections.nCopies(101, "\"open\""));
    ClientMessages.Refused refused =
        refused(
            "{\"type\":\"subscribe\",\"id\":\"q1\",\"resource\":\"tickets\","
                + "\"filter\":{\"status\":{\"in\":["
                + values
                + "]}}}");
    assertThat(refused.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(refused.id()).isEqualTo("q1");
    assertThat(refused.message()).contains("status").contains("at most 100");
  }

  @Test
  void anInFilterWithExactlyTheMaximumOfValuesIsAccepted() {
    String values = String.join(",", Collections.nCopies(100, "\"open\""));
    ok(
        "{\"type\":\"subscribe\",\"id\":\"q1\",\"resource\":\"tickets\","
            + "\"filter\":{\"status\":{\"in\":["
            + values
            + "]}}}");
  }

  @Test
  void aRecordSubscriptionDefaultsToRefetchMode() {
    var subscribe =
        (ClientMessage.Subscribe)
            ok("{\"type\":\"subscribe\",\"id\":\"q2\",\"resource\":\"tickets\",\"key\":\"k\"}");
    assertThat(subscribe.mode()).isEqualTo(Mode.REFETCH);
    assertThat(subscribe.query().toString()).isEqualTo("{\"resource\":\"tickets\",\"key\":\"k\"}");
  }

  @Test
  void membershipFiltersAreAccepted() {
    ok(
        "{\"type\":\"subscribe\",\"id\":\"q\",\"resource\":\"tickets\","
            + "\"filter\":{\"status\":{\"in\":[\"open\",\"closed\"]}}}");
  }

  @Test
  void malformedJsonIsABadRequest() {
    assertThat(refused("{\"type\":").code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(refused("[1,2]").code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(refused("").code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(refused("null").code()).isEqualTo(ErrorCode.BAD_REQUEST);
  }

  @Test
  void unknownTypesAndWrongFieldTypesAreBadRequests() {
    assertThat(refused("{\"type\":\"launch\"}").message()).contains("launch");
    assertThat(refused("{\"type\":42}").code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(refused("{\"type\":\"auth\",\"token\":1}").code()).isEqualTo(ErrorCode.BAD_REQUEST);
    var wrongLimit =
        refused("{\"type\":\"subscribe\",\"id\":\"q\",\"resource\":\"tickets\",\"limit\":\"10\"}");
    assertThat(wrongLimit.id()).isEqualTo("q");
    assertThat(wrongLimit.message()).contains("limit");
    assertThat(
            refused("{\"type\":\"subscribe\",\"id\":\"q\",\"resource\":\"tickets\",\"sort\":\"x\"}")
                .message())
        .contains("sort");
    assertThat(refused("{\"type\":\"subscribe\",\"id\":7,\"resource\":\"tickets\"}").id()).isNull();
  }

  @Test
  void aLimitAboveTheMaximumIsABadRequest() {
    assertThat(
            refused("{\"type\":\"subscribe\",\"id\":\"q\",\"resource\":\"tickets\",\"limit\":501}")
                .message())
        .contains("500");
    ok("{\"type\":\"subscribe\",\"id\":\"q\",\"resource\":\"tickets\",\"limit\":500}");
  }

  @Test
  void keyCannotBeCombinedWithListFields() {
    assertThat(
            refused(
                    "{\"type\":\"subscribe\",\"id\":\"q\",\"resource\":\"tickets\",\"key\":\"a\",\"limit\":1}")
                .message())
        .contains("limit");
  }

  @Test
  void unknownSubscribeFieldsAreNamed() {
    assertThat(
            refused(
                    "{\"type\":\"subscribe\",\"id\":\"q\",\"resource\":\"tickets\",\"tenant\":\"x\"}")
                .message())
        .contains("tenant");
  }

  @Test
  void randomAndMutatedFramesNeverThrow() {
    Random random = new Random(42);
    String[] seeds = {
      "{\"type\":\"subscribe\",\"id\":\"q1\",\"resource\":\"tickets\",\"filter\":{\"status\":\"open\"},\"limit\":5}",
      "{\"type\":\"auth\",\"token\":\"abc\"}",
      "{\"type\":\"unsubscribe\",\"id\":\"q1\"}",
      "{\"type\":\"ping\"}"
    };
    for (int i = 0; i < 20_000; i++) {
      char[] frame = seeds[random.nextInt(seeds.length)].toCharArray();
      int mutations = 1 + random.nextInt(5);
      for (int m = 0; m < mutations; m++) {
        frame[random.nextInt(frame.length)] = (char) random.nextInt(128);
      }
      assertThat(parser.parse(new String(frame))).isNotNull();
    }
  }
}
