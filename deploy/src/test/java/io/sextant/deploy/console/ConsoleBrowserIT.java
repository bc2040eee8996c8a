package io.sextant.deploy.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.FaultKind;
import io.sextant.deploy.demo.Demo;
import io.sextant.common.security.ApiTokens;
import io.sextant.sim.CloudSpec;
import io.sextant.sim.Fault;
import io.sextant.sim.SimulatedCloud;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import io.sextant.testkit.peer.Peers;
import io.sextant.testkit.postgres.SharedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The built-in console in a real browser (Debian's Chromium, headless, driven by its chromedriver)
 * against the demo's centre serving after its schedule, the central runbooks held for approval:
 * an operator logs in with the printed token, sees a posted alarm appear without a reload, its
 * {@code <script>} label shown as text and never run, acknowledges an alarm, finds the located
 * lossy link red on the map, approves the held reroute and sees the rerouted path, and charts a
 * site's KPI with its detections; a viewer then sees no button that acts. One demo run and one
 * browser session; each page's screenshot goes to {@code target/console/} (and to
 * {@code docs/console/} with {@code -Dconsole.screenshots.update=true}).
 */
class ConsoleBrowserIT {
  static final long SEED = 7;
  static final int SITES = 2;
  static final Duration PAGE = Duration.ofSeconds(20);
  /** The console refreshes every 3 s; the issue allows 5. */
  static final Duration UPDATES_WITHIN = Duration.ofSeconds(5);
  static final String SCRIPT_LABEL = "<script>window.sextantInjected=1</script>";
  static final String IMG_PROBLEM = "<img src=x onerror=\"window.sextantInjected=2\">";

  final HttpClient http = HttpClient.newHttpClient();
  String base;
  String admin;

  @Test
  void anOperatorWorksTheNocFromTheConsoleAndAViewerOnlyReads(@TempDir Path profile) throws Exception {
    Path chromium = Peers.require(Path.of("/usr/bin/chromium"), "chromium");
    Path chromedriver = Peers.require(Path.of("/usr/bin/chromedriver"), "chromium-driver");
    CloudSpec spec = CloudSpec.defaults().withSeed(SEED).withEdgeSites(SITES);
    SimulatedCloud truth = SimulatedCloud.withDefaultFaults(spec);
    String lossyLink = target(truth, FaultKind.LINK_LOSS).replaceFirst("^link:", "");
    String cpuService = target(truth, FaultKind.CPU_SATURATION);
    String cpuSite = cpuService.substring(cpuService.indexOf(':') + 1, cpuService.indexOf('/'));

    admin = ApiTokens.newToken();
    String viewer = ApiTokens.newToken();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    AtomicBoolean serving = new AtomicBoolean(true);
    try (PostgresStore store = Stores.open(StoreConfig.external(SharedPostgres.fresh("consoleit").jdbcUrl(),
        SharedPostgres.USER, null))) {
      Thread demo = new Thread(() -> Demo.run(new Demo.Options(SEED, SITES, 0, Demo.Options.DEFAULT_WARMUP, true,
          new InetSocketAddress("127.0.0.1", 0), admin, null, viewer, true), store,
          new PrintStream(captured, true, StandardCharsets.UTF_8), serving::get), "demo-serve");
      demo.start();
      WebDriver browser = null;
      long t0 = System.nanoTime();
      try {
        Awaitility.await().atMost(Duration.ofMinutes(4)).until(() -> captured.toString(StandardCharsets.UTF_8)
            .contains(Demo.SERVING));
        System.out.printf("demo serving after %.1f s%n", (System.nanoTime() - t0) / 1e9);
        String text = captured.toString(StandardCharsets.UTF_8);
        base = text.substring(text.indexOf(Demo.SERVING) + Demo.SERVING.length()).strip().split("\\s")[0];
        assertThat(text).contains(admin, viewer, "await approval");
        browser = chromium(chromium, chromedriver, profile);
        operatorSession(browser, lossyLink, cpuSite);
        viewerSession(browser, viewer);
        System.out.printf("browser checks done after %.1f s%n", (System.nanoTime() - t0) / 1e9);
      } finally {
        if (browser != null) {
          browser.quit();
        }
        serving.set(false);
        demo.join(60_000);
      }
      assertThat(demo.isAlive()).isFalse();
    }
  }

