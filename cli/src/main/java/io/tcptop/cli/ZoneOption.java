package io.tcptop.cli;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --tz}: the time zone that printed times and bare times of day are in. UTC by default,
 * so that output does not depend on the machine it is made on.
 */
public final class ZoneOption {

  @Option(names = "--tz", paramLabel = "local|UTC|ZONE", defaultValue = "UTC", converter = Converter.class,
      description = "Time zone of the times printed and of times of day given: local (this machine's), "
          + "UTC, a region such as Europe/Berlin, or an offset such as +01:00. Default: ${DEFAULT-VALUE}.")
  ZoneId zone = ZoneOffset.UTC;

  /** This option as the annotation above declares it, built by hand ({@link PlainSpec}). */
  public static CommandSpec plainSpec(ZoneOption z) {
    CommandSpec s = PlainSpec.mixin();
    s.addOption(PlainSpec.option(OptionSpec.builder("--tz").paramLabel("local|UTC|ZONE").defaultValue("UTC")
        .type(ZoneId.class).converters(new Converter())
        .description("Time zone of the times printed and of times of day given: local (this machine's), "
            + "UTC, a region such as Europe/Berlin, or an offset such as +01:00. Default: ${DEFAULT-VALUE}."),
        PlainSpec.bind(() -> z.zone, v -> z.zone = v)));
    return s;
  }

  public ZoneId zone() {
    return zone;
  }

  static final class Converter implements ITypeConverter<ZoneId> {
    @Override
    public ZoneId convert(String value) {
      String v = value.strip();
      if (v.equalsIgnoreCase("local")) {
        return ZoneId.systemDefault();
      }
      if (v.equalsIgnoreCase("utc") || v.equalsIgnoreCase("z")) {
        return ZoneOffset.UTC;
      }
      try {
        return ZoneId.of(v);
      } catch (DateTimeException e) {
        throw new TypeConversionException("unknown time zone '" + value
            + "': use local, UTC, a region such as Europe/Berlin, or an offset such as +01:00");
      }
    }
  }
}
