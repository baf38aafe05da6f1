/**
 * The command-line modes of the jar that do not start the service: {@code collection} (stats, create, drop, reindex of
 * the configured store) and {@code settings} (the settings the service would use), each in a Spring context of its own
 * without the web server or Camel.
 */
package commands;
