package io.keeplive.resource.live;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.contracts.identity.TokenVerification;
import io.keeplive.contracts.identity.TokenVerifier;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.problem.ApiProblem;
import io.keeplive.resource.problem.ProblemCode;
import io.keeplive.resource.read.Budget;
import io.keeplive.resource.read.Reads;
import io.keeplive.resource.read.RowJson;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/live/query}: refetches one query for many actors with one SQL statement and
 * answers index-aligned results whose rows are exactly what a single-actor REST read returns.
 *
 * <p>Each distinct token is verified and read once; a repeated token is answered {@code
 * {"same_as":i}} (the index of its first entry), so repeating a token never grows the answer by
 * more than that. The rows read are weighed against the answer budget as they arrive and the
 * statement is cancelled once they outweigh it.
 */
final class QueryHandler {

  /** Bytes an index reference costs in a shared answer (digits and a comma). */
  private static final long INDEX_BYTES = 8;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Reads reads;
  private final TokenVerifier verifier;
  private final LiveFailures failures;
  private final long maxAnswerBytes;

  QueryHandler(Reads reads, TokenVerifier verifier, LiveFailures failures, long maxAnswerBytes) {
    this.reads = reads;
    this.verifier = verifier;
    this.failures = failures;
    this.maxAnswerBytes = maxAnswerBytes;
  }

  Mono<ObjectNode> query(QueryRequest request) {
    ResourceDeclaration resource = request.subscription().resource();
    List<ObjectNode> answers = new ArrayList<>(request.distinct().size());
    List<Identity> readers = new ArrayList<>();
    List<Integer> readerSlots = new ArrayList<>();
    for (String token : request.distinct()) {
      TokenVerification verification = verifier.verify(token);
      if (!(verification instanceof TokenVerification.Verified verified)) {
        String detail = ((TokenVerification.Rejected) verification).message();
        answers.add(actorError("actor_unauthorized", ProblemCode.UNAUTHORIZED, detail));
      } else if (resource.readPolicy().grantsFor(verified.identity().roles()).isEmpty()) {
        String detail = "no role of this actor may read " + resource.name();
        answers.add(actorError("actor_forbidden", ProblemCode.FORBIDDEN, detail));
      } else {
        readerSlots.add(answers.size());
        readers.add(verified.identity());
        answers.add(null);
      }
    }
    return reads
        .listForEach(
            resource,
            readers,
            request.subscription().readQuery(),
            request.relevanceOf(readerSlots),
            budget(request.shared()))
        .onErrorMap(
            Budget.Exceeded.class,
            exceeded ->
                new ApiProblem(
                    ProblemCode.ANSWER_TOO_LARGE,
                    "actors",
                    exceeded.getMessage() + "; ask for fewer actors or a smaller limit"))
        .map(batch -> answer(request, batch, answers, readerSlots));
  }

  /**
   * Shared answers hold each row once and an index per reference; inline answers hold the row again
   * for every actor that sees it.
   */
  private Budget budget(boolean shared) {
    return shared
        ? new Budget(maxAnswerBytes, row -> RowJson.estimatedBytes(row) + 1, row -> INDEX_BYTES)
        : new Budget(maxAnswerBytes, row -> 0, row -> RowJson.estimatedBytes(row) + 1);
  }

  private ObjectNode answer(
      QueryRequest request, Reads.Batch batch, List<ObjectNode> answers, List<Integer> slots) {
    ObjectNode answer = NODES.objectNode();
    List<ObjectNode> rowJson = batch.rows().stream().map(RowJson::of).toList();
    if (request.shared()) {
      answer.putArray("rows").addAll(rowJson);
    }
    String member = request.shared() ? "row_indexes" : "rows";
    for (int i = 0; i < slots.size(); i++) {
      ArrayNode rows = NODES.arrayNode();
      for (int index : batch.indexes().get(i)) {
        if (request.shared()) {
          rows.add(index);
        } else {
          rows.add(rowJson.get(index));
        }
      }
      ObjectNode result = NODES.objectNode();
      result.set(batch.changedOnly().get(i) ? "changed_" + member : member, rows);
      if (!request.subscription().isRecord() && !batch.changedOnly().get(i)) {
        // Whether rows follow the window (SPEC §4.2); the gateway writes the cursors.
        result.put("has_more", batch.hasMore().get(i));
      }
      answers.set(slots.get(i), result);
    }
    ArrayNode results = answer.putArray("results");
    for (int e = 0; e < request.entries().size(); e++) {
      int d = request.distinctOf()[e];
      int first = request.firstEntry().get(d);
      results.add(first == e ? answers.get(d) : NODES.objectNode().put("same_as", first));
    }
    return answer;
  }

  private ObjectNode actorError(String reason, ProblemCode code, String detail) {
    failures.failed(reason, "/api/live/query: " + detail);
    ObjectNode error = NODES.objectNode();
    error.put("code", code.wireName());
    error.put("detail", detail);
    ObjectNode result = NODES.objectNode();
    result.set("error", error);
    return result;
  }
}
