package knowledge;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.hnsw.FlatFieldVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatVectorsReader;
import org.apache.lucene.codecs.hnsw.FlatVectorsWriter;
import org.apache.lucene.index.ByteVectorValues;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.MergeState;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.Sorter;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.store.RandomAccessInput;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.hnsw.CloseableRandomVectorScorerSupplier;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

/**
 * A compact copy of a segment's float vectors, one byte per coordinate, that the searches score a sparse query on.
 *
 * <p>A search visits a few hundred nodes of the HNSW graph and reads, of each, the coordinates the query sets. Of the
 * float vectors Lucene keeps (2 KB each at 512 dimensions) those reads touch most of a vector's 32 cache lines. Beside
 * Lucene's files ({@code .vec}, {@code .vex}, {@code .vem}, untouched: the graph is built and merged on them, and a
 * dense query is scored on them), the writer keeps each vector again as a unit (a float) and each coordinate as a whole
 * number of units, a byte each: {@code 4 + dimension} bytes, a quarter of the floats. It does so only for a field
 * whose vectors are sparse (at most half their coordinates set) and each a whole multiple of some unit, at most
 * {@value #LEVELS} of it per coordinate: the n-gram embedder's are (its coordinates are n-gram counts, in halves, times
 * one scale per vector). So the copy is exact: a score on it is the score on the floats, to a float's rounding. Any
 * other field (a neural embedder's dense vectors, a mix of embedders' scales) gets no copy and is searched on its
 * floats, as is a segment written before the copy, until a load or a merge writes it again.
 *
 * <p>The file ({@value #EXTENSION}) sits in the segment beside Lucene's.
 */
final class CompactVectors {

    static final String EXTENSION = "cvec";
    private static final String CODEC = "MpiCompactVectors";
    private static final int VERSION = 0;
    /** The largest magnitude of a coordinate, in the vector's units. */
    private static final int LEVELS = 127;

    private CompactVectors() {
    }

    /** {@code vector} in the copy's layout: its unit (a float), then each coordinate in units, a byte each. */
    static void write(IndexOutput out, float[] vector) throws IOException {
        float unit = unit(vector);
        out.writeInt(Float.floatToIntBits(unit));
        for (float value : vector) {
            out.writeByte(unit == 0 ? 0 : (byte) Math.round(value / unit));
        }
    }

    /**
     * The unit the copy writes {@code vector} in: one its coordinates are all whole multiples of, at most
     * {@value #LEVELS} of it each (0 for a vector of zeros), or NaN when the vector has no such unit or sets more than
     * half its coordinates: then it is not copied.
     */
    static float unit(float[] vector) {
        float largest = 0;
        float smallest = Float.MAX_VALUE;
        int set = 0;
        for (float value : vector) {
            if (value != 0) {
                largest = Math.max(largest, Math.abs(value));
                smallest = Math.min(smallest, Math.abs(value));
                set++;
            }
        }
        if (set * 2 > vector.length) {
            return Float.NaN;
        }
        if (largest == 0) {
            return 0;
        }
        for (int parts = 1; parts <= 4; parts++) {
            float unit = smallest / parts;
            if (largest / unit <= LEVELS + 0.5f && multiples(vector, unit)) {
                return unit;
            }
        }
        return Float.NaN;
    }

    private static boolean multiples(float[] vector, float unit) {
        for (float value : vector) {
            float units = value / unit;
            if (Math.abs(units - Math.round(units)) > 1e-3f) {
                return false;
            }
        }
        return true;
    }

    /** The coordinates a sparse query sets (at most half of them), or null for a dense one. */
    static int[] setCoordinates(float[] target) {
        int set = 0;
        for (float value : target) {
            if (value != 0) {
                set++;
            }
        }
        if (set * 2 > target.length) {
            return null;
        }
        int[] coordinates = new int[set];
        for (int i = 0, at = 0; i < target.length; i++) {
            if (target[i] != 0) {
                coordinates[at++] = i;
            }
        }
        return coordinates;
    }

    /**
     * Writes Lucene's flat vectors through {@code delegate}, and the compact copy of every float dot-product field whose
     * vectors all have a unit ({@link #unit}).
     */
    static final class Writer extends FlatVectorsWriter {

        private final FlatVectorsWriter delegate;
        private final SegmentWriteState state;
        /** The copy's file, created with its first field: a segment with nothing to copy has none. */
        private IndexOutput out;
        private final List<Map.Entry<FieldInfo, FlatFieldVectorsWriter<?>>> fields = new ArrayList<>();
        private boolean finished;

        Writer(FlatVectorsWriter delegate, SegmentWriteState state) {
            super(delegate.getFlatVectorScorer());
            this.delegate = delegate;
            this.state = state;
        }

