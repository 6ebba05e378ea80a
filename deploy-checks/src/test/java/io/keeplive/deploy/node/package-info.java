/**
 * The Node tools some checks run (deploy-checks/node): installed once per checkout with {@code npm
 * ci} from the committed lock file, so that CI and developers run the same versions.
 */
package io.keeplive.deploy.node;
