/**
 * The beans the routes call, each a step of a route: reading and checking requests, the agent calls and their results,
 * the orchestrator's aggregation, the hybrid pipeline, the LLM's Bedrock calls, catalogue loads, title files, SQS
 * messages and error answers; with the exchange keys and the JSON mapping they share.
 */
package processors;
