package dev.convo.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;

/**
 * A real browser for the web client's tests: the system's Chromium (Debian's package, which {@code .ci/run}
 * installs), driven by Playwright for Java with its browser download turned off. One browser serves the whole test
 * run; each test gets its own context (cookies, storage), so tests never see each other's sign-ins.
 */
public final class Browser {

    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable");
    private static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage");
    /** Where screenshots of the main screens are kept (a CI artifact; one is the README's). */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static Playwright playwright;
    private static com.microsoft.playwright.Browser browser;

    private Browser() {
    }

    /** The system's Chromium: CHROMIUM_PATH, else the usual places; a clear failure when there is none. */
    static Path chromium() {
        Optional<String> configured = Optional.ofNullable(System.getenv("CHROMIUM_PATH")).filter(path -> !path.isBlank());
        return configured.or(() -> CANDIDATES.stream().filter(path -> Files.isExecutable(Path.of(path))).findFirst())
                .map(Path::of)
                .orElseThrow(() -> new IllegalStateException("The web client's tests need Chromium: install it "
                        + "(Debian/Ubuntu: apt-get install chromium; .ci/run does) or set CHROMIUM_PATH."));
    }

    private static synchronized com.microsoft.playwright.Browser browser() {
        if (browser == null) {
            playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(chromium()).setArgs(ARGS));
            Runtime.getRuntime().addShutdownHook(new Thread(playwright::close));
            // a streamed reply of the tests takes a few seconds, more on a loaded CI machine
            PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
        }
        return browser;
    }

    /** A fresh browser context (its own storage) with the options given, and a page that records its errors. */
    public static Tab open(com.microsoft.playwright.Browser.NewContextOptions options) {
        BrowserContext context = browser().newContext(options.setAcceptDownloads(true));
        context.setDefaultTimeout(15_000);
        return new Tab(context, context.newPage());
    }

    /** A desktop-sized tab. */
    public static Tab open() {
        return open(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1280, 800));
    }

    /**
     * One page under test, with what went wrong in it: uncaught script errors, and the console's reports of the
     * Content-Security-Policy or trusted types refusing something (the page is written never to need that).
     */
    public static final class Tab implements AutoCloseable {

        public final BrowserContext context;
        public final Page page;
        private final List<String> errors = new CopyOnWriteArrayList<>();

        Tab(BrowserContext context, Page page) {
            this.context = context;
            this.page = page;
            page.onPageError(error -> errors.add("uncaught: " + error));
            page.onConsoleMessage(message -> {
                String text = message.text();
                if (text.contains("Content Security Policy") || text.contains("Trusted Type")
                        || text.contains("TrustedHTML")) {
                    errors.add("refused: " + text);
                }
            });
        }

        /** What went wrong in the page so far. */
        public List<String> errors() {
            return List.copyOf(errors);
        }

        /** Keeps a screenshot of the page as {@code target/screenshots/<name>.png}. */
        public void screenshot(String name) {
            try {
                Files.createDirectories(SCREENSHOTS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
        }

        @Override
        public void close() {
            context.close();
        }
    }
}
