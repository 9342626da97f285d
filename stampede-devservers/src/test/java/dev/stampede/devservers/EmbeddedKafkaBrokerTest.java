package dev.stampede.devservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @TempDir
    Path logDirectory;

    @Test
    void recordsAcknowledgedBeforeARestartAreReadAfterItOnTheSamePort() throws Exception {
        int port;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(logDirectory, 0);
                KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of("bootstrap.servers", broker.bootstrapServers(), "acks", "all"),
                        new StringSerializer(),
                        new StringSerializer())) {
            port = broker.port();
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("kept", "k" + i, "v" + i)).get();
            }
        }

        try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.start(logDirectory, port);
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                        Map.of("bootstrap.servers", restarted.bootstrapServers()),
                        new StringDeserializer(),
                        new StringDeserializer())) {
            assertThat(restarted.bootstrapServers()).endsWith(":" + port);
            List<TopicPartition> partitions = consumer.partitionsFor("kept").stream()
                    .map(partition -> new TopicPartition("kept", partition.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= 10;
            });
            assertThat(values).containsExactlyInAnyOrder("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
        }
    }
}
