package twcheck.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import twcheck.cli.Main;
import twcheck.trace.TraceFile;

/**
 * The page in a real browser: Debian's headless Chromium, driven by Selenium through Debian's
 * chromedriver (named explicitly, so that Selenium Manager never tries to download one), against
 * a server this test starts. Without the two programs the test says so in one line and is
 * skipped; {@code .ci/run} installs them.
 *
 * <p>With {@code -Dtwcheck.screenshot=FILE} it also saves the page at the violation as a PNG
 * (docs/screenshot.sh makes the README's picture that way).
 */
class ExplorePageTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path downloads;

    private static ExploreServer server;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String missing = !Files.isExecutable(CHROMIUM) ? CHROMIUM.toString() : CHROMEDRIVER.toString();
            System.out.println("ExplorePageTest skipped: " + missing + " is missing (apt-get install chromium chromium-driver)");
            Assumptions.abort(missing + " is missing");
        }
        server = ExploreApiTest.start("models/no-time-wait.tw", List.of(), 5_000_000);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1500,1150", "--hide-scrollbars");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (server != null) server.close();
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    /** Does {@code action} and waits until the page has drawn the state it leads to. */
    private static void andWait(Runnable action) {
        String before = browser.findElement(By.tagName("body")).getAttribute("data-ready");
        action.run();
        waiting().until(b -> {
            String now = b.findElement(By.tagName("body")).getAttribute("data-ready");
            return now != null && !now.equals(before);
        });
    }

    private static void open(String url) {
        browser.get(url);
        waiting().until(b -> b.findElement(By.tagName("body")).getAttribute("data-ready") != null);
    }

    private static WebElement action(String token) {
        return browser.findElements(By.cssSelector("#actions button.action")).stream()
                .filter(b -> token.equals(b.getAttribute("data-token"))).findFirst()
                .orElseThrow(() -> new AssertionError("no button " + token));
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getDomProperty("textContent");
    }

    private static long chartSteps() {
        return browser.findElements(By.cssSelector("#chart svg text")).stream()
                .map(t -> t.getDomProperty("textContent")).filter(t -> t.matches("\\d+  .*")).count();
    }

    @Test
    void clickAKnownCounterexampleGoBackBranchReloadAndReplayTheDownload() throws Exception {
        open(server.url().toString());
        assertEquals("twcheck explore: no-time-wait", browser.getTitle());
        assertEquals(1, chartSteps(), "the initial state alone");

        List<String> path = ExploreApiTest.LAST_ACK_RESET;
        for (String token : path) andWait(() -> action(token).click());
        assertTrue(text("violations").contains("violates passive-close-clean"), text("status"));
        assertEquals(path.size() + 1, chartSteps(), "the chart has every step");
        assertEquals(path.size() + 1, browser.findElements(By.cssSelector("#path li")).size());
        assertTrue(text("chart").contains("passive-close-clean"));
        screenshot();

        andWait(() -> browser.findElement(By.id("back")).click());
        assertTrue(browser.getCurrentUrl().endsWith("&at=6"), browser.getCurrentUrl());
        assertTrue(browser.findElements(By.id("violations")).isEmpty(), text("status"));
        assertEquals("6", browser.findElement(By.cssSelector("#path li.current")).getAttribute("data-index"));
        assertTrue(action(path.get(6)).getAttribute("class").contains("next"), "the step ahead is marked");

        String branch = browser.findElements(By.cssSelector("#actions button.action")).stream()
                .map(b -> b.getAttribute("data-token")).filter(t -> !t.equals(path.get(6))).findFirst().orElseThrow();
        andWait(() -> action(branch).click());
        List<WebElement> steps = browser.findElements(By.cssSelector("#path li"));
        assertEquals(path.size() + 1, steps.size());
        assertTrue(steps.get(7).getDomProperty("textContent").startsWith(branch), steps.get(7).getText());
        assertFalse(browser.getCurrentUrl().contains("at="), browser.getCurrentUrl());
        String state = text("state");
        String shownPath = text("path");
        String actions = text("actions");

        browser.navigate().refresh();
        waiting().until(b -> b.findElement(By.tagName("body")).getAttribute("data-ready") != null);
        assertEquals(state, text("state"), "the address holds the state");
        assertEquals(shownPath, text("path"));
        assertEquals(actions, text("actions"));
        String address = browser.getCurrentUrl();
        open(address); // as a shared link, in a fresh load
        assertEquals(state, text("state"));

        browser.findElement(By.id("download")).click();
        Path file = waiting().until(b -> downloaded().orElse(null));
        TraceFile trace = TraceFile.read(file);
        assertEquals(8, trace.states().size());
        assertEquals(branch, trace.states().get(7).meta().action());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new String[] {"replay", file.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, exit, out + "" + err);
        assertTrue(out.toString().contains("all 7 steps are legal transitions"), out.toString());
        assertNotEquals(address, server.url().toString());
    }

    /** A finished download in the download folder (Chromium writes .crdownload files until then). */
    private static Optional<Path> downloaded() {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.filter(f -> f.toString().endsWith(".itf.json")).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void screenshot() throws IOException {
        String target = System.getProperty("twcheck.screenshot");
        if (target == null || target.isBlank()) return;
        Files.write(Path.of(target), browser.getScreenshotAs(OutputType.BYTES));
        System.out.println("ExplorePageTest: wrote " + new File(target).getAbsolutePath());
    }
}
