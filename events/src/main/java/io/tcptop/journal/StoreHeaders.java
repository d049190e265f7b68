package io.tcptop.journal;

import io.tcptop.error.Messages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.pool.ClassLookup;
import net.openhft.chronicle.core.util.ClassNotFoundRuntimeException;
import net.openhft.chronicle.wire.BinaryWire;
import net.openhft.chronicle.wire.BinaryWireCode;
import net.openhft.chronicle.wire.Wire;

/**
 * Checks the store files of a journal before Chronicle Queue reads them. Chronicle trusts what it
 * reads: it resolves and initialises any class named in a store header (a journal copied from
 * another host is untrusted input), waits seconds on a header it cannot parse before blaming a
 * lock, follows symbolic links and blocks forever opening a FIFO. So every {@code .cq4} and
 * {@code metadata.cq4t} must be a regular file (not through a link) whose first document is a
 * complete header naming only the types Chronicle writes there. The header is parsed by
 * Chronicle's own binary parser with a class lookup that records names and resolves none, so
 * checking loads nothing.
 */
final class StoreHeaders {
  private StoreHeaders() {}

  static {
    Chronicle.ready();
  }

  private static final Set<String> CYCLE_TYPES = Set.of("SCQStore", "SCQSIndexing");
  private static final Set<String> TABLE_TYPES = Set.of("STStore", "WireType", "SCQMeta", "SCQSRoll");
  /** A cycle file's header is a few hundred bytes; a table is 128 KiB, its entries in the first page. */
  private static final int CYCLE_READ_LIMIT = 16 * 1024;
  private static final int TABLE_READ_LIMIT = 128 * 1024;
  /** Chronicle maps a table a page at a time and waits for a shorter one to grow. */
  private static final int MIN_TABLE_BYTES = 4096;
  private static final int NOT_COMPLETE = 0x80000000;
  private static final int META_DATA = 0x40000000;
  private static final int LENGTH_MASK = 0x3FFFFFFF;

