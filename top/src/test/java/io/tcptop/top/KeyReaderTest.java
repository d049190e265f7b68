package io.tcptop.top;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the terminal sends becomes keys: xterm's sequences in both cursor modes, characters, Esc alone. */
class KeyReaderTest {

  static List<Key> read(String typed, int count) throws Exception {
    try (PipedTerminal term = new PipedTerminal(80, 24)) {
      term.terminal.enterRawMode();
      KeyReader reader = new KeyReader(term.terminal);
      term.type(typed);
      List<Key> keys = new ArrayList<>();
      while (keys.size() < count) {
        Key k = reader.next(2_000);
        assertNotNull(k, "only " + keys + " from " + typed);
        keys.add(k);
      }
      return keys;
    }
  }

  @Test
  void namedKeysInNormalAndApplicationCursorMode() throws Exception {
    assertEquals(Key.parse("<up><down><right><left><up><down><right><left>"),
        read("\033[A\033[B\033[C\033[D\033OA\033OB\033OC\033OD", 8));
    assertEquals(Key.parse("<page-up><page-down><home><end><home><end>"), read("\033[5~\033[6~\033[H\033[F\033[1~\033[4~", 6));
    assertEquals(Key.parse("<enter><backspace><ctrl-c><ctrl-l><ctrl-u>"), read("\r\177\003\014\025", 5));
  }

  @Test
  void charactersAreThemselvesAndEscAloneIsEsc() throws Exception {
    assertEquals(Key.parse("q/é<space>[]<lt><gt>"), read("q/é []<>", 8));
    assertEquals(List.of(Key.of(Key.Kind.ESCAPE)), read("\033", 1));
  }

  @Test
  void aSequenceNoBindingKnowsIsOneKeyThatDoesNothingNotItsCharacters() throws Exception {
    // F5, Insert, Ctrl+Right, F1 (SS3), then a key that means something: read as a whole each,
    // never as Esc, '[' (slower), '1', '5', '~'.
    List<Key> keys = read("\033[15~\033[2~\033[1;5C\033OPq", 5);
    assertEquals(List.of(Key.of(Key.Kind.OTHER), Key.of(Key.Kind.OTHER), Key.of(Key.Kind.OTHER), Key.of(Key.Kind.OTHER),
        Key.of('q')), keys);
    assertEquals(List.of(Key.of(Key.Kind.ESCAPE), Key.of('x')), read("\033x", 2), "Alt+x: Esc, then x");
  }

  @Test
  void nothingTypedIsNoKey() throws Exception {
    try (PipedTerminal term = new PipedTerminal(80, 24)) {
      term.terminal.enterRawMode();
      assertNull(new KeyReader(term.terminal).next(50));
    }
  }
}
