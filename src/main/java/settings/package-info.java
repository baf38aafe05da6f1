/**
 * The service's settings, one record per concern, bound from application.yaml (its profiles, the environment, the
 * command line) by Spring Boot and validated at start: a wrong value stops the start with a message naming the property.
 * Spring Boot's configuration processor turns them into the metadata IDEs complete and document the properties from.
 * Every other package reads its settings from these records; nothing else reads the Environment for them.
 */
package settings;
