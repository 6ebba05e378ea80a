package io.keeplive.resource.rest;

import io.keeplive.resource.declaration.Action;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpMethod;

/**
 * One REST endpoint derived from a declaration. The router and the OpenAPI document are both built
 * from {@link #all}, so the document cannot drift from the routes.
 *
 * @param method HTTP method
 * @param path path template; {@code {id}} is the record id, {@code {parent}} the parent id of a
 *     nested route, other variables are action arguments
 * @param resource the resource served
 * @param kind what the endpoint does
 * @param action the write action, empty for reads
 */
public record Endpoint(
    HttpMethod method,
    String path,
    ResourceDeclaration resource,
    Kind kind,
    Optional<Action> action) {

  /** What an endpoint does. */
  public enum Kind {
    LIST,
    GET,
    WRITE
  }

  public static List<Endpoint> all(Resources resources) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (ResourceDeclaration resource : resources.all()) {
      String base = "/api/" + resource.name();
      // Fixed paths first: POST /api/tickets/bulk-close must win over POST /api/tickets/{id}.
      for (Action action : resource.actions()) {
        if (action.kind() == Action.Kind.BULK_UPDATE) {
          endpoints.add(write(action.method(), base + "/" + action.path(), resource, action));
        }
      }
      String collection = base;
      if (resource.nestedUnder().isPresent()) {
        ResourceDeclaration parent = resources.parentOf(resource, resource.nestedUnder().get());
        collection = "/api/" + parent.name() + "/{parent}/" + resource.name();
      }
      if (resource.exposeList() || resource.nestedUnder().isPresent()) {
        endpoints.add(
            new Endpoint(HttpMethod.GET, collection, resource, Kind.LIST, Optional.empty()));
      }
      for (Action action : resource.actions()) {
        if (action.kind() == Action.Kind.CREATE) {
          endpoints.add(write(HttpMethod.POST, collection, resource, action));
        }
      }
      endpoints.add(
          new Endpoint(HttpMethod.GET, base + "/{id}", resource, Kind.GET, Optional.empty()));
      for (Action action : resource.actions()) {
        if (action.kind() == Action.Kind.UPDATE || action.kind() == Action.Kind.DESTROY) {
          String path = action.path().isEmpty() ? base + "/{id}" : base + "/{id}/" + action.path();
          endpoints.add(write(action.method(), path, resource, action));
        }
      }
    }
    return endpoints;
  }

  private static Endpoint write(
      HttpMethod method, String path, ResourceDeclaration resource, Action action) {
    return new Endpoint(method, path, resource, Kind.WRITE, Optional.of(action));
  }
}
