package api;

import static org.assertj.core.api.Assertions.assertThat;

import app.Application;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The playground page ({@code GET /}) in a real browser: headless Chromium (Debian's chromium and chromium-driver,
 * which .ci/run installs) driven by Selenium. It types a Thai title, waits for the answer and checks the brand, the
 * highlighted span and each agent's row; uploads a CSV with the API key and asks about the new brand. Screenshots go to
 * {@code target/playground/}. Skipped, with a message, where Chromium is not installed.
 */
@CamelSpringBootTest
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PlaygroundBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target/playground");
    static final Path WORK;

    static {
        try {
            WORK = Files.createTempDirectory("mpi-playground-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("data.dir", () -> WORK.resolve("data").toString());
        registry.add("catalog.inbox", () -> WORK.resolve("inbox").toString());
        registry.add("routes.dir", () -> WORK.resolve("routes").toString());
        registry.add("security.api-key", () -> "playground-key");
    }

    static ChromeDriver browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium is not installed (apt-get install chromium chromium-driver; .ci/run does): skipped");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        // as root, on a machine without a display or the internet
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory(WORK, "chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @LocalServerPort
    int port;

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    private void screenshot(String name) throws IOException {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SHOTS.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private WebElement ask(String title) {
        browser.get("http://localhost:" + port + "/");
        WebElement titles = waiting().until(ExpectedConditions.elementToBeClickable(By.id("titles")));
        titles.clear();
        titles.sendKeys(title);
        browser.findElement(By.id("infer")).click();
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#results .answer")));
    }

    @Test
    void aThaiTitleIsAnsweredWithItsBrandSpanAndAgents() throws Exception {
        WebElement answer = ask("ยาสีฟันคอลเกต สูตรเกลือ 150 กรัม");
        assertThat(answer.findElement(By.cssSelector(".brand")).getText()).isEqualTo("Colgate");
        // the Thai alias the NER agent matched, highlighted in the title
        assertThat(answer.findElement(By.cssSelector(".title mark")).getText()).isEqualTo("คอลเกต");
        List<WebElement> agents = answer.findElements(By.cssSelector("table.agents tr[data-agent]"));
        assertThat(agents).extracting(row -> row.getAttribute("data-agent")).contains("ner", "rag");
        for (WebElement row : agents) {
            if (List.of("ner", "rag").contains(row.getAttribute("data-agent"))) {
                assertThat(row.findElement(By.cssSelector("td:nth-child(2)")).getText()).isEqualTo("ok");
                assertThat(row.findElement(By.cssSelector("td:nth-child(4)")).getText()).endsWith(" ms");
            }
        }
        assertThat(answer.getText()).contains("nearest catalogue products:");
        // the catalogue's figures beside it
        assertThat(browser.findElement(By.cssSelector("[data-stat=products]")).getText()).isEqualTo("215");
        screenshot("thai-title.png");
    }

    @Test
    void aCatalogueUploadedWithTheApiKeyIsUsedForTheNextTitle() throws Exception {
        Path csv = Files.writeString(WORK.resolve("upload.csv"), """
                product_name,brand
                Zorblax ผงซักฟอก สูตรเข้มข้น 900 กรัม,Zorblax
                Zorblax น้ำยาปรับผ้านุ่ม กลิ่นฟลอรัล 1.8 ลิตร,Zorblax
                Zorblax laundry detergent liquid 2.7L,Zorblax
                """);
        browser.get("http://localhost:" + port + "/");
        WebElement file = waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("catalog-file")));
        file.sendKeys(csv.toAbsolutePath().toString());
        browser.findElement(By.id("api-key")).sendKeys("wrong-key");
        browser.findElement(By.id("upload-button")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-report"), "401"));
        assertThat(browser.findElement(By.id("upload-report")).getText()).contains("unauthorized");

        browser.findElement(By.id("api-key")).clear();
        browser.findElement(By.id("api-key")).sendKeys("playground-key");
        browser.findElement(By.id("upload-button")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-report"), "\"accepted\""));
        assertThat(browser.findElement(By.id("upload-report")).getText()).contains("\"accepted\": 3");
        screenshot("upload.png");

        WebElement answer = ask("ผงซักฟอก Zorblax 2 กก.");
        assertThat(answer.findElement(By.cssSelector(".brand")).getText()).isEqualTo("Zorblax");
        screenshot("new-brand.png");
    }
}
