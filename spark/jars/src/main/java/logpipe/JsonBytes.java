package logpipe;

/** JSON's lexical rules (RFC 8259) over bytes, as the checks of this package read them. */
final class JsonBytes {
  private JsonBytes() {}

  /** The index of the first byte at or after i that is not JSON whitespace (space, tab, LF, CR). */
  static int skipWhitespace(byte[] v, int i) {
    while (i < v.length && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r')) i++;
    return i;
  }

  /**
   * The character the two-character escape (a backslash and e) stands for; -1 for the six-character
   * escape of a code unit (a backslash, u and four hex digits) and for anything that is no escape.
   */
  static int unescaped(byte e) {
    switch (e) {
      case '"': return '"';
      case '\\': return '\\';
      case '/': return '/';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      default: return -1;
    }
  }
}
