/**
 * The API's records (requests, results, candidates) and their validation, without Camel.
 */
package inference;
