package logpipe;

import static logpipe.JsonBytes.skipWhitespace;
import static logpipe.JsonBytes.unescaped;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.spark.sql.api.java.UDF1;

/**
 * Whether a Kafka value's bytes are exactly one JSON value (RFC 8259) with nothing but JSON
 * whitespace (space, tab, line feed, carriage return) around it; null for a null value.
 *
 * <p>Spark's JSON parse (try_parse_json) stops after the first value and ignores what follows,
 * so {@code {"a": 1} junk }} parses as the object. The curate job refuses such a value ("not a
 * JSON object") by asking this check too. It judges the syntax only: what the values are is
 * the parse's business, and so is the text's encoding (bytes of 0x80 and above are taken as
 * they are inside strings, the job checks UTF-8 apart). Containers nested deeper than
 * {@link #MAX_DEPTH} are refused, as Spark's parser refuses them.
 *
 * <p>Stateless between calls, so one instance may serve any number of tasks and threads.
 */
public final class SingleJsonValue implements UDF1<byte[], Boolean> {
  private static final long serialVersionUID = 1L;
  /** The nesting depth Spark's JSON parser (Jackson's default constraints) allows. */
  static final int MAX_DEPTH = 1000;

  @Override
  public Boolean call(byte[] value) {
    if (value == null) return null;
    return isSingleValue(value);
  }

  static boolean isSingleValue(byte[] v) {
    // One entry per open container: true for an object, false for an array.
    boolean[] open = new boolean[MAX_DEPTH];
    int depth = 0;
    int i = skipWhitespace(v, 0);
    while (true) {
      // A value starts at v[i].
      if (i == v.length) return false;
      byte b = v[i];
      if (b == '{' || b == '[') {
        if (depth == MAX_DEPTH) return false;
        boolean object = b == '{';
        open[depth++] = object;
        i = skipWhitespace(v, i + 1);
        if (i < v.length && v[i] == (object ? '}' : ']')) {
          depth--;
          i++;
        } else if (object) {
          i = key(v, i);
          if (i < 0) return false;
          continue;
        } else {
          continue;
        }
      } else if (b == '"') {
        i = string(v, i + 1);
      } else if (b == '-' || (b >= '0' && b <= '9')) {
        i = number(v, i);
      } else {
        i = literal(v, i);
      }
      if (i < 0) return false;
      // After a value: the end of the text, or a comma or the end of its container.
      while (true) {
        i = skipWhitespace(v, i);
        if (depth == 0) return i == v.length;
        if (i == v.length) return false;
        boolean object = open[depth - 1];
        if (v[i] == ',') {
          i = skipWhitespace(v, i + 1);
          if (object) {
            i = key(v, i);
            if (i < 0) return false;
          }
          break;
        }
        if (v[i] != (object ? '}' : ']')) return false;
        depth--;
        i++;
      }
    }
  }

  /** A key and its colon at v[i]; the index of the value after them, or -1. */
  private static int key(byte[] v, int i) {
    if (i == v.length || v[i] != '"') return -1;
    i = string(v, i + 1);
    if (i < 0) return -1;
    i = skipWhitespace(v, i);
    if (i == v.length || v[i] != ':') return -1;
    return skipWhitespace(v, i + 1);
  }

  /** A string whose body starts at v[i]; the index after its closing quote, or -1. */
  private static int string(byte[] v, int i) {
    while (i < v.length) {
      byte b = v[i];
      if (b == '"') return i + 1;
      if (b == '\\') {
        if (i + 1 == v.length) return -1;
        if (v[i + 1] == 'u') {
          if (i + 6 > v.length) return -1;
          for (int k = i + 2; k < i + 6; k++) {
            if (!isHexDigit(v[k])) return -1;
          }
          i += 6;
        } else if (unescaped(v[i + 1]) >= 0) {
          i += 2;
        } else {
          return -1;
        }
      } else if (b >= 0 && b < 0x20) {
        return -1;
      } else {
        i++;
      }
    }
    return -1;
  }

  private static boolean isHexDigit(byte b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
  }

  /** A number at v[i]: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; the index after it, or -1. */
  private static int number(byte[] v, int i) {
    if (v[i] == '-') i++;
    if (i == v.length) return -1;
    if (v[i] == '0') {
      i++;
    } else if (v[i] >= '1' && v[i] <= '9') {
      i = digits(v, i);
    } else {
      return -1;
    }
    if (i < v.length && v[i] == '.') {
      int start = i + 1;
      i = digits(v, start);
      if (i == start) return -1;
    }
    if (i < v.length && (v[i] == 'e' || v[i] == 'E')) {
      i++;
      if (i < v.length && (v[i] == '+' || v[i] == '-')) i++;
      int start = i;
      i = digits(v, start);
      if (i == start) return -1;
    }
    return i;
  }

  private static int digits(byte[] v, int i) {
    while (i < v.length && v[i] >= '0' && v[i] <= '9') i++;
    return i;
  }

  private static final byte[][] LITERALS = {
    "true".getBytes(StandardCharsets.US_ASCII), "false".getBytes(StandardCharsets.US_ASCII), "null".getBytes(StandardCharsets.US_ASCII),
  };

  /** true, false or null at v[i]; the index after it, or -1. */
  private static int literal(byte[] v, int i) {
    for (byte[] word : LITERALS) {
      int end = i + word.length;
      if (end <= v.length && Arrays.equals(word, 0, word.length, v, i, end)) return end;
    }
    return -1;
  }
}
