package io.tcptop.analyze.report;

import io.tcptop.view.Escapes;
import java.math.BigDecimal;
import java.util.List;

/** A small JSON writer for the page's data: objects, arrays, strings and numbers, in order. */
final class Json {
  private final StringBuilder sb = new StringBuilder(1 << 16);
  /** Whether the next value needs a comma before it, per nesting level. */
  private final java.util.ArrayDeque<boolean[]> levels = new java.util.ArrayDeque<>();

  Json() {
    levels.push(new boolean[1]);
  }

  private void comma() {
    boolean[] l = levels.peek();
    if (l[0]) {
      sb.append(',');
    }
    l[0] = true;
  }

  Json object() {
    comma();
    sb.append('{');
    levels.push(new boolean[1]);
    return this;
  }

  Json array() {
    comma();
    sb.append('[');
    levels.push(new boolean[1]);
    return this;
  }

  Json endObject() {
    levels.pop();
    sb.append('}');
    return this;
  }

  Json endArray() {
    levels.pop();
    sb.append(']');
    return this;
  }

  /** A member's name; its value follows. */
  Json key(String name) {
    comma();
    Escapes.json(sb, name);
    sb.append(':');
    levels.peek()[0] = false;
    return this;
  }

  Json string(String s) {
    comma();
    if (s == null) {
      sb.append("null");
    } else {
      Escapes.json(sb, s);
    }
    return this;
  }

  /** A number as the SQL returned it (no exponent), or null. */
  Json number(Number n) {
    comma();
    if (n == null || (n instanceof Double d && !Double.isFinite(d))) {
      sb.append("null");
    } else if (n instanceof Double d) {
      sb.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue())
          : BigDecimal.valueOf(d).toPlainString());
    } else {
      sb.append(n);
    }
    return this;
  }

  Json numbers(List<? extends Number> values) {
    array();
    for (Number v : values) {
      number(v);
    }
    return endArray();
  }

  Json strings(List<String> values) {
    array();
    for (String v : values) {
      string(v);
    }
    return endArray();
  }

  @Override
  public String toString() {
    return sb.toString();
  }
}