  /** Why {@code file} cannot be handed to Chronicle, or null when it can. */
  static String problem(Path file) {
    boolean table = file.getFileName().toString().equals(JournalFiles.TABLE);
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException gone) {
      // A rolling recorder deleted its oldest cycle since the directory was listed: nothing of it
      // will be handed to Chronicle, which lists the cycles again itself.
      return null;
    } catch (IOException e) {
      return "cannot be read (" + Messages.firstLine(e) + ")";
    }
    if (attrs.isSymbolicLink()) {
      return "is a symbolic link (tcptop reads no journal file through a link)";
    }
    if (!attrs.isRegularFile()) {
      return attrs.isDirectory() ? "is a directory, not a file" : "is not a regular file (a FIFO or device?)";
    }
    ByteBuffer head;
    try {
      head = readHead(file, table ? TABLE_READ_LIMIT : CYCLE_READ_LIMIT);
    } catch (java.nio.file.NoSuchFileException gone) {
      return null; // deleted between the two calls, as above
    } catch (IOException e) {
      return "cannot be read (" + Messages.firstLine(e) + ")";
    }
    if (head.limit() < 8) {
      return head.limit() == 0 ? "is empty" : "is cut short (" + head.limit() + " bytes, shorter than its header)";
    }
    if (table && head.limit() < MIN_TABLE_BYTES) {
      // Chronicle would wait a second for it to grow, then read without it.
      return "is cut short (" + head.limit() + " bytes; Chronicle Queue writes its table as 128 KiB)";
    }
    String header = checkHeader(head, table);
    if (header != null || !table) {
      return header; // the rest of a cycle file is index arrays and batches, read later
    }
    return checkTableEntries(head);
  }

  private static String checkHeader(ByteBuffer head, boolean table) {
    int word = head.getInt(0);
    if ((word & NOT_COMPLETE) != 0 || word == 0) {
      return "has no complete header (its first word is 0x" + Integer.toHexString(word)
          + "): it was never finished or is damaged";
    }
    if ((word & META_DATA) == 0) {
      return "does not start with a store header (its first word is 0x" + Integer.toHexString(word) + ")";
    }
    int length = word & LENGTH_MASK;
    if (4L + length > head.limit()) {
      return "has a damaged header (it claims " + length + " bytes, more than the file or any header holds)";
    }
    List<String> types = new ArrayList<>();
    boolean parsed = false;
    try {
      parse(head, 4, length, types);
      parsed = true;
    } catch (RuntimeException | Error e) {
      // a type name met before the parser failed says more than the failure does
    }
    String first = table ? "STStore" : "SCQStore";
    String wrong = unexpectedType(types, table ? TABLE_TYPES : CYCLE_TYPES, "header");
    if (wrong != null) {
      return wrong;
    }
    if (!parsed) {
      return "has a damaged header that cannot be parsed";
    }
    if (!startsAsHeaderOf(head, 4, length, first, types)) {
      return "does not start with a Chronicle Queue " + (table ? "table" : "cycle") + " header (header: !" + first + ")";
    }
    return null;
  }

  /**
   * Whether the document, already parsed whole, begins {@code header: !TYPE}: its first name is
   * "header" and the value under it starts with a type prefix, the first type the parse met.
   */
  private static boolean startsAsHeaderOf(ByteBuffer head, int offset, int length, String type, List<String> types) {
    if (types.isEmpty() || !types.getFirst().equals(type)) {
      return false;
    }
    Wire in = document(head, offset, length);
    StringBuilder name = new StringBuilder();
    in.readEventName(name);
    return "header".contentEquals(name) && in.bytes().readRemaining() > 0
        && in.bytes().peekUnsignedByte() == BinaryWireCode.TYPE_PREFIX;
  }

  /** The table's entries (key: number) follow its header; Chronicle parses them on every open. */
  private static String checkTableEntries(ByteBuffer head) {
    int position = 4 + (head.getInt(0) & LENGTH_MASK);
    while (position + 4 <= head.limit()) {
      int word = head.getInt(position);
      if (word == 0 || (word & NOT_COMPLETE) != 0) {
        return null; // the end of what was written, or an entry a live writer is adding
      }
      int length = word & LENGTH_MASK;
      if (position + 4L + length > head.limit()) {
        return "has a damaged entry at byte " + position + " (it claims " + length + " bytes)";
      }
      List<String> types = new ArrayList<>();
      try {
        parse(head, position + 4, length, types);
      } catch (RuntimeException | Error e) {
        return "has a damaged entry at byte " + position + " that cannot be parsed";
      }
      String wrong = unexpectedType(types, Set.of(), "entry at byte " + position);
      if (wrong != null) {
        return wrong;
      }
      position += 4 + length;
    }
    return null;
  }

  private static String unexpectedType(List<String> types, Set<String> allowed, String where) {
    for (String t : types) {
      if (!allowed.contains(t)) {
        return "names the type '" + printable(t) + "' in its " + where + ", where Chronicle Queue writes no such type"
            + " (a crafted or damaged journal; tcptop loaded nothing from it)";
      }
    }
    return null;
  }

  private static ByteBuffer readHead(Path file, int limit) throws IOException {
    // NOFOLLOW_LINKS: a link planted between the check above and this open is refused too.
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(limit, Math.max(0, ch.size())))
          .order(ByteOrder.LITTLE_ENDIAN);
      while (buf.hasRemaining() && ch.read(buf) > 0) {
        // read up to the limit
      }
      return buf.flip();
    }
  }

  /**
   * Parses the whole document, adding every type name it holds to {@code types}; throws if it
   * cannot be parsed. Parsing is copying it into a scratch wire: a binary one, as Chronicle's text
   * wire would be initialised for this alone (~30 classes; nothing else a reader does needs it).
   */
  private static void parse(ByteBuffer head, int offset, int length, List<String> types) {
    BinaryWire in = document(head, offset, length);
    in.classLookup(new NamesOnly(types));
    in.copyTo(new ParsedCopy());
  }

  /**
   * The scratch wire. BinaryWire.copyTo hands the bytes over unparsed to a wire of its own class,
   * so the copy goes to a wire of another: this subclass, which changes nothing else.
   */
  private static final class ParsedCopy extends BinaryWire {
    ParsedCopy() {
      super(Bytes.allocateElasticOnHeap(256));
    }
  }

  /** The document in Chronicle's binary wire, as Chronicle reads store headers. */
  private static BinaryWire document(ByteBuffer head, int offset, int length) {
    byte[] doc = new byte[length];
    head.get(offset, doc);
    return BinaryWire.binaryOnly(Bytes.wrapForRead(doc));
  }

  private static String printable(String s) {
    String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return t.replaceAll("[^\\x20-\\x7e]", "?");
  }

  /**
   * Records every class name the parser asks for and resolves none: the parser then copies the
   * structure as it is, without loading, initialising or instantiating anything.
   */
  private record NamesOnly(List<String> names) implements ClassLookup {
    @Override
    public Class<?> forName(CharSequence name) {
      names.add(name.toString());
      throw new ClassNotFoundRuntimeException(new ClassNotFoundException(name + " (not resolved while checking)"));
    }

    @Override
    public String nameFor(Class<?> clazz) {
      return clazz.getName();
    }

    @Override
    public void addAlias(Class<?>... classes) {
      throw new UnsupportedOperationException("checking resolves no names");
    }

    @Override
    public void addAlias(Class<?> clazz, String names) {
      throw new UnsupportedOperationException("checking resolves no names");
    }
  }
}
