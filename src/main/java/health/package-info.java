/**
 * The service's health, one model: the agents, the store, the route reloads and the models as Spring health indicators
 * (the readiness group), and {@code GET /health}, {@code /agents} and {@code /agents/{name}/health} rendered from them.
 */
package health;