  void operatorSession(WebDriver b, String lossyLink, String cpuSite) throws Exception {
    b.get(base);
    login(b, admin);
    assertThat(b.findElement(By.id("who")).getText()).contains("demo-admin", "admin");
    rows(b);

    // A posted alert shows up without a reload, its markup as text.
    postAlert();
    String alarmId = wait(b, UPDATES_WITHIN).ignoring(StaleElementReferenceException.class).until(d -> d
        .findElements(By.cssSelector("#alarm-table td.resource")).stream().filter(td -> td.getText().startsWith(SCRIPT_LABEL))
        .map(td -> td.findElement(By.xpath("..")).getAttribute("data-alarm")).findFirst().orElse(null));
    assertThat(text(b, "tr[data-alarm='" + alarmId + "'] td.problem")).contains(IMG_PROBLEM);
    assertThat(((JavascriptExecutor) b).executeScript("return window.sextantInjected === undefined")).isEqualTo(true);
    assertThat(b.findElements(By.cssSelector("#alarm-table script, #alarm-table img"))).isEmpty();

    // Acknowledge the injected alarm: the row and the API say so.
    click(b, "tr[data-alarm='" + alarmId + "'] button.ack");
    wait(b, PAGE).until(d -> "acknowledged".equals(text(d, "tr[data-alarm='" + alarmId + "'] td.ack")));
    assertThat(api("/tmf-api/alarmManagement/v4/alarm/" + alarmId).get("ackState").asText()).isEqualTo("acknowledged");

    // Comment on it, then mark it as a false alarm (a training label), each through the note form.
    note(b, alarmId, "button.comment", "checked from the console");
    wait(b, PAGE).until(d -> "1".equals(text(d, "tr[data-alarm='" + alarmId + "'] td.comments")));
    assertThat(api("/tmf-api/alarmManagement/v4/alarm/" + alarmId).get("comment").toString())
        .contains("checked from the console", "demo-admin");
    note(b, alarmId, "button.false-alarm", "a test alert");
    wait(b, PAGE).until(d -> d.findElement(By.id("notice")).getText().contains("false alarm"));
    assertThat(b.findElement(By.id("notice")).getText()).contains("NORMAL label", SCRIPT_LABEL);
    assertThat(b.findElement(By.id("error")).getText()).isEmpty();
    screenshot(b, "alarms");

    // The located lossy link is red on the map.
    tab(b, "topology");
    String lossy = "line[data-link='" + lossyLink + "']";
    wait(b, PAGE).ignoring(StaleElementReferenceException.class).until(d -> d.findElement(By.cssSelector(lossy))
        .getAttribute("data-state").equals("LOSSY") && d.findElement(By.cssSelector(lossy)).getCssValue("stroke")
        .equals("rgb(207, 34, 46)"));
    assertThat(b.findElement(By.id("topology-notes")).getText()).contains("link " + lossyLink, "LOSSY");
    screenshot(b, "topology-lossy");

    // Its reroute waits for approval: approve it in the Actions tab.
    tab(b, "actions");
    String actionId = wait(b, PAGE).ignoring(StaleElementReferenceException.class).until(d -> d.findElements(
        By.cssSelector("#pending .action.pending")).stream().filter(a -> a.getText().contains("REROUTE link:" + lossyLink))
        .map(a -> a.getAttribute("data-action")).findFirst().orElse(null));
    screenshot(b, "actions");
    // The other held action (the GPU node's migration) stays pending, for the viewer to see below.
    click(b, "#pending [data-action='" + actionId + "'] button.approve");
    wait(b, PAGE).until(d -> d.findElements(By.cssSelector("#pending [data-action='" + actionId + "']")).isEmpty());
    JsonNode approved = api("/api/v1/actions/" + actionId);
    assertThat(approved.get("pending").asBoolean()).isFalse();
    assertThat(approved.get("steps").toString()).contains("approved by demo-admin");
    assertThat(approved.get("state").asText()).isIn("APPLIED", "VERIFIED");

    // The map shows the link rerouted around and the moved paths on their new routes.
    tab(b, "topology");
    wait(b, PAGE).ignoring(StaleElementReferenceException.class).until(d -> "REROUTED".equals(
        d.findElement(By.cssSelector(lossy)).getAttribute("data-state")));
    assertThat(b.findElements(By.cssSelector("polyline.path-rerouted"))).isNotEmpty();
    assertThat(b.findElement(By.id("topology-notes")).getText()).contains("rerouted", "usually");
    screenshot(b, "topology-rerouted");

    // The CPU fault's site: its KPI chart with the detections that fired on it.
    tab(b, "kpis");
    // The tab redraws its selects as new series arrive: a read or a pick that meets a redrawn one is tried again.
    wait(b, PAGE).ignoring(StaleElementReferenceException.class)
        .until(d -> !new Select(d.findElement(By.id("kpi-site"))).getOptions().isEmpty());
    select(b, "kpi-minutes", "60");
    select(b, "kpi-site", cpuSite);
    wait(b, PAGE).ignoring(StaleElementReferenceException.class)
        .until(d -> new Select(d.findElement(By.id("kpi-metric"))).getOptions().stream()
            .anyMatch(o -> o.getText().equals("service_cpu_utilization")));
    select(b, "kpi-metric", "service_cpu_utilization");
    wait(b, PAGE).until(d -> !d.findElements(By.cssSelector("svg.chart circle.detection-firing")).isEmpty());
    assertThat(b.findElements(By.cssSelector("svg.chart polyline.series"))).isNotEmpty();
    assertThat(b.findElement(By.id("kpi-detections")).getText()).contains("FIRING");
    screenshot(b, "kpis");
  }

