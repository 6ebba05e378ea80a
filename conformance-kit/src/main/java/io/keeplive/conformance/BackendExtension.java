package io.keeplive.conformance;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives every check the {@link Backend} named by the run's configuration parameters, built once per
 * run.
 */
public final class BackendExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(BackendExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Backend.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext root = context.getRoot();
    return root.getStore(NAMESPACE)
        .computeIfAbsent(
            Backend.class,
            type ->
                new Backend(
                    Target.from(name -> root.getConfigurationParameter(Target.PREFIX + name))),
            Backend.class);
  }
}
