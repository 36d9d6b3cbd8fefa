package io.cpimon.ingest;

import io.cpimon.db.MplRecord;
import java.util.List;

/**
 * One parsed page of {@code /MessageProcessingLogs}.
 * @param next the server's {@code __next} link (absolute or relative, as sent), null on the last page
 * @param count {@code __count} when {@code $inlinecount=allpages} was asked, else -1
 */
public record MplPage(List<MplRecord> rows, String next, long count) {}
