/**
 * The knowledge base, without Camel: the stores (embedded Lucene, Milvus) and where they live, the brand registry and
 * matcher, the embedders, catalogue reading, reindexing.
 */
package knowledge;
