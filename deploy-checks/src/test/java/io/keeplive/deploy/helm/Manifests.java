package io.keeplive.deploy.helm;

import io.keeplive.deploy.repository.YamlDocument;
import java.util.List;

/** The Kubernetes objects of one rendered release. */
public record Manifests(List<YamlDocument> objects) {

  public List<YamlDocument> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.kind())).toList();
  }

  public YamlDocument get(String kind, String name) {
    return objects.stream()
        .filter(o -> o.is(kind, name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in " + objects));
  }

  public List<String> kinds() {
    return objects.stream().map(YamlDocument::kind).sorted().toList();
  }
}
