/**
 * Text handling, without Camel: normalisation, language by script, the Thai-aware tokenizer, Thai word breaks and
 * romanisation, bounded and safe text.
 */
package text;
