package tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * What {@link Evaluate} measured, written out: the Markdown report of one data file, its reliability diagrams, and the
 * summary over several reports that docs/EVALUATION.md holds between its {@code <!-- results:begin -->} and
 * {@code <!-- results:end -->} lines.
 *
 * <p>Usage (the summary): {@code EvaluationReport --reports DIR --into FILE [--section results]}: every DIR/*.json report,
 * in name order, goes into FILE between the lines {@code <!-- SECTION:begin -->} and {@code <!-- SECTION:end -->}; the
 * rest of FILE is kept.
 */
public final class EvaluationReport {


    private EvaluationReport() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = Evaluate.options(args);
        Path reports = Path.of(Evaluate.required(options, "reports"));
        Path into = Path.of(Evaluate.required(options, "into"));
        List<JsonNode> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(reports)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                all.add(Evaluate.JSON.readTree(file.toFile()));
            }
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no *.json reports in " + reports);
        }
        String section = options.getOrDefault("section", "results");
        String beginMark = "<!-- " + section + ":begin -->";
        String endMark = "<!-- " + section + ":end -->";
        String text = Files.readString(into);
        int begin = text.indexOf(beginMark);
        int end = text.indexOf(endMark);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(into + " has no " + beginMark + " ... " + endMark + " section to fill");
        }
        String relative = into.toAbsolutePath().getParent().relativize(reports.toAbsolutePath()).toString();
        Files.writeString(into, text.substring(0, begin + beginMark.length()) + "\n" + summary(all, relative)
                + text.substring(end));
        System.out.println("Wrote the results of " + all.size() + " reports into " + into);
    }

    /** A table per measure over every file and method, then each file's diagrams and a link to its report. */
    static String summary(List<JsonNode> reports, String dir) {
        StringBuilder md = new StringBuilder();
        md.append("\n| file | queries (seen/unseen/written) | method | top-1 | seen brands | unseen brands | brand written "
                + "| written: precision | not written | answered | precision when answering | ECE | p50 ms |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (JsonNode report : reports) {
            String name = report.get("file").asText().replaceFirst("\\.csv$", "");
            for (JsonNode method : withBaseline(report)) {
                md.append(String.format(Locale.ROOT, "| [%s](%s/%s.md) | %d (%d/%d/%d) | %s | %s | %s | %s | %s | %s "
                        + "| %s | %s | %s | %s | %s |%n", name, dir, name, report.get("queries").asInt(),
                        report.get("seen_queries").asInt(), report.get("unseen_queries").asInt(),
                        report.path("written_queries").asInt(), method.get("method").asText(),
                        pct(method, "accuracy"), pct(method, "seen_accuracy"), pct(method, "unseen_accuracy"),
                        pct(method, "written_accuracy"), pct(method, "written_precision"),
                        pct(method, "unwritten_accuracy"), pct(method, "answered"), pct(method, "precision"),
                        number(method.get("ece")), millis(method, "p50_ms")));
            }
        }
        md.append("\nAccuracy by language (the data's `language` column; queries in brackets):\n\n");
        md.append(languageTable(reports));
        md.append("\nReliability diagrams (answers binned by confidence; a calibrated method's bars reach the diagonal):\n");
        for (JsonNode report : reports) {
            String name = report.get("file").asText().replaceFirst("\\.csv$", "");
            md.append("\n").append(name).append(":\n\n");
            for (JsonNode method : report.get("methods")) {
                String m = method.get("method").asText();
                md.append(String.format("<img src=\"%s/%s-%s-reliability.png\" width=\"240\" alt=\"%s on %s\"> ", dir,
                        name, m, m, name));
            }
            md.append("\n");
        }
        return md.append("\n").toString();
    }

    private static String languageTable(List<JsonNode> reports) {
        StringBuilder md = new StringBuilder("| file | method |");
        TreeSet<String> languages = new TreeSet<>();
        for (JsonNode report : reports) {
            report.get("methods").path(0).path("by_language").fieldNames().forEachRemaining(languages::add);
        }
        languages.forEach(language -> md.append(' ').append(language).append(" |"));
        md.append("\n|---|---|").append("---|".repeat(languages.size())).append('\n');
        for (JsonNode report : reports) {
            for (JsonNode method : report.get("methods")) {
                md.append("| ").append(report.get("file").asText()).append(" | ").append(method.get("method").asText())
                        .append(" |");
                for (String language : languages) {
                    JsonNode entry = method.path("by_language").path(language);
                    md.append(' ').append(entry.isMissingNode() ? "" : pct(entry, "accuracy") + " ("
                            + entry.get("queries").asInt() + ")").append(" |");
                }
                md.append('\n');
            }
        }
        return md.toString();
    }

    /** The report's methods, then the baseline (reports written before it had one: the methods). */
    private static List<JsonNode> withBaseline(JsonNode report) {
        List<JsonNode> rows = new java.util.ArrayList<>();
        report.get("methods").forEach(rows::add);
        if (report.hasNonNull("baseline")) {
            rows.add(report.get("baseline"));
        }
        return rows;
    }

    private static String millis(JsonNode method, String field) {
        JsonNode value = method.get(field);
        return value == null || value.isNull() ? "n/a" : String.valueOf(value.asLong());
    }

    /** The report of one data file. */
    static String markdown(String name, JsonNode report) {
        StringBuilder md = new StringBuilder();
        md.append("# Evaluation: ").append(report.get("file").asText()).append("\n\n");
        if (report.path("first_run").asBoolean(false)) {
            md.append(String.format(Locale.ROOT, "First run: %d labelled rows queried through POST /infer on a fresh "
                    + "service with only what it ships (nothing loaded), %d with a brand it knows and %d unseen; %d "
                    + "with the brand written in the title.%n%n", report.get("queries").asInt(),
                    report.get("seen_queries").asInt(), report.get("unseen_queries").asInt(),
                    report.path("written_queries").asInt()));
        } else {
            md.append(String.format(Locale.ROOT, "%d labelled rows; %d (%.0f%%, chosen by a hash of the title) loaded "
                    + "through POST /catalog%s; the other %d queried through POST /infer, %d with a brand seen in the "
                    + "loaded share and %d unseen; %d with the brand written in the title.%s%n%n",
                    report.get("rows").asInt(), report.get("loaded").asInt(),
                    100 * report.get("train_share").asDouble(),
                    report.has("rejected") ? " (" + report.get("rejected").asInt() + " rejected)" : "",
                    report.get("queries").asInt(), report.get("seen_queries").asInt(),
                    report.get("unseen_queries").asInt(), report.path("written_queries").asInt(),
                    report.has("ner_tagger") ? " NER tagger " + report.get("ner_tagger").asText() + "." : ""));
        }
        md.append("| method | top-1 accuracy | seen brands | unseen brands | brand written | written: precision "
                + "| not written | answered | abstains | precision when answering | ECE | p50 ms | p95 ms |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (JsonNode method : withBaseline(report)) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    method.get("method").asText(), pct(method, "accuracy"), pct(method, "seen_accuracy"),
                    pct(method, "unseen_accuracy"), pct(method, "written_accuracy"),
                    pct(method, "written_precision"), pct(method, "unwritten_accuracy"), pct(method, "answered"),
                    pct(method, "abstention"),
                    pct(method, "precision"), number(method.get("ece")), millis(method, "p50_ms"),
                    millis(method, "p95_ms")));
        }
        md.append("\nAccuracy by whether the brand is known (seen) and written in the title (queries in brackets):\n\n"
                + "| method | seen, written | seen, not written | unseen, written | unseen, not written |\n"
                + "|---|---|---|---|---|\n");
        for (JsonNode method : report.get("methods")) {
            md.append("| ").append(method.get("method").asText());
            for (String cell : List.of("seen_written", "seen_unwritten", "unseen_written", "unseen_unwritten")) {
                md.append(" | ").append(pct(method, cell + "_accuracy")).append(" (")
                        .append(method.path(cell + "_queries").asInt()).append(")");
            }
            md.append(" |\n");
        }
        md.append("\nThe same, counting as right an answer that names the brand with whole words more or fewer at its end "
                + "(`pelican` for `pelican storm`, `ten one design` for `ten`: the name's extent, in the answer or the "
                + "label):\n\n"
                + "| method | seen, written | seen, not written | unseen, written | unseen, not written |\n"
                + "|---|---|---|---|---|\n");
        for (JsonNode method : report.get("methods")) {
            md.append("| ").append(method.get("method").asText());
            for (String cell : List.of("seen_written", "seen_unwritten", "unseen_written", "unseen_unwritten")) {
                md.append(" | ").append(pct(method, cell + "_extent_accuracy"));
            }
            md.append(" |\n");
        }
        md.append("\n## Accuracy by language\n\n");
        md.append(languageTable(List.of(report)));
        md.append("\n## At other `inference.min-confidence` values\n\nAnswered / precision / accuracy if the best "
                + "candidate were answered at or above each threshold:\n\n| method |");
        for (double threshold : Evaluate.THRESHOLDS) {
            md.append(String.format(Locale.ROOT, " %.1f |", threshold));
        }
        md.append("\n|---|").append("---|".repeat(Evaluate.THRESHOLDS.length)).append('\n');
        for (JsonNode method : report.get("methods")) {
            md.append("| ").append(method.get("method").asText()).append(" |");
            for (JsonNode entry : method.get("thresholds")) {
                md.append(' ').append(pct(entry, "answered")).append(" / ").append(pct(entry, "precision"))
                        .append(" / ").append(pct(entry, "accuracy")).append(" |");
            }
            md.append('\n');
        }
        md.append("\n## Calibration\n\nAnswers binned by confidence: answers, accuracy, mean confidence.\n");
        for (JsonNode method : report.get("methods")) {
            String m = method.get("method").asText();
            md.append(String.format("%n### %s (ECE %s)%n%n![%s reliability](%s-%s-reliability.png)%n%n", m,
                    number(method.get("ece")), m, name, m));
            md.append("| confidence | answers | accuracy | mean confidence |\n|---|---|---|---|\n");
            for (JsonNode bin : method.get("reliability")) {
                md.append(String.format(Locale.ROOT, "| %.1f-%.1f | %d | %.3f | %.3f |%n", bin.get("from").asDouble(),
                        bin.get("to").asDouble(), bin.get("answers").asInt(), bin.get("accuracy").asDouble(),
                        bin.get("mean_confidence").asDouble()));
            }
        }
        if (report.get("methods").path(0).path("worst_misses").isEmpty()) {
            return md.toString();
        }
        md.append("\n## Worst misses\n\nPer method, the wrong answers with the highest confidence, then the abstentions "
                + "whose best candidate was the most confident.\n");
        for (JsonNode method : report.get("methods")) {
            md.append("\n### ").append(method.get("method").asText()).append("\n\n");
            md.append("| title | brand | answer | confidence | best candidate | seen |\n|---|---|---|---|---|---|\n");
            for (JsonNode miss : method.get("worst_misses")) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %s (%.2f) | %s |%n",
                        cell(miss.get("product_name").asText()), cell(miss.get("brand").asText()),
                        miss.get("answer").isNull() ? "(none)" : cell(miss.get("answer").asText()),
                        miss.get("confidence").asDouble(),
                        miss.get("best_candidate").isNull() ? "(none)" : cell(miss.get("best_candidate").asText()),
                        miss.get("best_confidence").asDouble(), miss.get("seen").asBoolean() ? "yes" : "no"));
            }
        }
        return md.toString();
    }

    /**
     * The reliability diagram of one method: per confidence bin, a bar as high as the accuracy of its answers, its
     * width fixed and its shade darker with more answers; the diagonal is perfect calibration.
     */
    static void reliabilityDiagram(String name, JsonNode method, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int size = 480;
        int margin = 50;
        int plot = size - 2 * margin;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size, size);
        int most = 1;
        for (JsonNode bin : method.get("reliability")) {
            most = Math.max(most, bin.get("answers").asInt());
        }
        for (JsonNode bin : method.get("reliability")) {
            int x0 = margin + (int) (plot * bin.get("from").asDouble());
            int x1 = margin + (int) (plot * bin.get("to").asDouble());
            int height = (int) (plot * bin.get("accuracy").asDouble());
            float shade = 0.25f + 0.75f * bin.get("answers").asInt() / most;
            g.setColor(new Color(30, 110, 200, Math.round(255 * shade)));
            g.fillRect(x0 + 1, margin + plot - height, x1 - x0 - 2, height);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.valueOf(bin.get("answers").asInt()), x0 + 3, margin + plot - height - 3);
            // the bin's mean confidence, where a calibrated bar would end
            int y = margin + plot - (int) (plot * bin.get("mean_confidence").asDouble());
            g.setColor(new Color(230, 120, 20));
            g.fillOval((x0 + x1) / 2 - 3, y - 3, 6, 6);
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_BEVEL, 1, new float[] {4, 4}, 0));
        g.drawLine(margin, margin + plot, margin + plot, margin);
        g.setStroke(new BasicStroke(1));
        g.setColor(Color.BLACK);
        g.drawRect(margin, margin, plot, plot);
        for (int tick = 0; tick <= 10; tick += 2) {
            int offset = plot * tick / 10;
            g.drawString(String.format(Locale.ROOT, "%.1f", tick / 10.0), margin + offset - 8, margin + plot + 15);
            g.drawString(String.format(Locale.ROOT, "%.1f", tick / 10.0), margin - 28, margin + plot - offset + 4);
        }
        g.drawString(String.format(Locale.ROOT, "%s, %s: ECE %s", name, method.get("method").asText(),
                number(method.get("ece"))), margin, 20);
        g.drawString("confidence (dot: mean in bin)", margin + plot / 2 - 80, size - 12);
        g.drawString("accuracy", 5, margin - 8);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static String pct(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * value.asDouble());
    }

    private static String number(JsonNode value) {
        return value == null || value.isNull() ? "n/a" : String.format(Locale.ROOT, "%.3f", value.asDouble());
    }

    /** A Markdown table cell: pipes escaped, line breaks flattened. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replaceAll("\\s+", " ");
    }
}
