package dev.attune.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.schema.EventKind;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.testkit.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The explorer page in headless Chromium (Debian's chromium + chromedriver) against one real
 * instance: look a user up, see interests and recommendations, then a new click arrives and the
 * page shows it without a reload.
 */
class ExplorerPageBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOT = Path.of("target", "explorer-page.png");

    @TempDir
    Path tmp;
    private AppInstance app;
    private TestEvents events;
    private WebDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
        if (events != null) {
            events.close();
        }
    }

    @Test
    void shouldShowInterestsAndRecommendationsAndFollowANewClickWithoutReloading() throws Exception {
        // Fails rather than skips: .ci/run installs both, and a skipped browser test would hide a broken page.
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver, as .ci/run does)")
                .isTrue();
        // Given one instance and a user who clicked three items of cluster 0
        Map<String, Object> config = configWithTopics();
        events.sendCatalogue((String) config.get(StreamsAppConfig.TOPIC_ITEM_VECTORS));
        app = AppInstance.start(config, tmp.resolve("state"));
        String clicks = (String) config.get(StreamsAppConfig.TOPIC_CLICKS);
        Instant start = Instant.now().minusSeconds(300);
        for (int k = 0; k < 3; k++) {
            events.click(clicks, "alice", TestEvents.itemId(0, k), EventKind.CLICK, start.plusSeconds(k));
        }
        InteractiveQueriesIT.await("alice's first list", () ->
                InteractiveQueriesIT.get(app, "/users/alice/recommendations").statusCode() == 200);

        // When a person looks alice up
        browser = chromium();
        browser.get(app.baseUrl() + "/");
        ((JavascriptExecutor) browser).executeScript("window.__sameDocument = 'yes';");
        browser.findElement(By.id("user-id")).sendKeys("alice");
        browser.findElement(By.id("lookup")).click();

        // Then the page shows her interest and her recommendations, grouped by interest
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(b -> !b.findElements(By.cssSelector("#interests li.interest")).isEmpty()
                && !b.findElements(By.cssSelector("#recommendations .rec-item")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#interests li.interest"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#recommendations .group"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#map circle"))).hasSize(1);
        String firstClock = browser.findElement(By.id("interests")).getAttribute("data-clock");

        // When a like on an item of another cluster arrives
        String newItem = TestEvents.itemId(2, 5);
        events.like(clicks, "alice", newItem, start.plusSeconds(60));

        // Then, without a reload, the page shows it: in recent interactions, as a second interest, with a new clock
        wait.until(b -> b.findElement(By.id("recent")).getText().contains(newItem)
                && b.findElements(By.cssSelector("#interests li.interest")).size() == 2);
        assertThat(browser.findElement(By.id("interests")).getAttribute("data-clock")).isNotEqualTo(firstClock);
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__sameDocument;")).isEqualTo("yes");
        wait.until(b -> b.findElements(By.cssSelector("#recommendations .group")).size() == 2);
        List<String> labels = browser.findElements(By.cssSelector("#interests li.interest .label")).stream()
                .map(e -> e.getText()).toList();
        assertThat(labels).hasSize(2).doesNotContainNull();
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private Map<String, Object> configWithTopics() throws Exception {
        String bootstrap = TestKafka.bootstrapServers();
        String suffix = TestKafka.unique("page");
        Map<String, Object> config = new HashMap<>();
        config.put(StreamsAppConfig.BOOTSTRAP_SERVERS, bootstrap);
        config.put(StreamsAppConfig.APPLICATION_ID, "app-" + suffix);
        config.put(StreamsAppConfig.SCHEMA_REGISTRY_URL, "mock://" + suffix);
        config.put(StreamsAppConfig.VECTOR_MODEL, TestEvents.MODEL);
        config.put(StreamsAppConfig.VECTOR_DIMENSION, TestEvents.DIMENSION);
        config.put(StreamsAppConfig.REFRESH_INTERVAL_MS, 200L);
        config.put(StreamsAppConfig.NUM_STANDBY_REPLICAS, 0);
        Map<String, Integer> topics = new HashMap<>();
        for (String key : List.of(StreamsAppConfig.TOPIC_CLICKS, StreamsAppConfig.TOPIC_QUERY_VECTORS,
                StreamsAppConfig.TOPIC_ITEM_VECTORS, StreamsAppConfig.TOPIC_TERM_VECTORS, StreamsAppConfig.TOPIC_RECOMMENDATIONS,
                StreamsAppConfig.TOPIC_EXPLANATION_REQUESTS, StreamsAppConfig.TOPIC_DEAD_LETTER)) {
            String name = key.replace('.', '-') + "-" + suffix;
            config.put(key, name);
            topics.put(name, 1);
        }
        TestEvents.createTopics(bootstrap, topics);
        events = new TestEvents(bootstrap, "mock://" + suffix);
        return config;
    }

    private WebDriver chromium() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
