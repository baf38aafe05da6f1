package knowledge;

import java.nio.file.Path;
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
}
