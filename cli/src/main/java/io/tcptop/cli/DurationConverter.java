package io.tcptop.cli;

import io.tcptop.error.UsageException;
import io.tcptop.util.Durations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as people type them (500ms, 2s, 1.5m), converted to nanoseconds; always positive. */
public final class DurationConverter implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    try {
      return Durations.parseNanos(value);
    } catch (UsageException e) {
      // picocli shows a TypeConversionException's message as is; anything else with its class name.
      throw new TypeConversionException(e.getMessage());
    }
  }
}
