package io.tcptop.cli;

import io.tcptop.util.Durations;
import picocli.CommandLine.ITypeConverter;

/** Durations as people type them (500ms, 2s, 1.5m), converted to nanoseconds. */
public final class DurationConverter implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    return Durations.parseNanos(value);
  }
}
