package io.keeplive.gateway.refetch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.gateway.protocol.ErrorCode;
import io.keeplive.gateway.refetch.LiveApi;
import io.keeplive.gateway.refetch.Plan;
import io.keeplive.gateway.refetch.Rows;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Answers of resource-service's live API are parsed totally. */
class HttpLiveApiTest {

  @Test
  void aPlanIsReadWithItsTopicsCohortAndQuery() {
    var outcome =
        LiveApiAnswers.planOutcome(
            200,
            """
            {"resource":"tickets","kind":"list","topics":["tickets"],"cohort":"c1",
             "query":{"filter":{"status":"open"},"limit":100}}""");
    Plan plan = ((LiveApi.PlanOutcome.Planned) outcome).plan();
    assertThat(plan.kind()).isEqualTo(Plan.Kind.LIST);
    assertThat(plan.topics()).containsExactly("tickets");
    assertThat(plan.cohort()).isEqualTo("c1");
    assertThat(plan.query().toString())
        .isEqualTo("{\"filter\":{\"status\":\"open\"},\"limit\":100}");
  }

  @Test
  void aProblemBecomesARefusalWithItsCodeAndDetail() {
    var outcome =
        LiveApiAnswers.planOutcome(
            400,
            "{\"status\":400,\"code\":\"unknown_resource\",\"detail\":\"unknown resource x\"}");
    assertThat(outcome)
        .isEqualTo(
            new LiveApi.PlanOutcome.Refused(ErrorCode.UNKNOWN_RESOURCE, "unknown resource x"));
    assertThat(((LiveApi.PlanOutcome.Refused) LiveApiAnswers.planOutcome(403, "")).code())
        .isEqualTo(ErrorCode.FORBIDDEN);
  }

  @Test
  void anUnusablePlanIsARefusalNotAnException() {
    for (String body :
        List.of("", "[]", "{}", "{\"resource\":\"t\",\"kind\":\"blob\"}", "{\"resource\":1}")) {
      assertThat(LiveApiAnswers.planOutcome(200, body))
          .isInstanceOf(LiveApi.PlanOutcome.Refused.class);
    }
  }

  @Test
  void batchPlansAreIndexAlignedWithRefusalsSameAsAndMissingOnes() {
    List<LiveApi.PlanOutcome> plans =
        LiveApiAnswers.planOutcomes(
            200,
            """
            {"plans":[{"resource":"tickets","kind":"list","topics":["tickets"],"cohort":"c1",
                       "query":{"limit":50}},
                      {"error":{"status":403,"code":"forbidden","detail":"no"}},
                      {"same_as":0},{"same_as":3}]}""",
            5);
    assertThat(plans).hasSize(5);
    assertThat(((LiveApi.PlanOutcome.Planned) plans.get(0)).plan().cohort()).isEqualTo("c1");
    assertThat(plans.get(1)).isEqualTo(new LiveApi.PlanOutcome.Refused(ErrorCode.FORBIDDEN, "no"));
    assertThat(plans.get(2)).isSameAs(plans.get(0));
    assertThat(plans.get(3)).isInstanceOf(LiveApi.PlanOutcome.Refused.class);
    assertThat(plans.get(4)).isInstanceOf(LiveApi.PlanOutcome.Refused.class);
    assertThat(LiveApiAnswers.planOutcomes(400, "{\"code\":\"bad_request\"}", 2))
        .containsOnly(
            new LiveApi.PlanOutcome.Refused(
                ErrorCode.BAD_REQUEST, "subscription refused (HTTP 400)"));
    assertThat(LiveApiAnswers.routeMissing(404, "{\"code\":\"not_found\"}")).isTrue();
    assertThat(LiveApiAnswers.routeMissing(404, "{\"code\":\"unknown_resource\"}")).isFalse();
  }

  @Test
  void queryResultsAreIndexAlignedAndMissingOnesAreFailures() {
    List<LiveApi.ActorResult> results =
        LiveApiAnswers.queryResults(
            200,
            "{\"results\":[{\"rows\":[{\"id\":\"a\"}]},{\"error\":{\"code\":\"forbidden\",\"detail\":\"no\"}}]}",
            3);
    assertThat(results).hasSize(3);
    assertThat(((LiveApi.ActorResult.Fetched) results.get(0)).rows().json())
        .isEqualTo("[{\"id\":\"a\"}]");
    assertThat(results.get(1)).isEqualTo(new LiveApi.ActorResult.Failed(ErrorCode.FORBIDDEN, "no"));
    assertThat(results.get(2)).isInstanceOf(LiveApi.ActorResult.Failed.class);
    assertThat(LiveApiAnswers.queryResults(200, "garbage", 2)).hasSize(2);
    assertThat(LiveApiAnswers.queryResults(401, "", 2))
        .containsOnly(
            new LiveApi.ActorResult.Failed(
                ErrorCode.UNAUTHORIZED, "subscription refused (HTTP 401)"));
  }

  @Test
  void sharedRowsAreResolvedPerActorAndBadIndexesAreFailures() {
    List<LiveApi.ActorResult> results =
        LiveApiAnswers.queryResults(
            200,
            "{\"rows\":[{\"id\":\"a\"},{\"id\":\"b\"}],\"results\":["
                + "{\"row_indexes\":[1,0]},{\"row_indexes\":[]},{\"row_indexes\":[2]},"
                + "{\"row_indexes\":[\"0\"]},{\"row_indexes\":[1]}]}",
            5);
    assertThat(((LiveApi.ActorResult.Fetched) results.get(0)).rows().json())
        .isEqualTo("[{\"id\":\"b\"},{\"id\":\"a\"}]");
    assertThat(((LiveApi.ActorResult.Fetched) results.get(1)).rows().size()).isZero();
    assertThat(results.get(2)).isInstanceOf(LiveApi.ActorResult.Failed.class);
    assertThat(results.get(3)).isInstanceOf(LiveApi.ActorResult.Failed.class);
    Rows first = ((LiveApi.ActorResult.Fetched) results.get(0)).rows();
    Rows last = ((LiveApi.ActorResult.Fetched) results.get(4)).rows();
    assertThat(last.rows().get(0)).as("one object per distinct row").isSameAs(first.rows().get(0));
    assertThat(first.sameAs(last)).isFalse();
  }

  @Test
  void aRepeatedTokenIsAnsweredWithTheResultOfItsEarlierEntryAndABadReferenceFails() {
    List<LiveApi.ActorResult> results =
        LiveApiAnswers.queryResults(
            200,
            "{\"rows\":[{\"id\":\"a\"}],\"results\":["
                + "{\"row_indexes\":[0]},{\"same_as\":0},{\"same_as\":2},{\"same_as\":\"0\"}]}",
            4);

    assertThat(results.get(1)).isSameAs(results.get(0));
    assertThat(results.get(2)).isInstanceOf(LiveApi.ActorResult.Failed.class);
    assertThat(results.get(3)).isInstanceOf(LiveApi.ActorResult.Failed.class);
  }
}
