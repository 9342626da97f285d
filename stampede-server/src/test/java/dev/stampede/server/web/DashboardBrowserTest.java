package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The live dashboard in a real browser: Debian's headless Chromium, driven through its {@code chromedriver} by
 * Selenium, watches a small flash sale. Skipped, saying so, when Chromium or its driver is not installed; under {@code
 * CI=true} it fails instead ({@code .ci/run} installs both). Leaves {@code target/dashboard.png}.
 */
class DashboardBrowserTest extends ApiTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final int WAVES = 4;
    private static final int BUYERS_PER_WAVE = 50;

    @Test
    void theDashboardDrawsEveryChartAndFollowsAFlashSaleUntilNothingIsLeft() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if ("true".equals(System.getenv("CI"))) {
            assertThat(installed)
                    .as("CI needs Debian's chromium and chromium-driver")
                    .isTrue();
        }
        assumeTrue(installed, "Debian's chromium and chromium-driver are not installed: the browser test is skipped");

        String sale = newSku(WAVES * BUYERS_PER_WAVE, "batched");
        String locked = newSku(WAVES * 10, "pessimistic");
        String versioned = newSku(WAVES * 10, "optimistic");
        String adaptive = newSku(WAVES * BUYERS_PER_WAVE, "adaptive");
        ChromeDriver browser = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(DRIVER.toFile())
                        .usingAnyFreePort()
                        .build(),
                new ChromeOptions()
                        .setBinary(CHROMIUM.toFile())
                        .addArguments(
                                "--headless=new",
                                "--no-sandbox",
                                "--disable-dev-shm-usage",
                                "--window-size=1500,2000"));
        try (ExecutorService buyers = Executors.newVirtualThreadPerTaskExecutor()) {
            browser.get("http://127.0.0.1:" + port + "/dashboard");
            JavascriptExecutor page = browser;
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> ((Number) page.executeScript("return window.stampede.snapshots")).intValue() > 0);

            for (int wave = 1; wave <= WAVES; wave++) {
                List<Future<Reply>> answers = new ArrayList<>();
                for (int i = 0; i < BUYERS_PER_WAVE; i++) {
                    String buyer = "w" + wave + "-" + i;
                    answers.add(buyers.submit(() -> purchase(sale, buyer, 1)));
                    answers.add(buyers.submit(() -> purchase(adaptive, buyer, 1)));
                    if (i % 5 == 0) {
                        answers.add(buyers.submit(() -> purchase(locked, buyer, 1)));
                        answers.add(buyers.submit(() -> purchase(versioned, buyer, 1)));
                    }
                }
                for (Future<Reply> answer : answers) {
                    assertThat(answer.get().status()).isEqualTo(201);
                }
                int soldNow = wave * BUYERS_PER_WAVE;
                await().atMost(Duration.ofSeconds(30)).until(() -> shownSold(page, sale) == soldNow);
            }
            for (int i = 0; i < 20; i++) {
                String buyer = "late-" + i;
                buyers.submit(() -> purchase(sale, buyer, 1));
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> remainingLine(page, sale).getLast() == 0);

            List<Long> remaining = remainingLine(page, sale);
            assertThat(remaining.stream().distinct()).hasSizeGreaterThanOrEqualTo(WAVES);
            for (int i = 1; i < remaining.size(); i++) {
                assertThat(remaining.get(i)).as("remaining units never grow").isLessThanOrEqualTo(remaining.get(i - 1));
            }
            var remainingCell = browser.findElement(By.xpath("//table[@id='skus']//tr[td[1]='" + sale + "']/td[4]"));
            assertThat(remainingCell.getText()).isEqualTo("0");
            assertThat(remainingCell.getAttribute("class")).isEqualTo("zero");
            for (String chart : List.of("remaining", "sales", "purchases", "lockwait", "conflicts", "attempts")) {
                assertThat(browser.findElements(By.cssSelector("#" + chart + " .uplot canvas")))
                        .as("the chart %s is drawn", chart)
                        .isNotEmpty();
            }
            // The herd on the adaptive SKU escalated it: the mode-switch chart shows it.
            await().atMost(Duration.ofSeconds(30)).until(() -> highest(page, "adaptive", "escalate") > 0);
            assertThat(browser.findElements(By.cssSelector("#adaptive .uplot canvas")))
                    .isNotEmpty();
            assertThat(browser.findElement(By.id("admission")).getText()).isEqualTo("not running");
            assertThat(browser.findElement(By.id("status")).getText()).startsWith("live");

            Path screenshot = Path.of("target", "dashboard.png");
            Files.copy(
                    browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.size(screenshot)).isPositive();
        } finally {
            browser.quit();
        }
    }

    /** The units sold the page shows for the SKU (-1 while it shows no row for it). */
    private static long shownSold(JavascriptExecutor page, String sku) {
        Object sold = page.executeScript(
                "const row = (window.stampede.last?.skus || []).find(r => r.id === arguments[0]);"
                        + " return row ? row.sold : -1;",
                sku);
        return ((Number) sold).longValue();
    }

    /** The highest point of a series of a chart over time (0 while it has none). */
    private static double highest(JavascriptExecutor page, String chart, String series) {
        Object highest = page.executeScript(
                "return Math.max(0, ...(window.stampede.charts[arguments[0]].columns.get(arguments[1]) || [])"
                        + ".filter(v => v != null))",
                chart,
                series);
        return ((Number) highest).doubleValue();
    }

    /** The points of the SKU's line in the remaining-stock chart, oldest first, without the gaps before it appeared. */
    @SuppressWarnings("unchecked")
    private static List<Long> remainingLine(JavascriptExecutor page, String sku) throws IOException {
        List<Object> points = (List<Object>) page.executeScript(
                "return Array.from(window.stampede.charts.remaining.columns.get(arguments[0]) || [])", sku);
        return points.stream()
                .filter(Objects::nonNull)
                .map(point -> ((Number) point).longValue())
                .toList();
    }
}
