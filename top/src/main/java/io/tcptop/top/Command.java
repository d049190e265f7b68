package io.tcptop.top;

/**
 * What a key asks of the world outside the screen: quit, or move through a recording. The screen
 * model handles everything else itself (sort, filter, selection, panels).
 *
 * @param text what the user typed, for {@link Kind#GO_TO}
 */
public record Command(Kind kind, String text) {

  public enum Kind { NONE, QUIT, REDRAW, PLAY_PAUSE, STEP_BACK, STEP_FORWARD, SLOWER, FASTER, GO_TO, FIRST, LAST }

  public static final Command NONE = new Command(Kind.NONE, null);

  public static Command of(Kind kind) {
    return new Command(kind, null);
  }

  public static Command goTo(String text) {
    return new Command(Kind.GO_TO, text);
  }
}
