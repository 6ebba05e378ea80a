package io.keeplive.resource.declaration;

import io.keeplive.contracts.notification.ActionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.http.HttpMethod;

/**
 * Something clients can do to a resource; each action is one route and one notification per changed
 * record.
 *
 * @param name action name in notifications and metrics ({@code create}, {@code assign}, …)
 * @param type create, update or destroy
 * @param kind the shape of the route
 * @param method HTTP method of the route
 * @param path route suffix after {@code /api/<resource>/{id}} ({@link Kind#UPDATE}) or after {@code
 *     /api/<resource>} ({@link Kind#BULK_UPDATE}); empty for the standard routes
 * @param arguments inputs (body members or path variables); for creates they are derived from the
 *     input attributes
 * @param effects what an update does to the locked row
 * @param policy who may do it, checked against the row before the change
 */
public record Action(
    String name,
    ActionType type,
    Kind kind,
    HttpMethod method,
    String path,
    List<Argument> arguments,
    List<Effect> effects,
    Policy policy) {

  /** The route shapes the engine knows. */
  public enum Kind {
    /** {@code POST /api/<resource>} (or nested under the parent). */
    CREATE,
    /**
     * One record: {@code PATCH /api/<resource>/{id}} or {@code <method>
     * /api/<resource>/{id}/<path>}.
     */
    UPDATE,
    /** {@code DELETE /api/<resource>/{id}}. */
    DESTROY,
    /** {@code POST /api/<resource>/<path>} with {@code {"ids":[…]}}, all in one transaction. */
    BULK_UPDATE
  }

  public Action {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    arguments = List.copyOf(arguments);
    effects = List.copyOf(effects);
    Objects.requireNonNull(policy, "policy");
  }

  public static Action create(Policy policy) {
    return new Action(
        "create",
        ActionType.CREATE,
        Kind.CREATE,
        HttpMethod.POST,
        "",
        List.of(),
        List.of(),
        policy);
  }

  public static Action destroy(Policy policy) {
    return new Action(
        "destroy",
        ActionType.DESTROY,
        Kind.DESTROY,
        HttpMethod.DELETE,
        "",
        List.of(),
        List.of(),
        policy);
  }

  /** {@code PATCH /{id}} setting any of the given attributes the client sends. */
  public static Action update(Policy policy, Attribute... attributes) {
    List<Argument> arguments = new ArrayList<>();
    List<Effect> effects = new ArrayList<>();
    for (Attribute attribute : attributes) {
      arguments.add(new Argument(attribute.name(), attribute, Argument.In.BODY, false));
      effects.add(new Effect.Assign(attribute.name(), Term.argument(attribute.name())));
    }
    return new Action(
        "update", ActionType.UPDATE, Kind.UPDATE, HttpMethod.PATCH, "", arguments, effects, policy);
  }

  /** A custom update action on one record; finish with {@link CustomBuilder#allow(Policy)}. */
  public static CustomBuilder custom(String name, HttpMethod method, String path) {
    return new CustomBuilder(name, Kind.UPDATE, method, path);
  }

  /** An update of many records in one transaction, one notification per changed record. */
  public static CustomBuilder bulk(String name, String path) {
    return new CustomBuilder(name, Kind.BULK_UPDATE, HttpMethod.POST, path);
  }

  /** Arguments read from the JSON body. */
  public List<Argument> bodyArguments() {
    return arguments.stream().filter(a -> a.in() == Argument.In.BODY).toList();
  }

  /** Arguments read from path variables. */
  public List<Argument> pathArguments() {
    return arguments.stream().filter(a -> a.in() == Argument.In.PATH).toList();
  }

  /** Builder of custom actions. */
  public static final class CustomBuilder {
    private final String name;
    private final Kind kind;
    private final HttpMethod method;
    private final String path;
    private final List<Argument> arguments = new ArrayList<>();
    private final List<Effect> effects = new ArrayList<>();

    private CustomBuilder(String name, Kind kind, HttpMethod method, String path) {
      this.name = name;
      this.kind = kind;
      this.method = method;
      this.path = path;
    }

    /** A required body member validated as {@code attribute}. */
    public CustomBuilder body(String member, Attribute attribute) {
      arguments.add(new Argument(member, attribute, Argument.In.BODY, true));
      return this;
    }

    /** A path variable ({@code {name}} in the path) validated as {@code attribute}. */
    public CustomBuilder pathVariable(String variable, Attribute attribute) {
      if (!path.contains("{" + variable + "}")) {
        throw new IllegalArgumentException(name + ": path " + path + " has no {" + variable + "}");
      }
      arguments.add(new Argument(variable, attribute, Argument.In.PATH, true));
      return this;
    }

    public CustomBuilder sets(String attribute, Term value) {
      effects.add(new Effect.Assign(attribute, value));
      return this;
    }

    public CustomBuilder adds(String attribute, Term value) {
      effects.add(new Effect.AddTo(attribute, value));
      return this;
    }

    public CustomBuilder removes(String attribute, Term value) {
      effects.add(new Effect.RemoveFrom(attribute, value));
      return this;
    }

    public Action allow(Policy policy) {
      return new Action(name, ActionType.UPDATE, kind, method, path, arguments, effects, policy);
    }
  }
}
