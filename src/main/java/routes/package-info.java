/**
 * The Camel routes in Java: the REST API, inference and the orchestrator, the ask-agent route template and the agents
 * hosted here, the knowledge base's timers, the queue worker and the title files. Each is thin: the work is in the
 * beans of {@code processors}. (The YAML routes are in src/main/resources/routes.)
 */
package routes;
