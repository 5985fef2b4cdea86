package logpipe;

import static logpipe.JsonBytes.skipWhitespace;
import static logpipe.JsonBytes.unescaped;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;

/**
 * The curate job's compiled check of clean events (spark/logpipe_spark/transform.py,
 * parse_records): given a Kafka value's bytes, the event's typed fields when the value is
 * clean, null otherwise.
 *
 * <p>A value is clean when it is at most 1 MiB and, with nothing but JSON whitespace around
 * it, one JSON object whose keys are contract fields, none twice, every required field among
 * them, and each value JSON null or of its field's JSON type:
 * <ul>
 *   <li>a string: no {@code \\u} escape, valid UTF-8 with no control character;
 *   <li>an integer: an optional minus and at most 18 digits, no leading zero, fraction or
 *       exponent (so it always fits a long).
 * </ul>
 *
 * <p>Clean is deliberately narrower than valid JSON: a value that is not clean is not
 * rejected here, it goes the general way (parsed as a VARIANT), which decides every case this
 * class leaves out (escapes, 2e2, keys beyond the contract, malformed text). So this class
 * may only ever say "clean" for a value the general way reads the same: spark/tests
 * (test_clean_event.py) parses adversarial values both ways and requires the same rows.
 * Rules on the values themselves (formats, ranges, enums) apply afterwards, to both.
 *
 * <p>Stateless between calls, so one instance may serve any number of tasks and threads.
 */
public final class CleanEvent implements UDF1<byte[], Row> {
  private static final long serialVersionUID = 1L;
  /** 18 digits always fit a long (9,223,372,036,854,775,807 has 19). */
  private static final int MAX_INTEGER_DIGITS = 18;
  /**
   * Larger values are left to the general way: a VARIANT has a size limit (16 MiB in Spark
   * 4.1), and what that parse refuses for its size this class must not accept.
   */
  static final int MAX_CLEAN_BYTES = 1 << 20;

  private final byte[][] names;
  private final boolean[] integer;
  private final boolean[] required;

  /**
   * @param fields the contract's fields in the order of the struct the UDF returns, each as
   *     {@code name:type:presence} with type {@code string} or {@code integer} and presence
   *     {@code required} or {@code optional}, separated by commas
   */
  public CleanEvent(String fields) {
    String[] specs = fields.split(",");
    names = new byte[specs.length][];
    integer = new boolean[specs.length];
    required = new boolean[specs.length];
    for (int f = 0; f < specs.length; f++) {
      String[] parts = specs[f].split(":");
      if (parts.length != 3
          || !(parts[1].equals("string") || parts[1].equals("integer"))
          || !(parts[2].equals("required") || parts[2].equals("optional"))) {
        throw new IllegalArgumentException(
            "field " + (f + 1) + " is '" + specs[f] + "', not name:string|integer:required|optional");
      }
      for (int g = 0; g < f; g++) {
        if (new String(names[g], StandardCharsets.UTF_8).equals(parts[0])) {
          throw new IllegalArgumentException("field '" + parts[0] + "' is given twice");
        }
      }
      names[f] = parts[0].getBytes(StandardCharsets.UTF_8);
      integer[f] = parts[1].equals("integer");
      required[f] = parts[2].equals("required");
    }
  }

  @Override
  public Row call(byte[] value) {
    if (value == null || value.length > MAX_CLEAN_BYTES) return null;
    Object[] fields = new Object[names.length];
    boolean[] seen = new boolean[names.length];
    int i = skipWhitespace(value, 0);
    if (i == value.length || value[i] != '{') return null;
    i = skipWhitespace(value, i + 1);
    if (i < value.length && value[i] == '}') {
      i++;
    } else {
      while (true) {
        // "key"
        if (i == value.length || value[i] != '"') return null;
        int keyStart = i + 1;
        int keyEnd = plainStringEnd(value, keyStart);
        if (keyEnd < 0) return null;
        int field = fieldNamed(value, keyStart, keyEnd);
        if (field < 0 || seen[field]) return null;
        seen[field] = true;
        // :
        i = skipWhitespace(value, keyEnd + 1);
        if (i == value.length || value[i] != ':') return null;
        i = skipWhitespace(value, i + 1);
        if (i == value.length) return null;
        // value
        byte first = value[i];
        if (first == 'n') {
          if (i + 4 > value.length || value[i + 1] != 'u' || value[i + 2] != 'l' || value[i + 3] != 'l') return null;
          i += 4;
        } else if (integer[field]) {
          i = integer(value, i, fields, field);
        } else if (first == '"') {
          i = string(value, i + 1, fields, field);
        } else {
          return null;
        }
        if (i < 0) return null;
        // , or }
        i = skipWhitespace(value, i);
        if (i == value.length) return null;
        if (value[i] == ',') {
          i = skipWhitespace(value, i + 1);
        } else if (value[i] == '}') {
          i++;
          break;
        } else {
          return null;
        }
      }
    }
    if (skipWhitespace(value, i) != value.length) return null;
    for (int f = 0; f < names.length; f++) {
      if (required[f] && !seen[f]) return null;
    }
    return RowFactory.create(fields);
  }

