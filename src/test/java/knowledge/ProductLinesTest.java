package knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProductLinesTest {

    private static ProductLines read(String text) throws IOException {
        return ProductLines.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void findsLinesAsWholeWordsInAnyCaseButNotTheMakersName() throws IOException {
        ProductLines lines = read("# makers\nAcme\tRoadRunner|Road Runner X|โรดรันเนอร์\n\nGlobex\tHammock\n");
        assertThat(lines.size()).isEqualTo(4);
        var found = lines.find("ACME roadrunner trap, Road-Runner X edition");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).brand().name()).isEqualTo("Acme");
        assertThat(found.get(0).name()).isEqualTo("RoadRunner");
        assertThat(lines.find("กับดักโรดรันเนอร์ สีแดง").get(0).brand().name()).isEqualTo("Acme");
        // a line inside a longer word, and the maker's own name, are not found
        assertThat(lines.find("Hammocks and Acme tools")).isEmpty();
        assertThat(lines.find("Globex hammock 2 m").get(0).brand().name()).isEqualTo("Globex");
    }

    @Test
    void aRowWithoutATabOrLinesIsRefusedWithItsNumber() {
        assertThatThrownBy(() -> read("Acme\tRoadRunner\nGlobex Hammock\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("line 2: expected a maker");
        assertThatThrownBy(() -> read("Acme\t\n")).hasMessageStartingWith("line 1:");
    }

    @Test
    void theShippedFileReads() {
        ProductLines shipped = ProductLines.shipped();
        assertThat(shipped.size()).isGreaterThan(50);
        assertThat(shipped.find("Sony PlayStation 5 Slim").get(0).brand().name()).isEqualTo("Sony");
        assertThat(ProductLines.none().find("iPhone 15")).isEmpty();
    }
}
