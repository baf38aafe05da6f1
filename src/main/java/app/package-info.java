/**
 * The application: its main class (and the command-line modes it dispatches), and the Spring configuration that wires
 * the service from its settings: the knowledge base and the agents that read it, Bedrock, SQS, CloudWatch, the inbox
 * recovery at start, and the renamed settings still honoured. Depends on every package below it; nothing depends on it.
 */
package app;
