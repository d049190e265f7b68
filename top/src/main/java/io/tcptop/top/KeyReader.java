package io.tcptop.top;

import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * Turns what the terminal sends into {@link Key}s with JLine's key map: the terminal's own
 * sequences for the named keys (from its terminfo), plus the common xterm forms.
 */
final class KeyReader {
  /** What {@link #next} returns when the terminal's input has ended. */
  static final Key END_OF_INPUT = Key.of(Key.Kind.CTRL_C);
  /** How long the bytes of one escape sequence may lag each other (they come in one write). */
  private static final long SEQUENCE_GAP_MS = 20;

  private final Reader reader;
  private final KeyMap<Key.Kind> keys = new KeyMap<>();

  KeyReader(Terminal terminal) {
    reader = new Reader(terminal.reader());
    bind(terminal, Key.Kind.UP, Capability.key_up, "\033[A", "\033OA");
    bind(terminal, Key.Kind.DOWN, Capability.key_down, "\033[B", "\033OB");
    bind(terminal, Key.Kind.RIGHT, Capability.key_right, "\033[C", "\033OC");
    bind(terminal, Key.Kind.LEFT, Capability.key_left, "\033[D", "\033OD");
    bind(terminal, Key.Kind.PAGE_UP, Capability.key_ppage, "\033[5~");
    bind(terminal, Key.Kind.PAGE_DOWN, Capability.key_npage, "\033[6~");
    bind(terminal, Key.Kind.HOME, Capability.key_home, "\033[H", "\033OH", "\033[1~", "\033[7~");
    bind(terminal, Key.Kind.END, Capability.key_end, "\033[F", "\033OF", "\033[4~", "\033[8~");
    keys.bind(Key.Kind.ENTER, "\r", "\n");
    keys.bind(Key.Kind.ESCAPE, KeyMap.esc());
    keys.bind(Key.Kind.BACKSPACE, KeyMap.del(), KeyMap.ctrl('H'));
    keys.bind(Key.Kind.TAB, "\t");
    keys.bind(Key.Kind.CTRL_C, KeyMap.ctrl('C'));
    keys.bind(Key.Kind.CTRL_L, KeyMap.ctrl('L'));
    keys.bind(Key.Kind.CTRL_U, KeyMap.ctrl('U'));
    keys.setNomatch(Key.Kind.CHAR);
    keys.setUnicode(Key.Kind.CHAR);
    // Esc alone is a key here: do not wait long for the rest of a sequence.
    keys.setAmbiguousTimeout(50);
  }

  private void bind(Terminal terminal, Key.Kind kind, Capability cap, String... xterm) {
    String own = KeyMap.key(terminal, cap);
    if (own != null && !own.isEmpty()) {
      keys.bind(kind, own);
    }
    for (String s : xterm) {
      keys.bindIfNotBound(kind, s);
    }
  }

  /**
   * After an Esc: whether the rest of an escape sequence that no binding knows comes with it (F5
   * is {@code ESC [ 1 5 ~}, Ctrl+Right {@code ESC [ 1 ; 5 C}, F1 {@code ESC O P}); if so it is read
   * whole, so that it is one key that does nothing rather than Esc, '[' (slower), '1', '5', '~'.
   * The sequence arrives with its Esc; an Esc typed alone has nothing after it for a while. The
   * key map may have read part of it ahead already.
   */
  private boolean unknownSequenceFollows() {
    StringBuilder seq = new StringBuilder(reader.takeReadAhead());
    if (seq.isEmpty()) {
      int c = reader.peekCharacter(SEQUENCE_GAP_MS);
      if (c != '[' && c != 'O') {
        return false;
      }
      seq.appendCodePoint(reader.readCharacter());
    }
    char intro = seq.charAt(0);
    if (intro != '[' && intro != 'O') {
      reader.runMacro(seq.toString()); // not a sequence: Esc, then these keys
      return false;
    }
    // SS3 (ESC O) has one final character; CSI (ESC [) parameter and intermediate bytes
    // (0x20-0x3F), then a final byte (0x40-0x7E).
    for (int i = 1; i < 64; i++) {
      if (i == seq.length()) {
        int c = reader.peekCharacter(SEQUENCE_GAP_MS);
        if (c < 0x20 || c > 0x7e) {
          return true; // cut short: what came is swallowed
        }
        seq.appendCodePoint(reader.readCharacter());
      }
      char c = seq.charAt(i);
      if (intro == 'O' || c >= 0x40) {
        reader.runMacro(seq.substring(i + 1)); // what came after it is keys of their own
        return true;
      }
    }
    return true;
  }

  /** JLine's binding reader, which can hand over what it read ahead of the last binding. */
  private static final class Reader extends BindingReader {
    Reader(NonBlockingReader in) {
      super(in);
    }

    String takeReadAhead() {
      String s = opBuffer.toString();
      opBuffer.setLength(0);
      return s;
    }
  }

  /** The next key, or null when none came within {@code timeoutMs}. */
  Key next(long timeoutMs) {
    int c = reader.peekCharacter(Math.max(1, timeoutMs));
    if (c == NonBlockingReader.READ_EXPIRED) {
      return null;
    }
    if (c < 0) {
      return END_OF_INPUT;
    }
    Key.Kind kind = reader.readBinding(keys);
    if (kind == null) {
      return END_OF_INPUT;
    }
    String typed = reader.getLastBinding();
    if ("\033".equals(typed)) {
      // An Esc the key map could not bind with what followed it (Alt+x) is still Esc.
      return Key.of(unknownSequenceFollows() ? Key.Kind.OTHER : Key.Kind.ESCAPE);
    }
    if (kind != Key.Kind.CHAR) {
      return Key.of(kind);
    }
    char ch = typed == null || typed.isEmpty() ? '\0' : typed.charAt(0);
    return Character.isISOControl(ch) ? Key.of(Key.Kind.OTHER) : Key.of(ch);
  }
}