        private static boolean copied(FieldInfo field) {
            return field.getVectorEncoding() == VectorEncoding.FLOAT32
                    && field.getVectorSimilarityFunction() == VectorSimilarityFunction.DOT_PRODUCT;
        }

        @Override
        public FlatFieldVectorsWriter<?> addField(FieldInfo fieldInfo) throws IOException {
            FlatFieldVectorsWriter<?> writer = delegate.addField(fieldInfo);
            if (copied(fieldInfo)) {
                fields.add(Map.entry(fieldInfo, writer));
            }
            return writer;
        }

        @Override
        public void flush(int maxDoc, Sorter.DocMap sortMap) throws IOException {
            // an index sorted at flush would number the vectors in another order: no copy then (the store does not sort)
            if (sortMap == null) {
                for (Map.Entry<FieldInfo, FlatFieldVectorsWriter<?>> field : fields) {
                    List<?> vectors = field.getValue().getVectors();
                    if (vectors.isEmpty() || vectors.stream().anyMatch(vector -> Float.isNaN(unit((float[]) vector)))) {
                        continue;
                    }
                    begin(field.getKey(), vectors.size());
                    for (Object vector : vectors) {
                        write(out, (float[]) vector);
                    }
                }
            }
            delegate.flush(maxDoc, sortMap);
        }

        @Override
        public CloseableRandomVectorScorerSupplier mergeOneFieldToIndex(FieldInfo fieldInfo, MergeState mergeState)
                throws IOException {
            CloseableRandomVectorScorerSupplier merged = delegate.mergeOneFieldToIndex(fieldInfo, mergeState);
            copyMerged(fieldInfo, mergeState);
            return merged;
        }

        @Override
        public void mergeOneField(FieldInfo fieldInfo, MergeState mergeState) throws IOException {
            delegate.mergeOneField(fieldInfo, mergeState);
            copyMerged(fieldInfo, mergeState);
        }

        /** The merged segment's vectors, in the order Lucene numbers them (the live documents', in document order). */
        private void copyMerged(FieldInfo fieldInfo, MergeState mergeState) throws IOException {
            if (!copied(fieldInfo)) {
                return;
            }
            // counted and checked first (the merged values' size counts the deleted documents' too), then written
            int count = 0;
            FloatVectorValues values = MergedVectorValues.mergeFloatVectorValues(fieldInfo, mergeState);
            while (values.nextDoc() != DocIdSetIterator.NO_MORE_DOCS) {
                if (Float.isNaN(unit(values.vectorValue()))) {
                    return;
                }
                count++;
            }
            if (count == 0) {
                return;
            }
            begin(fieldInfo, count);
            values = MergedVectorValues.mergeFloatVectorValues(fieldInfo, mergeState);
            while (values.nextDoc() != DocIdSetIterator.NO_MORE_DOCS) {
                write(out, values.vectorValue());
            }
        }

        private void begin(FieldInfo field, int count) throws IOException {
            if (out == null) {
                String name = IndexFileNames.segmentFileName(state.segmentInfo.name, state.segmentSuffix, EXTENSION);
                IndexOutput opened = state.directory.createOutput(name, state.context);
                boolean ok = false;
                try {
                    CodecUtil.writeIndexHeader(opened, CODEC, VERSION, state.segmentInfo.getId(),
                            state.segmentSuffix);
                    ok = true;
                } finally {
                    if (!ok) {
                        IOUtils.closeWhileHandlingException(opened);
                    }
                }
                out = opened;
            }
            out.writeInt(field.number);
            out.writeInt(count);
            out.writeInt(field.getVectorDimension());
        }

        @Override
        public void finish() throws IOException {
            if (finished) {
                throw new IllegalStateException("already finished");
            }
            finished = true;
            delegate.finish();
            if (out != null) {
                out.writeInt(-1);
                CodecUtil.writeFooter(out);
            }
        }

        @Override
        public long ramBytesUsed() {
            return delegate.ramBytesUsed();
        }

        @Override
        public void close() throws IOException {
            IOUtils.close(out, delegate);
        }
    }

    /** Reads Lucene's flat vectors through {@code delegate}; scores a sparse query on the compact copy where it has one. */
    static final class Reader extends FlatVectorsReader {

        /**
         * Where one field's copy starts in the file, its vectors' dimension, and Lucene's values of the field (what
         * a scorer asks of them, how many there are and which document each is, reads nothing that changes).
         */
        private record Field(long start, int dimension, RandomAccessVectorValues values) {
        }

        private final FlatVectorsReader delegate;
        private final SegmentReadState state;
        private final IndexInput in;
        private final Map<Integer, Field> fields = new HashMap<>();

