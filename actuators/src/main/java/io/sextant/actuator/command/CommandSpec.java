package io.sextant.actuator.command;

import java.util.List;
import java.util.Objects;

/**
 * One allow-listed command, {@code actuators.commands.allow.<name>}: the program and its
 * arguments, where {@code {param}} stands for an action parameter ({@code {target}} for the
 * target, {@code {site}} for the site); and optionally the command that undoes it.
 */
public record CommandSpec(String name, List<String> run, List<String> undo) {
  public CommandSpec {
    Objects.requireNonNull(name, "name");
    if (run == null || run.isEmpty()) {
      throw new IllegalArgumentException("run: the program and its arguments are required");
    }
    run = List.copyOf(run);
    undo = undo == null ? List.of() : List.copyOf(undo);
  }
}
