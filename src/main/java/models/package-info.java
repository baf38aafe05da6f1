/**
 * The ONNX transformer runtime (onnxruntime session and Hugging Face tokenizer), without Camel: used by the NER
 * transformer and the neural embedder.
 */
package models;
