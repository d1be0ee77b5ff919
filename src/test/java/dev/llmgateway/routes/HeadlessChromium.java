package dev.llmgateway.routes;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} and {@code chromium-driver}, headless, for the pages' browser tests (never
 * Selenium Manager, which would download a browser). A test that needs it is skipped when they are
 * not installed, except on CI ({@code CI=true}), where {@code .ci/run} installs them.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private ChromeDriver browser;
    private Path profile;

    /** The browser, started on first use. */
    ChromeDriver get() throws IOException {
        if (browser == null) {
            boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
            if (!installed && "true".equals(System.getenv("CI"))) {
                fail("/usr/bin/chromium or /usr/bin/chromedriver is missing: .ci/run installs them (chromium, chromium-driver)");
            }
            assumeTrue(installed, "Debian's chromium and chromium-driver are not installed");
            profile = Files.createTempDirectory("gateway-chromium");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--window-size=1280,900", "--user-data-dir=" + profile);
            browser = new ChromeDriver(service, options);
        }
        return browser;
    }

    boolean started() {
        return browser != null;
    }

    @Override
    public void close() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
            }
        }
    }
}