  void viewerSession(WebDriver b, String viewer) {
    b.findElement(By.id("logout")).click();
    login(b, viewer);
    assertThat(b.findElement(By.id("who")).getText()).contains("demo-viewer", "viewer");
    assertThat(rows(b)).isNotEmpty();
    assertThat(visibleButtons(b)).as("a viewer's alarm list").isEmpty();
    tab(b, "actions");
    wait(b, PAGE).until(d -> !d.findElements(By.cssSelector("#pending .action.pending")).isEmpty());
    assertThat(visibleButtons(b)).as("a viewer's actions, one awaiting approval").isEmpty();
  }

  /**
   * Clicks what the selector finds, looked up afresh: the page redraws its lists every few
   * seconds, so an element found earlier may have been replaced.
   */
  static void click(WebDriver b, String css) {
    wait(b, PAGE).until(d -> {
      try {
        d.findElement(By.cssSelector(css)).click();
        return true;
      } catch (StaleElementReferenceException | NoSuchElementException e) {
        return false;
      }
    });
  }

  static String text(WebDriver b, String css) {
    return wait(b, PAGE).until(d -> {
      try {
        return d.findElement(By.cssSelector(css)).getText();
      } catch (StaleElementReferenceException e) {
        return null;
      }
    });
  }

  static void note(WebDriver b, String alarmId, String button, String text) {
    click(b, "tr[data-alarm='" + alarmId + "'] " + button);
    WebElement field = wait(b, PAGE).until(d -> d.findElement(By.id("alarm-note-text")).isDisplayed()
        ? d.findElement(By.id("alarm-note-text")) : null);
    field.sendKeys(text);
    b.findElement(By.cssSelector("#alarm-note button[type=submit]")).click();
  }

  /** The buttons shown in the page below its header (logging out is not acting). */
  static List<String> visibleButtons(WebDriver b) {
    return b.findElements(By.cssSelector("#app button")).stream().filter(WebElement::isDisplayed)
        .map(WebElement::getText).toList();
  }

  static void login(WebDriver b, String token) {
    WebElement field = wait(b, PAGE).until(d -> d.findElement(By.id("token")).isDisplayed() ? d.findElement(By.id("token"))
        : null);
    field.sendKeys(token);
    b.findElement(By.cssSelector("#login-form button")).click();
    wait(b, PAGE).until(d -> d.findElement(By.id("app")).isDisplayed());
  }

  static void tab(WebDriver b, String name) {
    b.findElement(By.cssSelector("#tabs a[data-tab='" + name + "']")).click();
    wait(b, PAGE).until(d -> d.findElement(By.id("tab-" + name)).isDisplayed());
  }

  static List<WebElement> rows(WebDriver b) {
    tab(b, "alarms");
    return wait(b, PAGE).until(d -> {
      List<WebElement> r = d.findElements(By.cssSelector("#alarm-table tbody tr"));
      return r.isEmpty() ? null : r;
    });
  }

  static void select(WebDriver b, String id, String value) {
    wait(b, PAGE).ignoring(StaleElementReferenceException.class).until(d -> {
      new Select(d.findElement(By.id(id))).selectByValue(value);
      return true;
    });
  }

  static WebDriverWait wait(WebDriver b, Duration d) {
    return new WebDriverWait(b, d, Duration.ofMillis(200));
  }

  void postAlert() throws IOException, InterruptedException {
    String body = JsonCodec.get().mapper().writeValueAsString(List.of(java.util.Map.of(
        "labels", java.util.Map.of("alertname", "ConsoleEscapeCheck", "instance", SCRIPT_LABEL, "severity", "major"),
        "annotations", java.util.Map.of("summary", IMG_PROBLEM))));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "api/v2/alerts"))
        .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  JsonNode api(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path.substring(1)))
        .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JsonCodec.get().mapper().readTree(r.body());
  }

  static String target(SimulatedCloud cloud, FaultKind kind) {
    return cloud.schedule().faults().stream().filter(f -> f.kind() == kind).map(Fault::target).findFirst()
        .orElseThrow();
  }

  static WebDriver chromium(Path chromium, Path chromedriver, Path profile) {
    ChromeOptions o = new ChromeOptions();
    o.setBinary(chromium.toFile());
    o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=1280,900");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
        .usingAnyFreePort().build();
    return new ChromeDriver(service, o);
  }

  /** Into target/console/, and into docs/console/ when asked to refresh the documentation's pictures. */
  static void screenshot(WebDriver b, String name) throws IOException {
    ((JavascriptExecutor) b).executeScript("window.scrollTo(0, 0)");
    Path shot = ((TakesScreenshot) b).getScreenshotAs(OutputType.FILE).toPath();
    Path out = Path.of("target", "console", name + ".png");
    Files.createDirectories(out.getParent());
    Files.copy(shot, out, StandardCopyOption.REPLACE_EXISTING);
    if (Boolean.getBoolean("console.screenshots.update")) {
      Path docs = Path.of(System.getProperty("sextant.docs", "../docs"), "console", name + ".png");
      Files.createDirectories(docs.getParent());
      Files.copy(shot, docs, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