  /** Index of the closing quote of a key that is printable ASCII without escapes; -1 otherwise. */
  private static int plainStringEnd(byte[] v, int i) {
    for (; i < v.length; i++) {
      byte b = v[i];
      if (b == '"') return i;
      if (b == '\\' || b < 0x20) return -1; // also every byte >= 0x80 (negative)
    }
    return -1;
  }

  private int fieldNamed(byte[] v, int start, int end) {
    for (int f = 0; f < names.length; f++) {
      if (Arrays.equals(names[f], 0, names[f].length, v, start, end)) return f;
    }
    return -1;
  }

  /** Reads an integer at v[i] into fields[field]; the index after it, or -1 when not clean. */
  private static int integer(byte[] v, int i, Object[] fields, int field) {
    boolean negative = v[i] == '-';
    if (negative) i++;
    int start = i;
    long n = 0;
    while (i < v.length && v[i] >= '0' && v[i] <= '9') {
      if (i - start == MAX_INTEGER_DIGITS) return -1;
      n = n * 10 + (v[i] - '0');
      i++;
    }
    int digits = i - start;
    if (digits == 0 || (digits > 1 && v[start] == '0')) return -1;
    if (i < v.length && (v[i] == '.' || v[i] == 'e' || v[i] == 'E')) return -1;
    fields[field] = negative ? -n : n;
    return i;
  }

  /**
   * Reads a string whose body starts at v[i] into fields[field]; the index after its closing
   * quote, or -1 when not clean.
   */
  private static int string(byte[] v, int i, Object[] fields, int field) {
    int start = i;
    boolean escaped = false;
    while (i < v.length) {
      int b = v[i] & 0xff;
      if (b == '"') {
        fields[field] = escaped ? unescape(v, start, i) : new String(v, start, i - start, StandardCharsets.UTF_8);
        return i + 1;
      }
      if (b == '\\') {
        if (i + 1 == v.length || unescaped(v[i + 1]) < 0) return -1;
        escaped = true;
        i += 2;
      } else if (b < 0x20) {
        return -1;
      } else if (b < 0x80) {
        i++;
      } else {
        i = utf8Sequence(v, i);
        if (i < 0) return -1;
      }
    }
    return -1;
  }

  /** The text of v[start..end), already checked, with its escapes replaced. */
  private static String unescape(byte[] v, int start, int end) {
    byte[] out = new byte[end - start];
    int n = 0;
    for (int i = start; i < end; i++) {
      out[n++] = v[i] == '\\' ? (byte) unescaped(v[++i]) : v[i];
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  /**
   * The index after the UTF-8 sequence starting at v[i] (a byte >= 0x80), or -1 unless it is
   * the shortest encoding of a Unicode scalar value (no surrogates, nothing past U+10FFFF).
   */
  private static int utf8Sequence(byte[] v, int i) {
    int b = v[i] & 0xff;
    int continuation;
    int min;
    int codePoint;
    if ((b & 0xe0) == 0xc0) {
      continuation = 1; min = 0x80; codePoint = b & 0x1f;
    } else if ((b & 0xf0) == 0xe0) {
      continuation = 2; min = 0x800; codePoint = b & 0x0f;
    } else if ((b & 0xf8) == 0xf0) {
      continuation = 3; min = 0x10000; codePoint = b & 0x07;
    } else {
      return -1;
    }
    if (i + continuation >= v.length) return -1;
    for (int k = 1; k <= continuation; k++) {
      int c = v[i + k] & 0xff;
      if ((c & 0xc0) != 0x80) return -1;
      codePoint = (codePoint << 6) | (c & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return -1;
    return i + continuation + 1;
  }
}
