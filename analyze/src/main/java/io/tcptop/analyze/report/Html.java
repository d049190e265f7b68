package io.tcptop.analyze.report;

/** Escaping for text from a recording (titles, process names, hosts, addresses) in the page. */
final class Html {
  private Html() {}

  /** Text as HTML character data or a quoted attribute value: shown as itself, never as markup. */
  static String text(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * JSON inside a script element: "<" as \u003c so no string can close the element or open a
   * comment, and the two line separators JavaScript once refused inside string literals.
   */
  static String scriptJson(String json) {
    return json.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
  }
}
