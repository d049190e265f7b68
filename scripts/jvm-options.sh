# Sourced by ./tcptop and scripts/aot-train.sh: the options every tcptop JVM starts with, and the
# class it starts (the jar is on the class path: TCPTOP_MAIN below).
# The build's AOT cache is used only by a JVM started with the options it was trained with
# (module and GC options must match), so the launcher and the training run both read them here.
TCPTOP_JVM_OPTIONS=(
  --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
  # What Chronicle Queue reaches into, as the jar's manifest says too (Add-Exports, Add-Opens, for
  # 'java -jar'): the launcher starts the main class from the class path instead, which spares the
  # JVM reading the jar's 12,000-entry index a second time and applying the manifest's lists in
  # Java; given here, they are part of the module graph the AOT cache holds ready.
  --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-exports=java.base/jdk.internal.util=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true
  -Djdk.console=java.base -XX:+UseSerialGC
  # tcptop formats every number and time with Locale.ROOT, so the JDK's built-in root locale
  # data serves; its default, CLDR, parses the tags of all its locales on the first date format
  # (Chronicle makes four as it starts): a fifth of a replay's start-up.
  -Djava.locale.providers=SPI
)
TCPTOP_MAIN=io.tcptop.cli.Tcptop
