/**
 * The YAML route files: which load at start (the shipped ones and those of {@code routes.dir}), their reload when they
 * change, keeping a failed file's previous routes, and the failures kept for health. Camel's YAML DSL loads them.
 */
package routefiles;
