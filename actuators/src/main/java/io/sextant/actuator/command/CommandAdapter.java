package io.sextant.actuator.command;

import io.sextant.actuator.Adapter;
import io.sextant.actuator.CallLog;
import io.sextant.actuator.Counters;
import io.sextant.common.action.ActionResult;
import io.sextant.common.model.Action;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs allow-listed commands. Arguments are filled from the action and passed as separate
 * arguments (no shell), and each filled value must be plain ({@link #SAFE}): a parameter cannot
 * smuggle an option or a path walk in. A command that outlives its timeout is killed and failed as
 * retryable; a non-zero exit is a failure the command's owner must look at (not retried). The
 * first {@link #MAX_OUTPUT} bytes of its output go into the audit.
 */
public final class CommandAdapter implements Adapter {
  /** Values an argument may be filled with: letters, digits and {@code _ . @ : = / -}, no leading dash, no {@code ..}. */
  public static final Pattern SAFE = Pattern.compile("(?!-)(?!.*\\.\\.)[A-Za-z0-9_.@:=/+-]{1,256}");
  static final int MAX_OUTPUT = 4096;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");

  private final Map<String, CommandSpec> allow;
  private final Duration timeout;
  private final CallLog log;
  private final Counters counters;

  public CommandAdapter(Map<String, CommandSpec> allow, Duration timeout, CallLog log, Counters counters) {
    this.allow = Map.copyOf(allow);
    this.timeout = timeout;
    this.log = log;
    this.counters = counters;
  }

  public boolean allows(String name) {
    return allow.containsKey(name);
  }

  @Override
  public ActionResult apply(Action action, String name) {
    CommandSpec spec = allow.get(name);
    if (spec == null) {
      counters.count("command_not_allowed");
      return ActionResult.failed("command '" + name + "' is not on the allow-list (actuators.commands.allow)", false);
    }
    return run(action, name, spec.run(), "run");
  }

  @Override
  public ActionResult undo(Action action, String name) {
    CommandSpec spec = allow.get(name);
    if (spec == null || spec.undo().isEmpty()) {
      return ActionResult.failed("command '" + name + "' has no undo: a person must undo it", false);
    }
    return run(action, name, spec.undo(), "undo");
  }

  private ActionResult run(Action action, String name, List<String> template, String op) {
    List<String> argv;
    try {
      argv = fill(template, action);
    } catch (IllegalArgumentException e) {
      counters.count("command_bad_argument");
      log.record(action, "command " + name + " " + op, "refused: " + e.getMessage());
      return ActionResult.failed("command " + name + ": " + e.getMessage(), false);
    }
    String call = "command " + name + " " + op;
    Process p;
    try {
      p = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
      p.getOutputStream().close();
    } catch (IOException e) {
      counters.count("command_cannot_start");
      log.record(action, call, "cannot start " + argv + ": " + e.getMessage());
      return ActionResult.failed("command " + name + ": cannot start " + argv.get(0) + ": " + e.getMessage(), false);
    }
    OutputReader out = new OutputReader(p.getInputStream());
    out.start();
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        counters.count("command_timeout");
        log.record(action, call, argv + " killed after " + timeout + "; output: " + out.text());
        return ActionResult.failed("command " + name + " " + op + ": no exit within " + timeout, true);
      }
      out.join(1000);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return ActionResult.failed("command " + name + ": interrupted", true);
    }
    int exit = p.exitValue();
    String text = out.text();
    log.record(action, call, argv + " exit " + exit + (text.isEmpty() ? "" : "; output: " + text));
    if (exit != 0) {
      counters.count("command_failed");
      return ActionResult.failed("command " + name + " " + op + " exited " + exit + (text.isEmpty() ? "" : ": " + text),
          false);
    }
    return ActionResult.ok("command " + name + " " + op + " exited 0" + (text.isEmpty() ? "" : ": " + text));
  }

  /** The template with every {@code {param}} replaced by a safe value from the action. */
  static List<String> fill(List<String> template, Action action) {
    List<String> out = new ArrayList<>();
    for (String t : template) {
      Matcher m = PLACEHOLDER.matcher(t);
      StringBuilder b = new StringBuilder();
      while (m.find()) {
        String key = m.group(1);
        String v = switch (key) {
          case "target" -> action.target();
          case "site" -> action.site();
          case "action" -> action.id();
          default -> action.params().get(key);
        };
        if (v == null) {
          throw new IllegalArgumentException("the action has no parameter '" + key + "' for " + t);
        }
        if (!SAFE.matcher(v).matches()) {
          throw new IllegalArgumentException("parameter '" + key + "' = '" + v + "' is not a plain value");
        }
        m.appendReplacement(b, Matcher.quoteReplacement(v));
      }
      m.appendTail(b);
      out.add(b.toString());
    }
    return out;
  }

  /** Drains a process's output so it never blocks on a full pipe, keeping the first bytes. */
  private static final class OutputReader extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    OutputReader(InputStream in) {
      super("command-output");
      setDaemon(true);
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buf = new byte[4096];
      try (in) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          synchronized (kept) {
            int room = MAX_OUTPUT - kept.size();
            if (room > 0) {
              kept.write(buf, 0, Math.min(room, n));
            }
          }
        }
      } catch (IOException ignored) {
        // the process was killed: what was read is kept
      }
    }

    String text() {
      synchronized (kept) {
        return kept.toString(StandardCharsets.UTF_8).strip();
      }
    }
  }
}
