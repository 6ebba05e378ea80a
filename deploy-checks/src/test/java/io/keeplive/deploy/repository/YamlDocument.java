package io.keeplive.deploy.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * One parsed YAML (or JSON) document with path navigation: {@code at("spec.template.spec")}, {@code
 * at("containers[0].env")}. A missing step yields {@code null}, so assertions name the path instead
 * of failing with a ClassCastException deep inside a test.
 */
public record YamlDocument(Object root) {

  /** Every non-empty document of a multi-document stream (e.g. {@code helm template} output). */
  public static List<YamlDocument> parseAll(String text) {
    List<YamlDocument> documents = new ArrayList<>();
    for (Object document : yaml().loadAll(text)) {
      if (document != null) {
        documents.add(new YamlDocument(document));
      }
    }
    return documents;
  }

  public static YamlDocument parse(String text) {
    return new YamlDocument(yaml().load(text));
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(16 * 1024 * 1024);
    return new Yaml(new SafeConstructor(options));
  }

  /** The value at a dotted path with optional list indexes, or null. */
  public Object at(String path) {
    Object current = root;
    for (String step : path.split("\\.")) {
      if (current == null) {
        return null;
      }
      String key = step;
      Integer index = null;
      int bracket = step.indexOf('[');
      if (bracket >= 0) {
        key = step.substring(0, bracket);
        index = Integer.parseInt(step.substring(bracket + 1, step.length() - 1));
      }
      if (!key.isEmpty()) {
        current = current instanceof Map<?, ?> map ? map.get(key) : null;
      }
      if (index != null) {
        current = current instanceof List<?> list && index < list.size() ? list.get(index) : null;
      }
    }
    return current;
  }

  public YamlDocument child(String path) {
    return new YamlDocument(at(path));
  }

  public String string(String path) {
    Object value = at(path);
    return value == null ? null : value.toString();
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> map(String path) {
    Object value = at(path);
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  public List<YamlDocument> list(String path) {
    Object value = at(path);
    if (!(value instanceof List<?> list)) {
      return List.of();
    }
    return list.stream().map(YamlDocument::new).toList();
  }

  public String kind() {
    return string("kind");
  }

  public String name() {
    return string("metadata.name");
  }

  public boolean is(String kind, String name) {
    return Objects.equals(kind(), kind) && Objects.equals(name(), name);
  }

  @Override
  public String toString() {
    return kind() != null ? kind() + "/" + name() : String.valueOf(root);
  }
}
