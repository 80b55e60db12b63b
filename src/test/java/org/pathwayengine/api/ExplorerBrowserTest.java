package org.pathwayengine.api;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The explorer in a real browser (Debian's headless Chromium through its chromedriver): a user signs in with a
 * token, evaluates the example learner and sees on the diagram an eligible qualification and a next step. The
 * screenshots land in target/ (explorer.png, explorer-form.png, explorer-phone.png); the README's is a copy of the
 * first.
 */
@QuarkusTest
class ExplorerBrowserTest {

    /** Set to {@code required} (as .ci/run does) to fail rather than skip when the browser is missing. */
    static final String REQUIRED = "PATHWAYS_BROWSER_TESTS";
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("PATHWAYS_CHROMIUM", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getenv().getOrDefault("PATHWAYS_CHROMEDRIVER",
            "/usr/bin/chromedriver"));
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(60);

    @TestHTTPResource("/explore")
    URL explore;

    private ChromeDriver browser;
    private Path profile;

    @BeforeEach
    void start() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        String missing = "headless Chromium is not installed (" + CHROMIUM + ", " + DRIVER + "): apt-get install -y"
                + " chromium chromium-driver";
        if (!present && "required".equals(System.getenv(REQUIRED))) {
            fail(missing + "; " + REQUIRED + "=required");
        }
        Assumptions.assumeTrue(present, missing + " to run the explorer's browser tests");

        profile = Files.createTempDirectory("explorer-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Without these, Chromium waits on network calls (updates, sync, QUIC probes) that the machine blocks.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,900",
                "--force-device-scale-factor=1", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void the_example_learner_is_eligible_for_a_qualification_with_a_next_step_on_the_diagram() throws IOException {
        browser.get(explore.toString());
        assertThat(browser.getTitle()).startsWith("Pathway explorer");
        assertEveryFieldIsLabelled();

        signIn(AccessControlTest.token(Roles.LMS));
        WebDriverWait wait = new WebDriverWait(browser, ANSWER_WITHIN);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#qualifications .qualification")));
        assertThat(browser.findElement(By.id("impact")).isDisplayed()).as("impact preview without curriculum role")
                .isFalse();

        WebElement request = browser.findElement(By.id("request"));
        request.sendKeys(Files.readString(Path.of("openapi/examples/evaluation-request.json")));
        // By keyboard, as someone who cannot use a mouse would: the next stop after the learner is Evaluate.
        request.sendKeys(Keys.TAB);
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("evaluate");
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#answer")));
        script("window.scrollTo(0, 0)");
        screenshot("explorer-form.png");

        WebElement eligible = browser.findElement(By.cssSelector(".qualification.q-ELIGIBLE"));
        assertThat(eligible.findElement(By.cssSelector(".verdict")).getText()).contains("✔ Eligible");
        assertThat(eligible.findElements(By.cssSelector(".node.met"))).isNotEmpty();
        assertThat(browser.findElement(By.id("announce")).getText()).containsPattern("Evaluated: [1-9]\\d* eligible");

        List<WebElement> plans = browser.findElements(By.cssSelector("#next-steps > li.plan"));
        assertThat(plans).as("next-step plans").isNotEmpty();
        List<WebElement> highlighted = browser.findElements(By.cssSelector(".node.next"));
        assertThat(highlighted).as("next steps highlighted on a diagram").isNotEmpty();
        WebElement step = highlighted.get(0);
        assertThat(step.getText()).contains("➜ Next step");
        assertThat(browser.findElements(By.cssSelector(".node.unmet .missing"))).as("what is missing").isNotEmpty();
        assertThat((List<?>) script(LOW_CONTRAST)).as("text below WCAG AA contrast").isEmpty();

        // The README's picture: the first pathway with a next step on it, as a laptop shows it.
        browser.manage().window().setSize(new Dimension(1280, 1300));
        script("arguments[0].closest('.qualification').scrollIntoView({block: 'start'})", step);
        screenshot("explorer.png");
        browser.manage().window().setSize(new Dimension(390, 844));
        scrollTo(step);
        assertThat(((Number) script("return document.documentElement.scrollWidth - window.innerWidth")).intValue())
                .as("no sideways scrolling at phone width").isLessThanOrEqualTo(0);
        screenshot("explorer-phone.png");

        // The first plan, tried as a what-if, completes its qualification on the diagram.
        WebElement tryFirst = browser.findElement(By.cssSelector("#next-steps > li.plan .try-plan"));
        String planned = tryFirst.getAttribute("data-qualification");
        assertThat(browser.findElement(By.id("q-" + planned)).getAttribute("class")).doesNotContain("q-ELIGIBLE");
        tryFirst.click();
        // Each answer redraws the cards, so the card is found afresh on every look.
        String verdict = wait.ignoring(StaleElementReferenceException.class).until(d -> {
            String text = d.findElement(By.cssSelector("#q-" + planned + " .verdict")).getText();
            return text.contains("what-if") ? text : null;
        });
        assertThat(verdict).contains("✔ Eligible");
        assertThat(browser.findElement(By.id("q-" + planned)).getAttribute("class")).contains("q-ELIGIBLE");
        assertThat(browser.findElement(By.id("request")).getAttribute("value")).contains("\"hypothetical\"");
    }

    @Test
    void a_curriculum_token_previews_the_impact_of_the_rules_directory() {
        browser.get(explore.toString());
        signIn(AccessControlTest.token(Roles.CURRICULUM));
        WebElement recorded = browser.findElement(By.id("recorded"));
        new WebDriverWait(browser, ANSWER_WITHIN).until(ExpectedConditions.visibilityOf(recorded));
        recorded.clear();
        recorded.sendKeys("0");
        browser.findElement(By.id("preview-impact")).click();

        new WebDriverWait(browser, ANSWER_WITHIN).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("impact-report"), "learners evaluated on both"));
        assertThat(browser.findElement(By.id("impact-report")).getText())
                .contains("the directory is the version being served").contains("No qualification's status moves.");
    }

    /**
     * Every visible piece of text whose contrast with the background it is drawn on is below WCAG 2 AA (4.5:1, or
     * 3:1 for large text), by the WCAG formula for relative luminance; disabled buttons are exempt, as in WCAG.
     */
    private static final String LOW_CONTRAST = """
            const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
            const luminance = css => {
              const [r, g, b] = css.match(/[\\d.]+/g).slice(0, 3).map(Number).map(channel);
              return 0.2126 * r + 0.7152 * g + 0.0722 * b;
            };
            const background = e => {
              for (; e; e = e.parentElement) {
                const c = getComputedStyle(e).backgroundColor, parts = c.match(/[\\d.]+/g);
                if (parts && (parts.length < 4 || Number(parts[3]) > 0)) return c;
              }
              return 'rgb(255, 255, 255)';
            };
            const low = [];
            for (const e of document.querySelectorAll('body *')) {
              const text = [...e.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
              if (!text || e.disabled || e.getClientRects().length === 0) continue;
              const style = getComputedStyle(e), size = parseFloat(style.fontSize);
              const a = luminance(style.color), b = luminance(background(e));
              const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
              const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
              if (ratio < (large ? 3 : 4.5)) {
                low.push(e.tagName + '.' + e.className + ' "' + e.textContent.trim().slice(0, 40) + '": '
                    + ratio.toFixed(2));
              }
            }
            return low;
            """;

    private void signIn(String token) {
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("use-token")).click();
    }

    /** A screen reader names each field by its label; one without would be read as "edit text". */
    private void assertEveryFieldIsLabelled() {
        Object unlabelled = script("return [...document.querySelectorAll('input, textarea, select')]"
                + ".filter(f => f.labels.length === 0).map(f => f.id || f.name)");
        assertThat((List<?>) unlabelled).as("fields without a label").isEmpty();
    }

    private void scrollTo(WebElement element) {
        script("arguments[0].scrollIntoView({block: 'start'})", element);
    }

    private Object script(String code, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(code, arguments);
    }

    private void screenshot(String name) throws IOException {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), target,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
