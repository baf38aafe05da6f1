package knowledge;

/**
 * How the embedded store builds its HNSW graph over the embeddings (Lucene's {@code Lucene99HnswVectorsFormat}): each
 * node keeps up to {@code maxConnections} neighbours per layer (M; the bottom layer twice as many), found by a search of
 * {@code beamWidth} candidates when it is added. They shape how a search walks the graph, so its speed and recall, and
 * apply to what is written from then on: a store written with other values is read as it is and rewritten with these
 * by its next merge.
 */
public record HnswGraph(int maxConnections, int beamWidth) {

    /** Lucene's defaults, measured against others in docs/PERFORMANCE.md. */
    public static final HnswGraph DEFAULT = new HnswGraph(16, 100);

    public HnswGraph {
        // Lucene's own limits (Lucene99HnswVectorsFormat)
        if (maxConnections < 1 || maxConnections > 512) {
            throw new IllegalArgumentException("knowledge-base.hnsw.max-connections must be 1 to 512, not "
                    + maxConnections);
        }
        if (beamWidth < 1 || beamWidth > 3200) {
            throw new IllegalArgumentException("knowledge-base.hnsw.beam-width must be 1 to 3200, not " + beamWidth);
        }
    }
}
