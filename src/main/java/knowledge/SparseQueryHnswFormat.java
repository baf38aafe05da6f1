package knowledge;

import java.io.IOException;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.codecs.hnsw.FlatVectorsFormat;
import org.apache.lucene.codecs.hnsw.FlatVectorsScorer;
import org.apache.lucene.codecs.lucene99.Lucene99FlatVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsReader;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsWriter;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.RandomAccessInput;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * Lucene's HNSW vectors format (its files, its graph, its searches: {@code Lucene99HnswVectorsWriter} and
 * {@code Lucene99HnswVectorsReader}) whose searches score a sparse query by its non-zero coordinates alone. The default
 * embedder's vectors are sparse (a title's character n-grams set a few dozen to a couple of hundred of 512), and
 * Lucene scores each node a search visits by copying its whole vector off the index and multiplying every coordinate.
 * Each segment also keeps a compact copy of its sparse vectors, a byte per coordinate ({@link CompactVectors}), and a
 * query with at most half its coordinates set is scored by reading just those coordinates of each visited node's copy
 * in place, on every Java (faster than Lucene's vector API code too). A segment without the copy (written before it)
 * is scored on its floats: by their non-zero coordinates where Lucene has no vector API to use ({@link #scorer()},
 * Java 17), else by Lucene. Dense queries (a neural embedder's), other similarities, the graph's construction and
 * merges go to Lucene's own scorer.
 *
 * <p>The format has a name of its own ({@value #NAME}), which the index records per segment so that Lucene's SPI (this
 * class is listed in {@code META-INF/services}) finds it to read them. Segments written by Lucene's format (a store from
 * before it) are read and searched by Lucene's, until a load or a merge writes them again.
 */
public final class SparseQueryHnswFormat extends KnnVectorsFormat {

    /** The format's name in the index. */
    public static final String NAME = "SparseQueryHnsw";

    private final HnswGraph graph;
    private final FlatVectorsFormat flat = new Lucene99FlatVectorsFormat(scorer());

    /** The format as Lucene's SPI makes it, to read an index: how a graph is built matters only to a writer. */
    public SparseQueryHnswFormat() {
        this(HnswGraph.DEFAULT);
    }

    /** @param graph how the graphs of what it writes are built */
    public SparseQueryHnswFormat(HnswGraph graph) {
        super(NAME);
        this.graph = graph;
    }

    /**
     * The scorer of a segment's floats: Lucene's where it uses the JDK's vector API (Java 21 and later with
     * {@code jdk.incubator.vector}, as the image runs it: measured a little faster than the sparse one there), else the
     * sparse query scorer over Lucene's scalar one.
     */
    static FlatVectorsScorer scorer() {
        FlatVectorsScorer lucenes = FlatVectorScorerUtil.getLucene99FlatVectorsScorer();
        return lucenes instanceof DefaultFlatVectorScorer ? new SparseQueryScorer(lucenes) : lucenes;
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
        return new Lucene99HnswVectorsWriter(state, graph.maxConnections(), graph.beamWidth(),
                new CompactVectors.Writer(flat.fieldsWriter(state), state), 1, null);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
        return new Lucene99HnswVectorsReader(state, new CompactVectors.Reader(flat.fieldsReader(state), state));
    }

    @Override
    public int getMaxDimensions(String fieldName) {
        return DEFAULT_MAX_DIMENSIONS;
    }

    @Override
    public String toString() {
        return NAME + "(maxConn=" + graph.maxConnections() + ", beamWidth=" + graph.beamWidth() + ")";
    }

    /** Scores a sparse float query by its non-zero coordinates; everything else goes to {@code dense}. */
    static final class SparseQueryScorer implements FlatVectorsScorer {

        private final FlatVectorsScorer dense;

        SparseQueryScorer(FlatVectorsScorer dense) {
            this.dense = dense;
        }

        @Override
        public RandomVectorScorerSupplier getRandomVectorScorerSupplier(VectorSimilarityFunction similarity,
                                                                        RandomAccessVectorValues values)
                throws IOException {
            return dense.getRandomVectorScorerSupplier(similarity, values);
        }

        @Override
        public RandomVectorScorer getRandomVectorScorer(VectorSimilarityFunction similarity,
                                                        RandomAccessVectorValues values, byte[] target)
                throws IOException {
            return dense.getRandomVectorScorer(similarity, values, target);
        }

        @Override
        public RandomVectorScorer getRandomVectorScorer(VectorSimilarityFunction similarity,
                                                        RandomAccessVectorValues values, float[] target)
                throws IOException {
            IndexInput slice = values.getSlice();
            if (similarity != VectorSimilarityFunction.DOT_PRODUCT || slice == null
                    || values.getVectorByteLength() != target.length * Float.BYTES) {
                return dense.getRandomVectorScorer(similarity, values, target);
            }
            int[] coordinates = CompactVectors.setCoordinates(target);
            if (coordinates == null) {
                return dense.getRandomVectorScorer(similarity, values, target);
            }
            int[] offsets = new int[coordinates.length];
            float[] weights = new float[coordinates.length];
            for (int i = 0; i < coordinates.length; i++) {
                offsets[i] = coordinates[i] * Float.BYTES;
                weights[i] = target[coordinates[i]];
            }
            RandomAccessInput vectors = slice instanceof RandomAccessInput random
                    ? random : slice.randomAccessSlice(0, slice.length());
            return new SparseDotProduct(values, vectors, values.getVectorByteLength(), offsets, weights);
        }

        @Override
        public String toString() {
            return "SparseQueryScorer(dense=" + dense + ")";
        }
    }

    /** The dot product of a sparse query and the stored vectors, scored as Lucene scores DOT_PRODUCT. */
    static final class SparseDotProduct extends RandomVectorScorer.AbstractRandomVectorScorer {

        private final RandomAccessInput vectors;
        private final long vectorBytes;
        private final int[] offsets;
        private final float[] weights;

        SparseDotProduct(RandomAccessVectorValues values, RandomAccessInput vectors, int vectorBytes, int[] offsets,
                         float[] weights) {
            super(values);
            this.vectors = vectors;
            this.vectorBytes = vectorBytes;
            this.offsets = offsets;
            this.weights = weights;
        }

        @Override
        public float score(int node) throws IOException {
            long start = node * vectorBytes;
            float dot = 0;
            for (int i = 0; i < offsets.length; i++) {
                dot += weights[i] * Float.intBitsToFloat(vectors.readInt(start + offsets[i]));
            }
            // as VectorSimilarityFunction.DOT_PRODUCT scores normalised vectors
            return Math.max((1 + dot) / 2, 0);
        }
    }
}
