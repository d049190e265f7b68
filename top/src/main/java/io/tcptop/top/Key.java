package io.tcptop.top;

import java.util.ArrayList;
import java.util.List;

/**
 * A key as the screen model sees it: a character, or one of the named keys. The terminal's
 * escape sequences are turned into these by {@link KeyReader}; tests write them as text
 * ({@link #parse}).
 */
public record Key(Kind kind, char ch) {

  public enum Kind {
    CHAR, UP, DOWN, LEFT, RIGHT, PAGE_UP, PAGE_DOWN, HOME, END, ENTER, ESCAPE, BACKSPACE, TAB,
    CTRL_C, CTRL_L, CTRL_U, OTHER
  }

  public static Key of(char c) {
    return new Key(Kind.CHAR, c);
  }

  public static Key of(Kind kind) {
    return new Key(kind, '\0');
  }

  public boolean is(char c) {
    return kind == Kind.CHAR && ch == c;
  }

  /** How the key reads in a message: the character, or the key's name. */
  public String label() {
    return switch (kind) {
      case CHAR -> ch == ' ' ? "space" : Character.isISOControl(ch) ? String.format("^%c", (char) (ch + 64)) : "'" + ch + "'";
      case OTHER -> "that key";
      default -> kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    };
  }

  /**
   * Keys written as text, for tests: characters stand for themselves, {@code <name>} for a named
   * key ({@code <up>}, {@code <enter>}, {@code <esc>}, {@code <space>}, ...).
   */
  public static List<Key> parse(String keys) {
    List<Key> out = new ArrayList<>();
    for (int i = 0; i < keys.length(); i++) {
      char c = keys.charAt(i);
      int close = keys.indexOf('>', i);
      if (c == '<' && close > i + 1) {
        String name = keys.substring(i + 1, close).toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        Key k = switch (name) {
          case "SPACE" -> of(' ');
          case "ESC" -> of(Kind.ESCAPE);
          case "LT" -> of('<');
          case "GT" -> of('>');
          default -> {
            try {
              yield of(Kind.valueOf(name));
            } catch (IllegalArgumentException notANamedKey) {
              yield null;
            }
          }
        };
        if (k != null) {
          out.add(k);
          i = close;
          continue;
        }
      }
      out.add(of(c));
    }
    return out;
  }
}
