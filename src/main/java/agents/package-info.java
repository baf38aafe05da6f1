/**
 * The agents' own logic, without Camel: NER (registry, tagger, transformer), RAG, the LLM's prompt and answer, their
 * calibration, and how their answers combine.
 */
package agents;
