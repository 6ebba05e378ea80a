package io.keeplive.contracts.topics;

/**
 * The topic names of SPEC §3. The tenant is implicit (every notification carries it); clients never
 * write these.
 */
public final class Topics {

  private Topics() {}

  public static String tickets() {
    return "tickets";
  }

  public static String ticketsOfUser(String assigneeId) {
    return "tickets:user:" + assigneeId;
  }

  public static String ticket(String id) {
    return "ticket:" + id;
  }

  public static String conversationMessages(String conversationId) {
    return "conversation:" + conversationId + ":messages";
  }

  public static String userConversations(String userId) {
    return "user:" + userId + ":conversations";
  }
}
