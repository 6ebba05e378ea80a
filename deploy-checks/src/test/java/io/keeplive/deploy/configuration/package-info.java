/**
 * How the deployments configure the services: the environment variables set by the Helm chart and
 * docker-compose.yml are checked against the property names of docs/architecture.md using Spring
 * Boot's own environment-variable mapping (no service is started).
 */
package io.keeplive.deploy.configuration;
