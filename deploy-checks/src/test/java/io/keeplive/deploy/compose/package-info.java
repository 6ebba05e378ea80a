/**
 * Checks of docker-compose.yml, its Prometheus and Grafana provisioning files and the three service
 * Dockerfiles.
 *
 * <p>No Docker engine runs on the build machines (the docker client answers, the daemon does not),
 * so these are file checks: the compose model is parsed with SnakeYAML and compared with the
 * contracts of docs/architecture.md (ports, main classes) and with what the Helm chart does (the
 * same environment variables, the same Prometheus job names, the same dashboard file).
 */
package io.keeplive.deploy.compose;
