package knowledge;

import java.io.IOException;
import java.util.List;

/** A store that hands every call to another, for tests that change what one call does. */
class ForwardingStore implements VectorStore {

    private final VectorStore delegate;

    ForwardingStore(VectorStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public StoreLocation location() {
        return delegate.location();
    }

    @Override
    public List<Rejected> upsert(List<Entry> entries) {
        return delegate.upsert(entries);
    }

    @Override
    public void commit() {
        delegate.commit();
    }

    @Override
    public void beginReplace() {
        delegate.beginReplace();
    }

    @Override
    public void rollback() {
        delegate.rollback();
    }

    @Override
    public List<Neighbour> search(float[] vector, int k, String category) {
        return delegate.search(vector, k, category);
    }

    @Override
    public void clear() {
        delegate.clear();
    }

    @Override
    public boolean create() {
        return delegate.create();
    }

    @Override
    public long count() {
        return delegate.count();
    }

    @Override
    public long sizeOnDiskBytes() {
        return delegate.sizeOnDiskBytes();
    }

    @Override
    public void scan(java.util.function.BiConsumer<String, String> visitor) {
        delegate.scan(visitor);
    }

    @Override
    public String changeMarker() {
        return delegate.changeMarker();
    }

    @Override
    public BrandCensus census() {
        return delegate.census();
    }

    @Override
    public Derived derived(String name) {
        return delegate.derived(name);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
