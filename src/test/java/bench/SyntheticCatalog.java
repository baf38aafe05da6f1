package bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import support.GeneratedLines;

/**
 * Synthetic products for benchmarks: made-up brands (one per 20 products, at least 10), each title the brand, two Thai
 * or English product words, a model code and a size, from a fixed seed so every run gets the same catalogue. Run as
 * {@code SyntheticCatalog N FILE} it writes a CSV ({@code product_name,brand}) of N products for {@code POST /catalog}
 * (scripts/load-test.sh --products N).
 */
public final class SyntheticCatalog {

    private static final String[] WORDS = {"ประตู UPVC", "สีทาบ้าน", "แชมพู", "ยาสีฟัน", "พัดลมตั้งพื้น", "toothpaste",
        "door handle", "ceiling fan", "น้ำยาล้างจาน", "กาวซีเมนต์", "wireless mouse", "LED bulb", "ถุงขยะ", "rice cooker",
        "กระทะ", "notebook", "ปูนกาว", "shampoo", "สายยาง", "battery"};
    private static final String[] SIZES = {"80x200 ซม.", "5 แกลลอน", "400 มล.", "150g", "16 นิ้ว", "1 kg", "2.5 ลิตร",
        "10W", "50 ใบ", "64GB"};

    private final Random random = new Random(42);
    private final List<String> brands = new ArrayList<>();

    public SyntheticCatalog(int products) {
        for (int b = 0; b < Math.max(10, products / 20); b++) {
            brands.add(brand());
        }
    }

    /** A title of one of the catalogue's brands, as a query. */
    public String title() {
        return title(brands.get(random.nextInt(brands.size())));
    }

    private String title(String brand) {
        return brand + " " + WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " รุ่น "
                + (char) ('A' + random.nextInt(26)) + random.nextInt(10_000) + " " + SIZES[random.nextInt(SIZES.length)];
    }

    private String brand() {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < 4 + random.nextInt(5); i++) {
            name.append((char) ('A' + random.nextInt(26)));
        }
        return name.toString();
    }

    /** A CSV of {@code rows} products, made row by row as it is read (never held whole). */
    public InputStream csv(int rows) {
        return GeneratedLines.of("product_name,brand", rows, i -> {
            String brand = brands.get(random.nextInt(brands.size()));
            return '"' + title(brand) + "\"," + brand;
        });
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: SyntheticCatalog PRODUCTS FILE");
        }
        int products = Integer.parseInt(args[0]);
        try (InputStream csv = new SyntheticCatalog(products).csv(products)) {
            Files.copy(csv, Path.of(args[1]), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