        Reader(FlatVectorsReader delegate, SegmentReadState state) throws IOException {
            super(delegate.getFlatVectorScorer());
            this.delegate = delegate;
            this.state = state;
            String name = IndexFileNames.segmentFileName(state.segmentInfo.name, state.segmentSuffix, EXTENSION);
            IndexInput opened;
            try {
                opened = state.directory.openInput(name, IOContext.RANDOM);
            } catch (NoSuchFileException | FileNotFoundException e) {
                // a segment written before the copy: searched on its floats
                opened = null;
            }
            boolean ok = false;
            try {
                if (opened != null) {
                    CodecUtil.checkIndexHeader(opened, CODEC, VERSION, VERSION, state.segmentInfo.getId(),
                            state.segmentSuffix);
                    for (int number = opened.readInt(); number != -1; number = opened.readInt()) {
                        int count = opened.readInt();
                        int dimension = opened.readInt();
                        long start = opened.getFilePointer();
                        var values = (RandomAccessVectorValues) delegate.getFloatVectorValues(
                                state.fieldInfos.fieldInfo(number).name);
                        if (values.size() != count) {
                            throw new CorruptIndexException("the compact copy holds " + count + " vectors of field "
                                    + number + ", the segment " + values.size(), opened);
                        }
                        fields.put(number, new Field(start, dimension, values));
                        opened.seek(start + (long) count * (Float.BYTES + dimension));
                    }
                    CodecUtil.retrieveChecksum(opened);
                }
                this.in = opened;
                ok = true;
            } finally {
                if (!ok) {
                    // the caller hands the delegate over: it is closed with this reader, or here
                    IOUtils.closeWhileHandlingException(opened, delegate);
                }
            }
        }

        @Override
        public RandomVectorScorer getRandomVectorScorer(String field, float[] target) throws IOException {
            FieldInfo info = state.fieldInfos.fieldInfo(field);
            Field copy = info == null ? null : fields.get(info.number);
            int[] coordinates = copy == null || copy.dimension() != target.length ? null : setCoordinates(target);
            if (coordinates == null) {
                return delegate.getRandomVectorScorer(field, target);
            }
            int[] offsets = new int[coordinates.length];
            float[] weights = new float[coordinates.length];
            for (int i = 0; i < coordinates.length; i++) {
                offsets[i] = Float.BYTES + coordinates[i];
                weights[i] = target[coordinates[i]];
            }
            // a slice of the file per search, as Lucene's readers give each search its own
            return new CompactDotProduct(copy.values(), in.randomAccessSlice(0, in.length()), copy.start(),
                    Float.BYTES + copy.dimension(), offsets, weights);
        }

        @Override
        public RandomVectorScorer getRandomVectorScorer(String field, byte[] target) throws IOException {
            return delegate.getRandomVectorScorer(field, target);
        }

        @Override
        public void checkIntegrity() throws IOException {
            delegate.checkIntegrity();
            if (in != null) {
                CodecUtil.checksumEntireFile(in);
            }
        }

        @Override
        public FloatVectorValues getFloatVectorValues(String field) throws IOException {
            return delegate.getFloatVectorValues(field);
        }

        @Override
        public ByteVectorValues getByteVectorValues(String field) throws IOException {
            return delegate.getByteVectorValues(field);
        }

        @Override
        public void search(String field, float[] target, KnnCollector knnCollector, Bits acceptDocs)
                throws IOException {
            delegate.search(field, target, knnCollector, acceptDocs);
        }

        @Override
        public void search(String field, byte[] target, KnnCollector knnCollector, Bits acceptDocs)
                throws IOException {
            delegate.search(field, target, knnCollector, acceptDocs);
        }

        @Override
        public long ramBytesUsed() {
            return delegate.ramBytesUsed();
        }

        @Override
        public void close() throws IOException {
            IOUtils.close(in, delegate);
        }
    }

    /**
     * The dot product of a sparse query and the compact copy of the stored vectors, scored as Lucene scores
     * DOT_PRODUCT.
     */
    static final class CompactDotProduct extends RandomVectorScorer.AbstractRandomVectorScorer {

        private final RandomAccessInput data;
        private final long start;
        private final long record;
        private final int[] offsets;
        private final float[] weights;

        CompactDotProduct(RandomAccessVectorValues values, RandomAccessInput data, long start, int record,
                          int[] offsets, float[] weights) {
            super(values);
            this.data = data;
            this.start = start;
            this.record = record;
            this.offsets = offsets;
            this.weights = weights;
        }

        @Override
        public float score(int node) throws IOException {
            long at = start + node * record;
            float dot = 0;
            for (int i = 0; i < offsets.length; i++) {
                dot += weights[i] * data.readByte(at + offsets[i]);
            }
            dot *= Float.intBitsToFloat(data.readInt(at));
            // as VectorSimilarityFunction.DOT_PRODUCT scores normalised vectors
            return Math.max((1 + dot) / 2, 0);
        }
    }
}
