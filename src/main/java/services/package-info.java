/**
 * What the settings describe and the work that runs beside the requests, as Spring beans without routes: the agents by
 * name ({@link services.Agents}), the stores ({@link services.Stores}), the API key, and the background jobs that
 * retrain the NER tagger and recalibrate RAG and the combination after each catalogue load.
 */
package services;
