package knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneVectorStoreTest extends VectorStoreContract {

    @TempDir
    Path dir;

    @Override
    VectorStore fresh(Embedder embedder) {
        return new LuceneVectorStore(dir.resolve("index"), embedder);
    }

    @Override
    VectorStore reopen(Embedder embedder) {
        return new LuceneVectorStore(dir.resolve("index"), embedder);
    }

    @Test
    void theVersionOfTheContentsChangesWithAWriteAndSurvivesMergesAndRestarts() throws Exception {
        String written;
        try (VectorStore store = fresh(EMBEDDER)) {
            String empty = store.derived("x").version();
            // one segment per commit: enough of them that Lucene merges some, and commits the merge when it closes
            for (int i = 0; i < 25; i++) {
                Product product = new Product("product " + i, "Brand " + (i % 3), null, List.of());
                store.upsert(List.of(new VectorStore.Entry("id" + i, product, EMBEDDER.embed(product.productName()))));
                store.commit();
            }
            written = store.derived("x").version();
            assertThat(written).isNotEqualTo(empty);
            assertThat(store.derived("x").file()).isEqualTo(dir.resolve("index").resolve("x"));
        }
        try (VectorStore store = reopen(EMBEDDER)) {
            assertThat(store.count()).isEqualTo(25);
            assertThat(store.derived("x").version()).isEqualTo(written);
            store.clear();
            assertThat(store.derived("x").version()).isNotEqualTo(written);
        }
    }
}
