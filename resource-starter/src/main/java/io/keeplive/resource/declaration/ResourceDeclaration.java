package io.keeplive.resource.declaration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything about one resource, declared once. Routes, validation, SQL read filters, outbox topics
 * and the subscription-to-topics mapping are all derived from it by the generic engine; a new
 * resource is one declaration plus one migration creating its table.
 *
 * <p>Every resource has the system attributes {@code id} (uuid), {@code tenant_id}, {@code version}
 * (+1 per change), {@code created_at} and {@code updated_at}; the table's primary key is {@code
 * (tenant_id, id)}.
 *
 * @param name resource name: URL segment, notification {@code resource}, subscription {@code
 *     resource}
 * @param table Postgres table
 * @param attributes all attributes in JSON order, system ones included
 * @param references attributes that hold the id of another resource, by attribute name
 * @param nestedUnder a reference whose parent the create and list routes are nested under ({@code
 *     /api/conversations/{id}/messages}); empty for top-level routes
 * @param exposeList whether {@code GET /api/<name>} exists
 * @param readPolicy who sees which rows; enforced in SQL
 * @param actions the writes
 * @param publications topic templates every write publishes to (old and new values)
 * @param defaultSort sort keys ({@code created_at}, {@code -updated_at}) of a list that names none
 */
public record ResourceDeclaration(
    String name,
    String table,
    List<Attribute> attributes,
    Map<String, String> references,
    Optional<String> nestedUnder,
    boolean exposeList,
    Policy readPolicy,
    List<Action> actions,
    List<Publication> publications,
    List<String> defaultSort) {

  public static final String ID = "id";
  public static final String TENANT = "tenant_id";
  public static final String VERSION = "version";
  public static final String CREATED_AT = "created_at";
  public static final String UPDATED_AT = "updated_at";

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 500;

  public ResourceDeclaration {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(table, "table");
    attributes = List.copyOf(attributes);
    references = Map.copyOf(references);
    Objects.requireNonNull(nestedUnder, "nestedUnder");
    Objects.requireNonNull(readPolicy, "readPolicy");
    actions = List.copyOf(actions);
    publications = List.copyOf(publications);
    defaultSort = List.copyOf(defaultSort);
  }

  public static Builder named(String name) {
    return new Builder(name);
  }

  public Optional<Attribute> attribute(String attributeName) {
    return attributes.stream().filter(a -> a.name().equals(attributeName)).findFirst();
  }

  public Attribute require(String attributeName) {
    return attribute(attributeName)
        .orElseThrow(
            () -> new IllegalArgumentException(name + " has no attribute " + attributeName));
  }

  public Optional<Action> action(Action.Kind kind) {
    return actions.stream().filter(a -> a.kind() == kind).findFirst();
  }

  public Optional<Action> action(String actionName) {
    return actions.stream().filter(a -> a.name().equals(actionName)).findFirst();
  }

  /** Attributes a create reads from the client. */
  public List<Attribute> inputAttributes() {
    return attributes.stream().filter(Attribute::isInput).toList();
  }

  /** The compile-checked way to write a declaration. */
  public static final class Builder {
    private final String name;
    private String table;
    private final List<Attribute> declared = new ArrayList<>();
    private final Map<String, String> references = new LinkedHashMap<>();
    private String nestedUnder;
    private boolean exposeList = true;
    private boolean filterableTimestamps;
    private Policy readPolicy;
    private final List<Action> actions = new ArrayList<>();
    private final List<Publication> publications = new ArrayList<>();
    private List<String> defaultSort = List.of();

    private Builder(String name) {
      this.name = name;
      this.table = name;
    }

    public Builder table(String tableName) {
      this.table = tableName;
      return this;
    }

    public Builder attribute(Attribute attribute) {
      declared.add(attribute);
      return this;
    }

    /** An attribute holding the id of a record of {@code resource} in the same tenant. */
    public Builder reference(Attribute attribute, String resource) {
      declared.add(attribute);
      references.put(attribute.name(), resource);
      return this;
    }

    /**
     * Creates and lists are nested under the referenced parent and need it to be visible: {@code
     * POST|GET /api/<parent>/{id}/<name>}.
     */
    public Builder nestedUnder(String reference) {
      this.nestedUnder = reference;
      this.exposeList = false;
      return this;
    }

    /** {@code created_at} and {@code updated_at} may be filtered on (they are always sortable). */
    public Builder filterableTimestamps() {
      this.filterableTimestamps = true;
      return this;
    }

    public Builder readableBy(Policy policy) {
      this.readPolicy = policy;
      return this;
    }

    public Builder action(Action action) {
      actions.add(action);
      return this;
    }

    /** How lists are sorted when the client names no sort (the id always breaks ties). */
    public Builder sortedBy(String... keys) {
      this.defaultSort = List.of(keys);
      return this;
    }

    public Builder publishes(String... templates) {
      for (String template : templates) {
        publications.add(Publication.of(template));
      }
      return this;
    }

    public ResourceDeclaration build() {
      List<Attribute> all = new ArrayList<>();
      all.add(Attribute.system(ID, AttributeType.UUID));
      all.add(Attribute.system(TENANT, AttributeType.TEXT));
      all.addAll(declared);
      all.add(Attribute.system(VERSION, AttributeType.INTEGER));
      Attribute createdAt = Attribute.system(CREATED_AT, AttributeType.TIMESTAMP).allowSort();
      Attribute updatedAt = Attribute.system(UPDATED_AT, AttributeType.TIMESTAMP).allowSort();
      all.add(filterableTimestamps ? createdAt.allowFilter() : createdAt);
      all.add(filterableTimestamps ? updatedAt.allowFilter() : updatedAt);
      Objects.requireNonNull(readPolicy, name + ": declare readableBy(...)");
      ResourceDeclaration declaration =
          new ResourceDeclaration(
              name,
              table,
              all,
              references,
              Optional.ofNullable(nestedUnder),
              exposeList,
              readPolicy,
              completeCreate(all),
              publications,
              defaultSort);
      DeclarationCheck.check(declaration);
      return declaration;
    }

    /** A create's arguments are the resource's input attributes; the declaration names none. */
    private List<Action> completeCreate(List<Attribute> all) {
      List<Action> complete = new ArrayList<>();
      for (Action action : actions) {
        if (action.kind() != Action.Kind.CREATE) {
          complete.add(action);
          continue;
        }
        List<Argument> arguments =
            all.stream()
                .filter(Attribute::isInput)
                .map(
                    a ->
                        new Argument(
                            a.inputName(),
                            a,
                            Argument.In.BODY,
                            !a.nullable()
                                && a.defaultValue() == null
                                && a.source() != Attribute.Source.INPUT_WITH_ACTOR))
                .toList();
        complete.add(
            new Action(
                action.name(),
                action.type(),
                action.kind(),
                action.method(),
                action.path(),
                arguments,
                action.effects(),
                action.policy()));
      }
      return complete;
    }
  }
}
