package io.dingrelay.dispatcher.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where a record came from, for log lines: topic, partition, offset and key, never the value. */
final class RecordDescription {

    private RecordDescription() {
    }

    static String of(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset() + " key=" + record.key();
    }
}
