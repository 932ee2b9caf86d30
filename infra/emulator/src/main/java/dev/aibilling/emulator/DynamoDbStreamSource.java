package dev.aibilling.emulator;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What Lambda's DynamoDB stream event source does, against the emulator's stream: reads
 * the table's new records (from the moment this source was created) and hands them to the
 * handler as the DynamodbEvent Lambda would, in order, a batch per shard read.
 */
public final class DynamoDbStreamSource {
    private final DynamoDbStreamsClient streams;
    private final Consumer<DynamodbEvent> handler;
    private final Map<String, String> iterators = new LinkedHashMap<>();
    private final String streamArn;

    public DynamoDbStreamSource(DynamoDbStreamsClient streams, String streamArn, Consumer<DynamodbEvent> handler) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.handler = handler;
        streams.describeStream(d -> d.streamArn(streamArn)).streamDescription().shards().forEach(shard ->
                iterators.put(shard.shardId(), streams.getShardIterator(i -> i.streamArn(streamArn)
                        .shardId(shard.shardId()).shardIteratorType(ShardIteratorType.LATEST)).shardIterator()));
    }

    /** Reads every shard once and invokes the handler with what was new; returns the records handed over. */
    public synchronized int pollOnce() {
        int total = 0;
        for (Map.Entry<String, String> shard : iterators.entrySet()) {
            var response = streams.getRecords(g -> g.shardIterator(shard.getValue()));
            shard.setValue(response.nextShardIterator());
            if (!response.records().isEmpty()) {
                DynamodbEvent event = new DynamodbEvent();
                event.setRecords(response.records().stream().map(this::record).toList());
                handler.accept(event);
                total += response.records().size();
            }
        }
        return total;
    }

    private DynamodbEvent.DynamodbStreamRecord record(Record record) {
        StreamRecord stream = new StreamRecord();
        stream.setKeys(convert(record.dynamodb().keys()));
        stream.setNewImage(record.dynamodb().hasNewImage() ? convert(record.dynamodb().newImage()) : null);
        stream.setOldImage(record.dynamodb().hasOldImage() ? convert(record.dynamodb().oldImage()) : null);
        stream.setSequenceNumber(record.dynamodb().sequenceNumber());
        stream.setStreamViewType(record.dynamodb().streamViewTypeAsString() == null ? null
                : com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.fromValue(
                        record.dynamodb().streamViewTypeAsString()));
        DynamodbEvent.DynamodbStreamRecord lambda = new DynamodbEvent.DynamodbStreamRecord();
        lambda.setEventID(record.eventID());
        lambda.setEventName(record.eventNameAsString());
        lambda.setEventSource("aws:dynamodb");
        lambda.setEventSourceARN(streamArn);
        lambda.setAwsRegion(AwsEmulator.REGION);
        lambda.setDynamodb(stream);
        return lambda;
    }

    private static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> convert(
            Map<String, AttributeValue> image) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> converted =
                new HashMap<>();
        image.forEach((name, value) -> converted.put(name, convert(value)));
        return converted;
    }

    private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue convert(
            AttributeValue value) {
        var converted = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        if (value.s() != null) {
            converted.setS(value.s());
        } else if (value.n() != null) {
            converted.setN(value.n());
        } else if (value.bool() != null) {
            converted.setBOOL(value.bool());
        } else if (Boolean.TRUE.equals(value.nul())) {
            converted.setNULL(true);
        } else if (value.hasSs()) {
            converted.setSS(value.ss());
        } else if (value.hasNs()) {
            converted.setNS(value.ns());
        } else if (value.hasM()) {
            converted.setM(convert(value.m()));
        } else if (value.hasL()) {
            List<com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> list = new ArrayList<>();
            value.l().forEach(item -> list.add(convert(item)));
            converted.setL(list);
        }
        return converted;
    }
}
