package io.sextant.store.remotewrite;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a Prometheus {@code WriteRequest} (prompb, remote write 1.0). Field numbers:
 * WriteRequest.timeseries = 1 (metadata = 3, skipped); TimeSeries.labels = 1, samples = 2
 * (exemplars = 3 and histograms = 4, skipped); Label.name = 1, value = 2; Sample.value = 1
 * (double), timestamp = 2 (int64 milliseconds). Unknown fields are skipped, as protobuf requires.
 */
public final class WriteRequestDecoder {
  /** One series of the request: its labels (with {@code __name__}) and its samples. */
  public record TimeSeries(Map<String, String> labels, List<Point> samples) {}

  /** A sample: milliseconds since the Unix epoch and the value (NaN for a staleness marker). */
  public record Point(long timestampMs, double value) {}

  private WriteRequestDecoder() {}

  /** A field's tag: its number and wire type (WireFormat.makeTag is not public). */
  private static int tag(int field, int wireType) {
    return (field << 3) | wireType;
  }

  /** @throws IOException when the bytes are not a well-formed WriteRequest */
  public static List<TimeSeries> decode(byte[] protobuf) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(protobuf);
    List<TimeSeries> out = new ArrayList<>();
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return out;
      }
      if (tag == tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        int limit = in.pushLimit(in.readRawVarint32());
        out.add(timeSeries(in));
        in.popLimit(limit);
      } else if (!in.skipField(tag)) {
        return out;
      }
    }
  }

  private static TimeSeries timeSeries(CodedInputStream in) throws IOException {
    Map<String, String> labels = new LinkedHashMap<>();
    List<Point> samples = new ArrayList<>();
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return new TimeSeries(labels, samples);
      }
      if (tag == tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        int limit = in.pushLimit(in.readRawVarint32());
        label(in, labels);
        in.popLimit(limit);
      } else if (tag == tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        int limit = in.pushLimit(in.readRawVarint32());
        samples.add(sample(in));
        in.popLimit(limit);
      } else if (!in.skipField(tag)) {
        return new TimeSeries(labels, samples);
      }
    }
  }

  private static void label(CodedInputStream in, Map<String, String> labels) throws IOException {
    String name = "";
    String value = "";
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag) {
        case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> name = in.readStringRequireUtf8();
        case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> value = in.readStringRequireUtf8();
        default -> in.skipField(tag);
      }
    }
    labels.put(name, value);
  }

  private static Point sample(CodedInputStream in) throws IOException {
    double value = 0; // proto3 default when the field is absent
    long timestamp = 0;
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag) {
        case (1 << 3) | WireFormat.WIRETYPE_FIXED64 -> value = in.readDouble();
        case (2 << 3) | WireFormat.WIRETYPE_VARINT -> timestamp = in.readInt64();
        default -> in.skipField(tag);
      }
    }
    return new Point(timestamp, value);
  }
}
