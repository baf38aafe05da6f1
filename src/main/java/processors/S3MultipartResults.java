package processors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * A title file's results written to an S3 object as a multipart upload: the rows are buffered up to {@code partSize}
 * bytes and each full buffer is uploaded as a part, so memory holds one part whatever the file; the object appears only
 * when the upload is completed ({@link #finish}), after the last row. {@link #abandon} aborts the upload: no object, and
 * S3 drops its parts.
 */
final class S3MultipartResults implements TitleBatches.Results {

    /** S3's smallest part but the last. */
    static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final int partSize;
    private final List<CompletedPart> parts = new ArrayList<>();
    private String uploadId;
    private volatile boolean abandoned;
    private boolean completed;

    S3MultipartResults(S3Client s3, String bucket, String key, int partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.partSize = Math.max(partSize, MIN_PART_SIZE);
    }

    @Override
    public Writer writer() {
        uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType("text/csv; charset=utf-8"))
                .uploadId();
        return new OutputStreamWriter(new Parts(), StandardCharsets.UTF_8);
    }

    @Override
    public String finish() {
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));
        completed = true;
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public void abandon() {
        abandoned = true;
        // a failure after the results were completed (filing the input) leaves them: they are whole
        if (uploadId != null && !completed) {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        }
    }

    /** How many parts were uploaded so far. */
    int parts() {
        return parts.size();
    }

    private void upload(byte[] bytes, int length) {
        int number = parts.size() + 1;
        String eTag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                RequestBody.fromBytes(length == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, length))).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
    }

    /** The bytes of the rows: a part uploaded each time partSize of them are buffered, the rest when closed. */
    private final class Parts extends OutputStream {
        private final Buffer buffer = new Buffer(partSize);

        @Override
        public void write(int b) throws IOException {
            buffer.write(b);
            uploadIfFull();
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                int taken = Math.min(length, partSize - buffer.size());
                buffer.write(bytes, offset, taken);
                offset += taken;
                length -= taken;
                uploadIfFull();
            }
        }

        private void uploadIfFull() throws IOException {
            if (buffer.size() >= partSize) {
                flushPart();
            }
        }

        private void flushPart() throws IOException {
            if (abandoned) {
                buffer.reset();
                return;
            }
            try {
                upload(buffer.bytes(), buffer.size());
            } catch (RuntimeException e) {
                throw new IOException("cannot upload part " + (parts.size() + 1) + " of s3://" + bucket + "/" + key
                        + ": " + e.getMessage(), e);
            }
            buffer.reset();
        }

        @Override
        public void close() throws IOException {
            // the last part may be smaller than S3's minimum; an empty one only when nothing was written at all
            if (buffer.size() > 0 || parts.isEmpty()) {
                flushPart();
            }
        }
    }

    /** A byte buffer of fixed capacity whose array is read without a copy. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int capacity) {
            super(capacity);
        }

        byte[] bytes() {
            return buf;
        }
    }
}
