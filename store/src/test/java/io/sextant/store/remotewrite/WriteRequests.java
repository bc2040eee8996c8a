package io.sextant.store.remotewrite;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

/** Remote-write 1.0 {@code WriteRequest} bodies encoded field by field, as Prometheus encodes them (before snappy). */
public final class WriteRequests {
  private WriteRequests() {}

  public static byte[] writeRequest(byte[]... series) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    for (byte[] s : series) {
      out.writeByteArray(1, s);
    }
    out.flush();
    return bytes.toByteArray();
  }

  public static byte[] series(Map<String, String> labels, long[] times, double[] values) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    for (Map.Entry<String, String> l : new java.util.TreeMap<>(labels).entrySet()) {
      ByteArrayOutputStream lb = new ByteArrayOutputStream();
      CodedOutputStream lo = CodedOutputStream.newInstance(lb);
      lo.writeString(1, l.getKey());
      lo.writeString(2, l.getValue());
      lo.flush();
      out.writeBytes(1, ByteString.copyFrom(lb.toByteArray()));
    }
    for (int i = 0; i < times.length; i++) {
      ByteArrayOutputStream sb = new ByteArrayOutputStream();
      CodedOutputStream so = CodedOutputStream.newInstance(sb);
      so.writeDouble(1, values[i]);
      so.writeInt64(2, times[i]);
      so.flush();
      out.writeBytes(2, ByteString.copyFrom(sb.toByteArray()));
    }
    out.flush();
    return bytes.toByteArray();
  }
}
