# Sourced by ./tcptop and scripts/aot-train.sh: the options every tcptop JVM starts with.
# The build's AOT cache is used only by a JVM started with the options it was trained with
# (module and GC options must match), so the launcher and the training run both read them here.
TCPTOP_JVM_OPTIONS=(
  --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
  -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true
  -Djdk.console=java.base -XX:+UseSerialGC
)
