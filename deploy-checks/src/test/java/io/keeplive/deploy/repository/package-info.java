/**
 * Access to the repository's deployment files (helm/, deploy/, docker-compose.yml, the Dockerfiles,
 * docs/) from the checks.
 *
 * <p>The checks read the working tree, never a copy: the repository root is passed by Maven as the
 * system property {@code keeplive.repository.root} (the parent of this module) and, when a test
 * runs from an IDE without it, found by walking up to the directory holding {@code
 * helm/keeplive/Chart.yaml}. YAML is parsed with SnakeYAML's safe constructor only (plain maps,
 * lists and scalars), which also reads JSON.
 */
package io.keeplive.deploy.repository;
