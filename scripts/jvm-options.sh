# Sourced by ./tcptop and scripts/aot-train.sh: the options every tcptop JVM starts with.
# The build's AOT cache is used only by a JVM started with the options it was trained with
# (module and GC options must match), so the launcher and the training run both read them here.
TCPTOP_JVM_OPTIONS=(
  --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
  -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true
  -Djdk.console=java.base -XX:+UseSerialGC
  # tcptop formats every number and time with Locale.ROOT, so the JDK's built-in root locale
  # data serves; its default, CLDR, parses the tags of all its locales on the first date format
  # (Chronicle makes four as it starts): a fifth of a replay's start-up.
  -Djava.locale.providers=SPI
)
